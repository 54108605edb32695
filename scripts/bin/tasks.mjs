#!/usr/bin/env node
// The `tasks` bin. Node cannot run TypeScript by itself before 22: the CLI runs from a compiled
// build of scripts/tasks.ts (scripts/build/compiled.mjs: made on the first run, remade whenever a
// source changes), and so does the project's graph module, through the hook set below, which
// modules/cli/load-graph.ts calls. Without a build (no esbuild, a build error, an unwritable
// cache, TASKS_BUILD_CACHE=off) the sources run through tsx's loader, as before; --debug says why.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PACKAGE_ROOT, compiled, fromSource, importBuild } from '../build/compiled.mjs'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`tasks needs Node.js 20.19 or newer; this is ${process.version}.\n`)
  process.exit(2)
}
// Clusters run side by side and each stage writes a log and a record: give libuv's file-system
// pool more than its default 4 threads (it starts lazily, so this is early enough).
process.env.UV_THREADPOOL_SIZE ??= '16'

const ENTRY = join(PACKAGE_ROOT, 'scripts', 'tasks.ts')
// Bundled into the CLI's build rather than loaded file by file from node_modules (only modules/
// import it, so a graph module shares this copy through them).
const INLINE = ['yaml']
const debug = (message) => void (process.argv.includes('--debug') && process.stderr.write(`tasks: ${message}\n`))

/** The entry point and every module's mod.ts: a graph module imports those from this build. */
function cliEntries() {
  const modules = join(PACKAGE_ROOT, 'modules')
  const mods = readdirSync(modules).sort().map((name) => join(modules, name, 'mod.ts')).filter((f) => existsSync(f))
  return [ENTRY, ...mods]
}

/** The graph module compiled against the CLI's build (one copy of modules/), or its source. */
function graphHook(cli) {
  return async (file) => {
    const key = `graph-${basename(file).replace(/\W/g, '_')}-${createHash('sha256').update(file).digest('hex').slice(0, 12)}`
    const graph = await compiled({ key, entries: [file], outbase: dirname(file), shared: cli.urls() })
    if (graph.ok) return graph.build.url(file)
    debug(`running ${file} from source: ${graph.reason}`)
    await fromSource()
    return pathToFileURL(file).href
  }
}

const cli = process.env.TASKS_BUILD_CACHE === 'off' ? { ok: false, reason: 'TASKS_BUILD_CACHE=off' } : await compiled({ key: 'cli', entries: cliEntries(), inline: INLINE })
const HOOK = Symbol.for('tasks.compile-graph')
if (cli.ok) {
  // Locations in diagnostics are mapped to the sources when shown (modules/diag/source-map.ts);
  // whole stack traces only with --debug, as Node's own mapping parses every map at start-up.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true)
  globalThis[HOOK] = graphHook(cli.build)
}
if (!cli.ok || !(await importBuild(cli.build, ENTRY))) {
  debug(`running from source: ${cli.ok ? 'its build could not be loaded (it is made again on the next run)' : cli.reason}`)
  delete globalThis[HOOK]
  await fromSource()
  await import('../tasks.ts')
}

// Building one key of the compiled-entry cache (compiled.mjs decides when): esbuild bundles the
// entries as ESM for Node, splitting shared code and dynamic import()s into chunks so lazy imports
// stay lazy; packages stay in node_modules. The outputs are written to a temporary directory, which
// is renamed to a name derived from its contents, and only then is the manifest replaced (also
// through a rename): a reader never sees a half-written build.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FORMAT } from './compiled.mjs'
import { sourcePlugin } from './plugin.mjs'

/** Build directories stop being current when a rebuild replaces them; they are removed this much later. */
const RETIRE_MS = 60 * 60 * 1000

/** Defines `require` in an ES module, for the CommonJS code bundled into it. */
const REQUIRE_BANNER = "import{createRequire as __tasksCreateRequire}from'node:module';const require=__tasksCreateRequire(import.meta.url);"

/** The code of the cache itself: a change to it makes every build stale. */
const OWN_FILES = ['compiled.mjs', 'build.mjs', 'plugin.mjs'].map((f) => fileURLToPath(new URL(f, import.meta.url)))

/**
 * Builds `o.entries` into `<o.cache>/<o.key>/` and returns the new manifest.
 * @param {import('./compiled.mjs').CompileOptions & { outbase: string, shared: Record<string, string>, cache: string }} o
 * @param {import('./compiled.mjs').Manifest | undefined} previous the stale manifest, if any
 */
export async function build(o, previous) {
  const esbuild = await (o.esbuild ?? (() => import('esbuild')))()
  const keyDir = join(o.cache, o.key)
  mkdirSync(keyDir, { recursive: true })
  /** Files as esbuild read them: [size, mtimeMs] taken before the read, so a later edit is seen. */
  const inputs = new Map()
  // Outputs are computed for a directory beside the final one, so source map paths stay right.
  const outdir = join(keyDir, 'out')
  const options = {
    entryPoints: o.entries,
    absWorkingDir: o.outbase,
    outbase: o.outbase,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Smaller outputs load faster (Node scans every mapped module's text); names are kept.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [sourcePlugin({ keyDir, shared: o.shared, inline: o.inline, inputs })],
  }
  // Inlined CommonJS packages require() Node's builtins through esbuild's __require shim, which
  // looks for a `require` an ES module lacks: the banner gives every output one. The shim's free
  // `require` makes esbuild rename any top-level `require` of the sources, so the two never clash;
  // a build without the shim (no CommonJS inlined) is made again without the banner.
  let result = await esbuild.build(o.inline.length ? { ...options, banner: { js: REQUIRE_BANNER } } : options)
  if (o.inline.length && !result.outputFiles.some((f) => f.text.includes('__require'))) result = await esbuild.build(options)
  for (const file of [...Object.keys(result.metafile.inputs).map((p) => resolve(o.outbase, p)), ...OWN_FILES, ...esbuildPackage()]) {
    if (inputs.has(file)) continue
    const s = statSync(file)
    inputs.set(file, [s.size, s.mtimeMs])
  }
  const files = result.outputFiles.map((f) => ({ rel: relative(outdir, f.path), contents: f.contents })).sort((a, b) => (a.rel < b.rel ? -1 : 1))
  const hash = createHash('sha256')
  for (const f of files) hash.update(`${f.rel}\0${f.contents.length}\0`).update(f.contents)
  const id = hash.digest('hex').slice(0, 16)
  publish(keyDir, id, files, o.afterWrite)

  const outputs = {}
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint !== undefined) outputs[resolve(o.outbase, meta.entryPoint)] = relative(outdir, resolve(o.outbase, out))
  }
  const now = Date.now()
  const retired = collect(keyDir, retire(keyDir, id, previous, now), now)
  /** @type {import('./compiled.mjs').Manifest} */
  const manifest = {
    format: FORMAT,
    key: o.key,
    entries: o.entries,
    shared: o.shared,
    inline: o.inline,
    builds: (previous?.builds ?? readBuilds(keyDir)) + 1,
    built: now,
    dir: id,
    outputs,
    files: Object.fromEntries(files.map((f) => [f.rel, f.contents.length])),
    inputs: Object.fromEntries([...inputs].sort(([a], [b]) => (a < b ? -1 : 1))),
    retired,
  }
  writeAtomically(join(keyDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`)
  pruneKeys(o.cache, o.key)
  return manifest
}

/**
 * Writes the outputs to a temporary directory, then renames it to `<keyDir>/<id>`. A directory of
 * that name is the same build (its name is its contents' digest) unless files went missing from it.
 */
function publish(keyDir, id, files, afterWrite) {
  const final = join(keyDir, id)
  const complete = () => files.every((f) => statSync(join(final, f.rel), { throwIfNoEntry: false })?.size === f.contents.length)
  if (statSync(final, { throwIfNoEntry: false }) && complete()) return
  const tmp = join(keyDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  for (const f of files) {
    mkdirSync(dirname(join(tmp, f.rel)), { recursive: true })
    writeFileSync(join(tmp, f.rel), f.contents)
  }
  afterWrite?.(tmp)
  try {
    renameSync(tmp, final)
  } catch (error) {
    if (complete()) {
      // Another process published the same contents first: theirs is as good as ours.
      rmSync(tmp, { recursive: true, force: true })
      return
    }
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
    // A damaged copy: moved aside (removed by a later build), then replaced.
    renameSync(final, `${tmp}-damaged`)
    renameSync(tmp, final)
  }
}

function writeAtomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}

/** The build counter of an unreadable or outdated manifest, so it keeps counting. */
function readBuilds(keyDir) {
  try {
    const n = JSON.parse(readFileSync(join(keyDir, 'manifest.json'), 'utf8')).builds
    return Number.isInteger(n) ? n : 0
  } catch {
    return 0
  }
}

/** Every build directory but the current one, with when it stopped being current. */
function retire(keyDir, current, previous, now) {
  const retired = {}
  for (const name of readdirSync(keyDir)) {
    if (name === current || name === 'manifest.json' || name === 'out' || name.startsWith('.tmp-') || name.startsWith('manifest.json.tmp-')) continue
    retired[name] = previous?.retired?.[name] ?? now
  }
  return retired
}

/**
 * Removes build directories retired more than an hour ago (a process that started on one may
 * still import a lazy chunk from it) and temporary files left by builds that died; returns the
 * retired directories that are kept.
 */
function collect(keyDir, retired, now) {
  const kept = { ...retired }
  for (const name of readdirSync(keyDir)) {
    try {
      const stale = name.includes('.tmp-') ? statSync(join(keyDir, name)).mtimeMs < now - RETIRE_MS : retired[name] !== undefined && retired[name] < now - RETIRE_MS
      if (!stale) continue
      rmSync(join(keyDir, name), { recursive: true, force: true })
      delete kept[name]
    } catch {
      // Gone already, or not ours to remove: the next build tries again.
    }
  }
  return kept
}

/** Removes other keys whose entry points no longer exist (graphs of deleted temporary projects). */
function pruneKeys(cache, self) {
  for (const key of readdirSync(cache)) {
    if (key === self) continue
    try {
      const { entries } = JSON.parse(readFileSync(join(cache, key, 'manifest.json'), 'utf8'))
      if (Array.isArray(entries) && entries.length && entries.every((e) => !statSync(e, { throwIfNoEntry: false }))) {
        rmSync(join(cache, key), { recursive: true, force: true })
      }
    } catch {
      // No manifest (a build in progress) or unreadable: leave it.
    }
  }
}

/** esbuild's package.json: a different esbuild makes every build stale. */
function esbuildPackage() {
  try {
    return [createRequire(import.meta.url).resolve('esbuild/package.json')]
  } catch {
    return []
  }
}

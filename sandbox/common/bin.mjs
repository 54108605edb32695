// Runs a simulator's TypeScript `main(io)` as this process: wires the real arguments, environment
// and streams, applies fault injection, and exits with its code. The simulators run from a
// compiled build (the tasks repository's scripts/build/compiled.mjs, shared with the tasks bin),
// so a call costs about a Node start; without one (no esbuild, a build error,
// TASKS_BUILD_CACHE=off) through tsx.
// Usage (from the bin/ shell shims): node bin.mjs TOOL ARGS...
import { fileURLToPath, pathToFileURL } from 'node:url'
import { compiled, fromSource, importBuild } from '../../scripts/build/compiled.mjs'

const [tool, ...argv] = process.argv.slice(2)
const source = (rel) => fileURLToPath(new URL(rel, import.meta.url))
const FAULTS = source('./faults.ts')
// Each tool's entry point, relative to this file.
const MAINS = { terraform: '../terraform/cmd/main.ts', kops: '../kops/main.ts' }
const TOOLS = Object.keys(MAINS)
// Bundled into the build: every tool call is a process start, and yaml's CommonJS files cost a
// start about 35 ms to resolve and load one by one.
const INLINE = ['yaml']

/** The fault injector and the tool's main module: compiled when possible. */
async function modules() {
  const main = source(MAINS[tool] ?? `../${tool}/main.ts`)
  if (TOOLS.includes(tool) && process.env.TASKS_BUILD_CACHE !== 'off') {
    const built = await compiled({ key: 'sandbox', entries: [FAULTS, ...TOOLS.map((t) => source(MAINS[t]))], inline: INLINE })
    const faults = built.ok && (await importBuild(built.build, FAULTS))
    const simulator = faults && (await importBuild(built.build, main))
    if (simulator) return [faults, simulator]
  }
  await fromSource()
  return [await import(pathToFileURL(FAULTS).href), await import(pathToFileURL(main).href)]
}

const [{ withFaults }, { main }] = await modules()
const io = {
  argv,
  env: process.env,
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}
const code = await withFaults(tool, io, () => main(io))
// Let stdout drain before exiting: tasks reads all of it.
process.stdout.write('', () => process.exit(code))

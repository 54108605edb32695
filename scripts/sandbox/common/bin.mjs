// Runs a simulator's TypeScript `main(io)` as this process: registers tsx, wires the real
// arguments, environment and streams, applies fault injection, and exits with its code.
// Usage (from the bin/ shell shims): node bin.mjs TOOL ARGS...
import { register } from 'tsx/esm/api'

register()
const [tool, ...argv] = process.argv.slice(2)
const { withFaults } = await import('./faults.ts')
const { main } = await import(new URL(`../${tool}/main.ts`, import.meta.url).href)
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

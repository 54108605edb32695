// Runs a simulator's TypeScript `main(io)` as this process: registers tsx, wires the real
// arguments, environment and streams, applies fault injection, and exits with its code.
import { register } from 'tsx/esm/api'

export async function runBin(tool, mainUrl) {
  register()
  const { withFaults } = await import('./faults.ts')
  const { main } = await import(mainUrl.href)
  const io = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }
  const code = await withFaults(tool, io, () => main(io))
  // Let stdout drain before exiting: tasks reads all of it.
  process.stdout.write('', () => process.exit(code))
}

// The entry point, for Node (through the bin shim) and Deno (`deno run -A scripts/tasks.ts`).
import process from 'node:process'
import { main } from '../modules/cli/main.ts'
import { exitInterrupted, INTERRUPT_SIGNALS, watchingInterrupts } from '../modules/exec/interrupts.ts'

// An interrupt outside a run (loading the graph, reading settings, printing): exit 130, the
// documented interrupt code, not the 143 a default SIGTERM gives (129 for SIGHUP). A run handles
// them itself (modules/exec/interrupts.ts): stops its tools, releases its locks, then exits.
for (const signal of INTERRUPT_SIGNALS) {
  process.on(signal, () => {
    if (!watchingInterrupts()) exitInterrupted(signal)
  })
}

process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  terminal: { stderr: Boolean(process.stderr.isTTY), stdin: Boolean(process.stdin.isTTY) },
})

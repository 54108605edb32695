// The entry point, for Node (through the bin shim) and Deno (`deno run -A scripts/tasks.ts`).
import process from 'node:process'
import { main } from '../modules/cli/main.ts'

process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  terminal: { stderr: Boolean(process.stderr.isTTY), stdin: Boolean(process.stdin.isTTY) },
})

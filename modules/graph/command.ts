// Commands as text, for logs, --dry-run and explain: what a user could paste into a shell.
import type { Command } from './types.ts'

const SAFE = /^[\w@%+=:,./-]+$/

/** Quotes one argument for a POSIX shell, only when it needs it. */
export const shellQuote = (arg: string): string => (SAFE.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)

/** `terraform -chdir=x plan -out=y`, with the non-default working directory noted. */
export function formatCommand(cmd: Command): string {
  return [cmd.tool, ...cmd.args].map(shellQuote).join(' ')
}

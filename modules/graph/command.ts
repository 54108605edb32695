// Commands as text, for logs, --dry-run and explain: what a user could paste into a shell.
import { isStageFailure } from './failure.ts'
import type { Command, Stage, StageContext } from './types.ts'

const SAFE = /^[\w@%+=:,./-]+$/

/** Quotes one argument for a POSIX shell, only when it needs it. */
export const shellQuote = (arg: string): string => (SAFE.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)

/** `terraform -chdir=x plan -out=y`, with the non-default working directory noted. */
export function formatCommand(cmd: Command): string {
  return [cmd.tool, ...cmd.args].map(shellQuote).join(' ')
}

/** The commands a stage would start, as --dry-run lists them; undefined when it fails before starting any. */
export function plannedCommands(stage: Stage, ctx: StageContext<Record<string, unknown>>): Command[] | undefined {
  const commands = stage.commands?.(ctx) ?? []
  return isStageFailure(commands) ? undefined : commands
}

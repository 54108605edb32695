// Running one subcommand: expected failures (TfError) print as diagnostics and exit with their
// code; anything else is reported as an internal simulator error, exit 1.
import type { Ctx } from '../state/context.ts'
import { TfError, diagnosticsOf } from '../render/diag.ts'

/** A subcommand: its context and its arguments (after the subcommand word) → exit code. */
export type Command = (ctx: Ctx, args: string[]) => Promise<number>

/** Runs `command`, turning what it throws into printed diagnostics and an exit code. */
export async function invoke(ctx: Ctx, command: Command, args: string[]): Promise<number> {
  try {
    return await command(ctx, args)
  } catch (e) {
    ctx.report(diagnosticsOf(e))
    return e instanceof TfError ? e.exitCode : 1
  }
}

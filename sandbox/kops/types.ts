// The shapes kops commands and the flag parser share: a command's definition and invocation, its
// flags, and the error every command may return. Their own file, so context.ts and flags.ts need
// not import each other.
import type { SimIo } from '../common/io.ts'

/** An error kops returns from a command: printed as `Error: <message>` on stderr, exit 1. */
export class KopsError extends Error {}

/** How a flag takes its value: bool (`=` only), string, comma list, int, Go duration, or optional. */
export type FlagKind = 'bool' | 'string' | 'list' | 'int' | 'duration' | 'optional'

/** One flag: its long name, kind, optional shorthand and aliases, and the bare value of an optional flag. */
export interface FlagSpec {
  name: string
  kind: FlagKind
  short?: string
  aliases?: string[]
  /** The value of `--flag` without `=` for kind 'optional' (pflag's NoOptDefVal), e.g. 18h for --admin. */
  bare?: string
}

/** Parsed arguments: every value given per flag (by long name, in order) and the positional words. */
export interface Parsed {
  values: Map<string, string[]>
  args: string[]
}

/** One invocation: its I/O, its parsed flags and positional arguments (command words removed). */
export interface Ctx {
  io: SimIo
  parsed: Parsed
  args: string[]
}

/** A kops subcommand: its words (`update cluster`), aliases of its last word, its flags, and its run. */
export interface CommandDef {
  path: string[]
  aliases?: string[]
  short: string
  flags: FlagSpec[]
  run: (ctx: Ctx) => number | Promise<number>
}

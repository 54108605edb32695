// Command-line flags the way Go's `flag` package (and so Terraform) reads them: `-f=v`, `-f v` and
// `--f` forms; bool flags only take a value with `=`; parsing stops at the first non-flag argument
// or `--`; errors use Go's wording ("flag provided but not defined: -x").
import type { SimIo } from '../../common/io.ts'
import { fail } from '../render/diag.ts'

/** The kind of a flag: bool, single string (last wins), repeatable (every value kept in order), int, duration. */
export type FlagKind = 'bool' | 'string' | 'multi' | 'int' | 'duration'

/** The flags a command accepts, by name without the dash. */
export type FlagSpec = Record<string, FlagKind>

/** One flag occurrence, in command-line order (so -var and -var-file can be applied in order). */
export interface FlagUse {
  name: string
  value: string
}

/** The parsed command line: every occurrence in order, and the positional arguments. */
export interface ParsedFlags {
  uses: FlagUse[]
  positionals: string[]
}

/** Parses `args` against `spec`; a bad flag throws Terraform's "Failed to parse command-line flags". */
export function parseFlags(command: string, args: readonly string[], spec: FlagSpec): ParsedFlags {
  const uses: FlagUse[] = []
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]
    if (arg.length < 2 || arg[0] !== '-') break
    if (arg === '--') {
      i++
      break
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1)
    if (body === '' || body[0] === '-' || body[0] === '=') flagError(command, `bad flag syntax: ${arg}`)
    const eq = body.indexOf('=')
    const name = eq >= 0 ? body.slice(0, eq) : body
    const kind = spec[name]
    if (!kind) flagError(command, `flag provided but not defined: -${name}`)
    let value: string
    if (kind === 'bool') {
      value = eq >= 0 ? body.slice(eq + 1) : 'true'
      if (parseBool(value) === undefined) flagError(command, `invalid boolean value "${value}" for -${name}: parse error`)
    } else if (eq >= 0) value = body.slice(eq + 1)
    else if (i + 1 < args.length) value = args[++i]
    else flagError(command, `flag needs an argument: -${name}`)
    if (kind === 'int' && !/^[+-]?\d+$/.test(value)) flagError(command, `invalid value "${value}" for flag -${name}: parse error`)
    if (kind === 'duration' && parseDuration(value) === undefined) flagError(command, `invalid value "${value}" for flag -${name}: parse error`)
    uses.push({ name, value })
  }
  return { uses, positionals: args.slice(i) }
}

function flagError(command: string, message: string): never {
  fail('Failed to parse command-line flags', `${message}\n\nFor more help on using this command, run:\n  terraform ${command} -help`)
}

/** Go's strconv.ParseBool. */
export function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false
  return undefined
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Go's time.ParseDuration, in milliseconds ("5m", "1m30s", "250ms", "0"). */
export function parseDuration(s: string): number | undefined {
  if (s === '0') return 0
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y
  let total = 0
  let at = 0
  const body = s.replace(/^[+-]/, '')
  if (body === '') return undefined
  while (at < body.length) {
    re.lastIndex = at
    const m = re.exec(body)
    if (!m) return undefined
    total += Number(m[1]) * UNITS[m[2]]
    at = re.lastIndex
  }
  return s.startsWith('-') ? -total : total
}

/** Accessors over parsed flags: last value wins for single flags, all values for repeatable ones. */
export class Flags {
  readonly uses: FlagUse[]
  readonly positionals: string[]
  constructor(parsed: ParsedFlags) {
    this.uses = parsed.uses
    this.positionals = parsed.positionals
  }

  /** Whether the flag appeared at all. */
  has(name: string): boolean {
    return this.uses.some((u) => u.name === name)
  }

  /** The last value given for a flag. */
  string(name: string): string | undefined {
    return this.uses.filter((u) => u.name === name).at(-1)?.value
  }

  /** A bool flag's value, `dflt` when absent. */
  bool(name: string, dflt: boolean): boolean {
    const v = this.string(name)
    return v === undefined ? dflt : parseBool(v) === true
  }

  /** Every value of a repeatable flag, in order. */
  all(name: string): string[] {
    return this.uses.filter((u) => u.name === name).map((u) => u.value)
  }
}

/** Parses and wraps in one step. */
export const flags = (command: string, args: readonly string[], spec: FlagSpec): Flags => new Flags(parseFlags(command, args, spec))

/** Shell-word splitting for TF_CLI_ARGS (quotes and backslashes, like go-shellwords). */
export function shellWords(s: string): string[] {
  const words: string[] = []
  let cur: string | undefined
  let quote: string | undefined
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (quote) {
      if (ch === quote) quote = undefined
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur = (cur ?? '') + s[++i]
      else cur = (cur ?? '') + ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      cur = cur ?? ''
    } else if (ch === '\\' && i + 1 < s.length) cur = (cur ?? '') + s[++i]
    else if (/\s/.test(ch)) {
      if (cur !== undefined) words.push(cur)
      cur = undefined
    } else cur = (cur ?? '') + ch
  }
  if (cur !== undefined) words.push(cur)
  return words
}

/**
 * A subcommand's arguments as Terraform sees them: TF_CLI_ARGS_<cmd> then TF_CLI_ARGS inserted
 * right after the subcommand, and -no-color dropped (every command accepts it; output is always
 * plain here).
 */
export function commandArgs(env: SimIo['env'], cmd: string, rest: string[]): string[] {
  const specific = shellWords(env[`TF_CLI_ARGS_${cmd.replace(/[- ]/g, '_')}`] ?? '')
  const general = shellWords(env.TF_CLI_ARGS ?? '')
  return [...specific, ...general, ...rest].filter((a) => a !== '-no-color')
}

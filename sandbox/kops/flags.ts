// A small pflag/cobra-like flag parser: `--flag value`, `--flag=value`, `-f value`, `-fvalue`,
// `-f=value`; bool flags take a value only with `=`; flags may appear anywhere; `--` ends flags.
import { KopsError, type FlagSpec, type Parsed } from './types.ts'

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True']
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False']

const display = (s: FlagSpec): string => (s.short ? `-${s.short}, --${s.name}` : `--${s.name}`)

/** Go's time.ParseDuration for the units kOps users write (h, m, s, ms); milliseconds, or undefined. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0
  const units: Record<string, number> = { h: 3600e3, m: 60e3, s: 1e3, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 }
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy
  let total = 0
  let at = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]]
    at = re.lastIndex
  }
  return at === text.length && at > 0 ? total : undefined
}

/** Go's time.Duration.String() for whole milliseconds: 15s, 5m0s, 1h0m0s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s'
  if (ms < 1000) return `${ms}ms`
  const h = Math.floor(ms / 3600e3)
  const m = Math.floor((ms % 3600e3) / 60e3)
  const s = (ms % 60e3) / 1000
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}

// Checks a value against its flag kind; throws pflag's error text.
function check(spec: FlagSpec, value: string): string {
  const bad = (why: string): never => {
    throw new KopsError(`invalid argument "${value}" for "${display(spec)}" flag: ${why}`)
  }
  if (spec.kind === 'bool' && !TRUE.includes(value) && !FALSE.includes(value)) bad(`strconv.ParseBool: parsing "${value}": invalid syntax`)
  if (spec.kind === 'int' && !/^[+-]?\d+$/.test(value)) bad(`strconv.ParseInt: parsing "${value}": invalid syntax`)
  const durationLike = spec.kind === 'duration' || (spec.kind === 'optional' && parseDuration(spec.bare ?? '') !== undefined)
  if (durationLike && parseDuration(value) === undefined) bad(`time: invalid duration "${value}"`)
  return value
}

function lookup(specs: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return specs.find((s) => s.name === name || s.aliases?.includes(name))
}

// Records a value; returns 0, the number of extra tokens a value given inline consumes.
function add(values: Map<string, string[]>, spec: FlagSpec, value: string): number {
  const list = values.get(spec.name) ?? []
  const parts = spec.kind === 'list' ? value.split(',').filter((v) => v !== '') : [check(spec, value)]
  values.set(spec.name, [...list, ...parts])
  return 0
}

// One `--long[=value]` token; returns how many extra tokens it consumed.
function longFlag(specs: readonly FlagSpec[], values: Map<string, string[]>, token: string, next: string | undefined): number {
  const body = token.slice(2)
  const eq = body.indexOf('=')
  const name = eq >= 0 ? body.slice(0, eq) : body
  const spec = lookup(specs, name)
  if (!spec) throw new KopsError(`unknown flag: --${name}`)
  if (eq >= 0) return add(values, spec, body.slice(eq + 1))
  if (spec.kind === 'bool') return add(values, spec, 'true')
  if (spec.kind === 'optional') return add(values, spec, spec.bare ?? '')
  if (next === undefined) throw new KopsError(`flag needs an argument: --${name}`)
  add(values, spec, next)
  return 1
}

// One `-x…` token (shorthands, possibly combined bools); returns how many extra tokens it consumed.
function shortFlags(specs: readonly FlagSpec[], values: Map<string, string[]>, token: string, next: string | undefined): number {
  for (let i = 1; i < token.length; i++) {
    const c = token[i]
    const spec = specs.find((s) => s.short === c)
    if (!spec) throw new KopsError(`unknown shorthand flag: '${c}' in ${token}`)
    const rest = token.slice(i + 1)
    if (rest.startsWith('=')) return add(values, spec, rest.slice(1))
    if (spec.kind === 'bool') {
      add(values, spec, 'true')
      continue
    }
    if (spec.kind === 'optional') return add(values, spec, spec.bare ?? '')
    if (rest !== '') return add(values, spec, rest)
    if (next === undefined) throw new KopsError(`flag needs an argument: '${c}' in -${c}`)
    add(values, spec, next)
    return 1
  }
  return 0
}

/** Parses argv against the flags; throws KopsError with pflag's wording on a bad flag. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const values = new Map<string, string[]>()
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (token.startsWith('--') && token.length > 2) i += longFlag(specs, values, token, argv[i + 1])
    else if (token.startsWith('-') && token.length > 1) i += shortFlags(specs, values, token, argv[i + 1])
    else args.push(token)
  }
  return { values, args }
}

/** The words of argv that are not flags or flag values, judged by the kinds of all known flags. */
export function words(argv: readonly string[], specs: readonly FlagSpec[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') return [...out, ...argv.slice(i + 1)]
    if (!token.startsWith('-') || token === '-') {
      out.push(token)
      continue
    }
    const long = token.startsWith('--')
    const name = long ? token.slice(2).split('=')[0] : token[1]
    const spec = long ? lookup(specs, name) : specs.find((s) => s.short === name)
    const takesNext = spec && spec.kind !== 'bool' && spec.kind !== 'optional' && !token.includes('=') && (long || token.length === 2)
    if (takesNext) i++
  }
  return out
}

/** The last value given for a flag, or the default. */
export function flag(p: Parsed, name: string, fallback = ''): string {
  const list = p.values.get(name)
  return list && list.length ? list[list.length - 1] : fallback
}

/** A bool flag's value (`--x`, `--x=true`, `--x=false`), or the default. */
export function boolFlag(p: Parsed, name: string, fallback = false): boolean {
  const list = p.values.get(name)
  return list && list.length ? TRUE.includes(list[list.length - 1]) : fallback
}

/** Whether the flag was given at all. */
export const given = (p: Parsed, name: string): boolean => (p.values.get(name)?.length ?? 0) > 0

/** Every value of a repeatable or comma-list flag. */
export const listFlag = (p: Parsed, name: string): string[] => p.values.get(name) ?? []

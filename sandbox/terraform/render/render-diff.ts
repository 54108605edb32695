// The attribute diffs of Terraform's human plan output: `+ key = value` for new values,
// `- key = value -> null` for removed ones, `~ key = old -> new` for changes, nested maps and lists
// with their own markers, JSON strings as `jsonencode(...)`, multi-line strings as heredocs,
// unchanged values hidden behind `# (N unchanged attributes hidden)`. Without provider schemas,
// arrays of objects are shown as nested blocks, and nested objects as maps (quoted keys).
import { goNumber } from './gojson.ts'
import { goQuote, isIdentifier } from './render-values.ts'
import { Unknown, equal, isObject, kindOf, type Value, type ValueObject } from '../lang/values.ts'

/** A line's change marker. */
export type Sym = '+' | '-' | '~' | ' '

/** How object keys are shown: maps quote them, objects (and JSON) show identifiers bare, auto picks by type. */
export type KeyStyle = 'map' | 'object' | 'auto'

const sp = (n: number): string => ' '.repeat(n)
/** Whether a value counts as absent (undefined or null). */
export const absent = (v: Value | undefined): boolean => v === undefined || v === null
/** "N unchanged WORDs hidden". */
export const plural = (n: number, word: string): string => `${n} unchanged ${word}${n === 1 ? '' : 's'} hidden`

/** The marker for a before/after pair. */
export function actionOf(b: Value | undefined, a: Value | undefined): Sym {
  if (absent(b) && absent(a)) return ' '
  if (absent(b)) return '+'
  if (absent(a)) return '-'
  if (!(a instanceof Unknown) && !(b instanceof Unknown) && equal(a, b) && typeof a === typeof b) return ' '
  return '~'
}

function keyText(k: string, style: KeyStyle, v: Value | undefined): string {
  const bare = style === 'object' || (style === 'auto' && v !== undefined && kindOf(v) !== 'map')
  return bare && isIdentifier(k) ? k : goQuote(k)
}

function jsonOf(s: string): Value | undefined {
  const t = s.trim()
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined
  try {
    return JSON.parse(t) as Value
  } catch {
    return undefined
  }
}

/** One side of a value, every nested line marked `sym`; S is the column of the owning line's marker. */
export function one(v: Value, S: number, sym: Sym, style: KeyStyle): string {
  if (v instanceof Unknown) return '(known after apply)'
  if (v === null) return 'null'
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'string') {
    const json = jsonOf(v)
    if (json !== undefined) return `jsonencode(\n${sp(S + 4)}  ${one(json, S + 4, sym, 'object')}\n${sp(S + 2)})`
    if (v.includes('\n')) return `<<-EOT${v.replace(/\n$/, '').split('\n').map((l) => `\n${sp(S + 6)}${l}`).join('')}\n${sp(S + 2)}EOT`
    return goQuote(v)
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    return `[${v.map((i) => `\n${sp(S + 4)}${sym} ${one(i, S + 4, sym, style)},`).join('')}\n${sp(S + 2)}]`
  }
  const keys = Object.keys(v).sort()
  if (keys.length === 0) return '{}'
  const shown = keys.map((k) => keyText(k, style, v))
  const pad = Math.max(...shown.map((k) => k.length))
  return `{${keys.map((k, i) => `\n${sp(S + 4)}${sym} ${shown[i].padEnd(pad)} = ${one(v[k], S + 4, sym, style)}`).join('')}\n${sp(S + 2)}}`
}

/** An in-place change of a value (`~`); `suffix` (e.g. " # forces replacement") goes after the value. */
export function diff(b: Value, a: Value, S: number, style: KeyStyle, suffix = ''): string {
  if (a instanceof Unknown) return `${one(b, S, '-', style)} -> (known after apply)${suffix}`
  if (typeof b === 'string' && typeof a === 'string') {
    const jb = jsonOf(b)
    const ja = jsonOf(a)
    if (jb !== undefined && ja !== undefined) return `jsonencode(\n${sp(S + 4)}${actionOf(jb, ja)} ${nested(jb, ja, S + 4, 'object')}${suffix}\n${sp(S + 2)})`
    if (b.includes('\n') || a.includes('\n')) return heredocDiff(b, a, S) + suffix
  }
  if ((Array.isArray(b) && Array.isArray(a)) || (isObject(b) && isObject(a))) return nested(b, a, S, style) + suffix
  return `${one(b, S, '-', style)} -> ${one(a, S, '+', style)}${suffix}`
}

function nested(b: Value, a: Value, S: number, style: KeyStyle): string {
  if (Array.isArray(b) && Array.isArray(a)) return listDiff(b, a, S, style)
  if (isObject(b) && isObject(a)) return objectDiff(b, a, S, style)
  return one(a, S, '~', style)
}

function objectDiff(b: ValueObject, a: ValueObject, S: number, style: KeyStyle): string {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()
  const shown = keys.map((k) => keyText(k, style, a))
  const pad = Math.max(0, ...shown.map((k) => k.length))
  let hidden = 0
  let out = '{'
  keys.forEach((k, i) => {
    const sym = actionOf(b[k], a[k])
    if (sym === ' ') {
      if (!absent(a[k])) hidden++
      return
    }
    const val = sym === '+' ? one(a[k], S + 4, '+', style) : sym === '-' ? one(b[k], S + 4, '-', style) : diff(b[k], a[k], S + 4, style)
    out += `\n${sp(S + 4)}${sym} ${shown[i].padEnd(pad)} = ${val}`
  })
  if (hidden) out += `\n${sp(S + 6)}# (${plural(hidden, style === 'map' ? 'element' : 'attribute')})`
  return `${out}\n${sp(S + 2)}}`
}

/** A longest-common-subsequence edit script between two sequences. */
export function lcs<T>(b: readonly T[], a: readonly T[], same: (x: T, y: T) => boolean): Array<{ op: ' ' | '-' | '+'; v: T }> {
  const m = b.length
  const n = a.length
  const t: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(0))
  for (let i = m - 1; i >= 0; i--) for (let j = n - 1; j >= 0; j--) t[i][j] = same(b[i], a[j]) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1])
  const out: Array<{ op: ' ' | '-' | '+'; v: T }> = []
  let i = 0
  let j = 0
  while (i < m || j < n) {
    if (i < m && j < n && same(b[i], a[j])) out.push({ op: ' ', v: a[(i++, j++)] })
    else if (i < m && (j >= n || t[i + 1][j] >= t[i][j + 1])) out.push({ op: '-', v: b[i++] })
    else out.push({ op: '+', v: a[j++] })
  }
  return out
}

function listDiff(b: Value[], a: Value[], S: number, style: KeyStyle): string {
  let hidden = 0
  let out = '['
  for (const e of lcs(b, a, (x, y) => !(x instanceof Unknown) && !(y instanceof Unknown) && equal(x, y))) {
    if (e.op === ' ') hidden++
    else out += `\n${sp(S + 4)}${e.op} ${one(e.v, S + 4, e.op, style)},`
  }
  if (hidden) out += `\n${sp(S + 6)}# (${plural(hidden, 'element')})`
  return `${out}\n${sp(S + 2)}]`
}

function heredocDiff(b: string, a: string, S: number): string {
  const lines = lcs(b.replace(/\n$/, '').split('\n'), a.replace(/\n$/, '').split('\n'), (x, y) => x === y)
  return `<<-EOT${lines.map((l) => (l.op === ' ' ? `\n${sp(S + 6)}${l.v}` : `\n${sp(S + 4)}${l.op} ${l.v}`)).join('')}\n${sp(S + 2)}EOT`
}

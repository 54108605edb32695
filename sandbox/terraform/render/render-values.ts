// Human renderings of values: Terraform's repl.FormatValue (used by `terraform output` and the
// `Outputs:` block of apply: lists as tolist([...]), maps as tomap({...}), multi-line strings as
// heredocs) and Go's strconv.Quote for strings.
import { goNumber } from './gojson.ts'
import { Unknown, kindOf, type Value } from '../lang/values.ts'

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' }
    if (named[ch]) out += named[ch]
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `${out}"`
}

/** Whether a string can be written as a bare HCL identifier (object keys). */
export const isIdentifier = (s: string): boolean => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)

/** repl.FormatValue: a value as `terraform output` prints it (indent = current indentation). */
export function formatValue(v: Value, indent: number): string {
  if (v instanceof Unknown) return '(known after apply)'
  if (v === null) return 'null'
  if (typeof v === 'string') return heredoc(v, indent) ?? goQuote(v)
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const kind = kindOf(v)
  if (Array.isArray(v)) {
    const seq = formatSequence(v, indent)
    return kind === 'list' ? `tolist(${seq})` : kind === 'set' ? `toset(${seq})` : seq
  }
  const mapping = formatMapping(v, indent)
  return kind === 'map' ? `tomap(${mapping})` : mapping
}

function heredoc(s: string, indent: number): string | undefined {
  const lines = s.split('\n')
  if (lines.length < 2) return undefined
  let delim = 'EOT'
  while (lines.some((l) => l.trim() === delim)) delim += '_'
  const pad = ' '.repeat(indent)
  return `${indent > 0 ? '<<-' : '<<'}${delim}${lines.map((l) => `\n${pad}${l}`).join('')}\n${pad}${delim}`
}

function formatSequence(items: Value[], indent: number): string {
  if (items.length === 0) return '[]'
  const pad = ' '.repeat(indent + 2)
  return `[${items.map((i) => `\n${pad}${formatValue(i, indent + 2)},`).join('')}\n${' '.repeat(indent)}]`
}

function formatMapping(o: Record<string, Value>, indent: number): string {
  const keys = Object.keys(o).sort()
  if (keys.length === 0) return '{}'
  const pad = ' '.repeat(indent + 2)
  return `{${keys.map((k) => `\n${pad}${goQuote(k)} = ${formatValue(o[k], indent + 2)}`).join('')}\n${' '.repeat(indent)}}`
}

/** The human `terraform output` / apply `Outputs:` listing: `name = value` lines, sensitive hidden. */
export function formatOutputs(outputs: Record<string, { value: Value; sensitive?: boolean }>): string {
  return Object.keys(outputs)
    .sort()
    .map((k) => `${k} = ${outputs[k].sensitive ? '<sensitive>' : formatValue(outputs[k].value, 0)}`)
    .join('\n')
}

// Shared pieces of the HCL expression parser: the syntax tree types, the cursor and its
// whitespace/comment skipping, and template parsing (literal text, ${...} interpolation with ~ strip
// markers, $${ and %%{ escapes, quoted-string escapes, heredocs). Expressions are in hcl-parse.ts.
import { fail } from '../render/diag.ts'
import type { Value } from './values.ts'

/** One step of a traversal: `.name`, `[key]`, or `[*]`. */
export type Op = { k: 'attr'; name: string } | { k: 'index'; key: Node } | { k: 'splat' }

/** An expression syntax tree node. */
export type Node =
  | { k: 'lit'; v: Value }
  | { k: 'tmpl'; parts: Array<string | Node> }
  | { k: 'ref'; root: string; ops: Op[] }
  | { k: 'post'; x: Node; ops: Op[] }
  | { k: 'call'; name: string; args: Node[]; expand: boolean }
  | { k: 'tuple'; items: Node[] }
  | { k: 'object'; items: Array<{ key: Node; value: Node }> }
  | { k: 'cond'; test: Node; yes: Node; no: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'un'; op: string; x: Node }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Node; keyExpr?: Node; valExpr: Node; cond?: Node; group: boolean }

/** A parse position in a source string. */
export interface Cursor {
  s: string
  i: number
}

/** Parses one expression at the cursor (hcl-parse.ts passes its own). */
export type ExprParser = (c: Cursor) => Node

/** Fails with an "Invalid expression" diagnostic pointing at the cursor. */
export function syntax(c: Cursor, message: string): never {
  fail('Invalid expression', `The simulator could not parse this expression: ${message} at offset ${c.i} of:\n  ${c.s.replace(/\n/g, ' ')}`)
}

/** Skips whitespace and comments. */
export function ws(c: Cursor): void {
  for (;;) {
    const m = /\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//y
    m.lastIndex = c.i
    const r = m.exec(c.s)
    if (!r || r[0] === '') return
    c.i = m.lastIndex
  }
}

/** Consumes `token` (after whitespace) if it is next. */
export function eat(c: Cursor, token: string): boolean {
  ws(c)
  if (!c.s.startsWith(token, c.i)) return false
  c.i += token.length
  return true
}

/** Consumes `token` or fails. */
export function expect(c: Cursor, token: string): void {
  if (!eat(c, token)) syntax(c, `expected "${token}"`)
}

/** Parses template text up to the end (or the closing quote when `quoted`); `expr` parses ${...}. */
export function template(c: Cursor, quoted: boolean, expr: ExprParser): Node {
  const parts: Array<string | Node> = []
  let lit = ''
  let trimStart = false
  const pushLit = (trimEnd: boolean): void => {
    let text = trimStart ? lit.replace(/^\s+/, '') : lit
    if (trimEnd) text = text.replace(/\s+$/, '')
    if (text) parts.push(text)
    lit = ''
    trimStart = false
  }
  while (c.i < c.s.length && !(quoted && c.s[c.i] === '"')) {
    if (!c.s.startsWith('${', c.i)) {
      lit += literalChar(c, quoted)
      continue
    }
    const strip = c.s[c.i + 2] === '~'
    c.i += strip ? 3 : 2
    pushLit(strip)
    parts.push(expr(c))
    trimStart = closeInterpolation(c)
  }
  pushLit(false)
  if (parts.length === 0) return { k: 'lit', v: '' }
  if (parts.length === 1) return typeof parts[0] === 'string' ? { k: 'lit', v: parts[0] } : parts[0]
  return { k: 'tmpl', parts }
}

/** One literal character (or escape) of a template. */
function literalChar(c: Cursor, quoted: boolean): string {
  const s = c.s
  if (s.startsWith('$${', c.i) || s.startsWith('%%{', c.i)) {
    c.i += 3
    return `${s[c.i - 3]}{`
  }
  if (s.startsWith('%{', c.i)) fail('Unsupported template directive', `The terraform simulator does not support template directives (%{if}, %{for}) in:\n  ${s}`)
  if (quoted && s[c.i] === '\\') return escape(c)
  return s[c.i++]
}

/** Consumes `}` (or `~}`) after an interpolated expression; true when it strips following space. */
function closeInterpolation(c: Cursor): boolean {
  ws(c)
  const strip = c.s[c.i] === '~'
  if (strip) c.i++
  if (c.s[c.i] !== '}') syntax(c, 'expected "}" to close the interpolation')
  c.i++
  return strip
}

function escape(c: Cursor): string {
  const ch = c.s[c.i + 1]
  c.i += 2
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }
  if (ch in simple) return simple[ch]
  if (ch === 'u' || ch === 'U') {
    const len = ch === 'u' ? 4 : 8
    const hex = c.s.slice(c.i, c.i + len)
    c.i += len
    return String.fromCodePoint(parseInt(hex, 16))
  }
  return syntax(c, `invalid escape sequence "\\${ch}"`)
}

/** Parses a heredoc (<<EOT or <<-EOT) inside an expression. */
export function heredoc(c: Cursor, expr: ExprParser): Node {
  const m = /<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/y
  m.lastIndex = c.i
  const r = m.exec(c.s) ?? syntax(c, 'invalid heredoc')
  const end = new RegExp(`^[ \\t]*${r[2]}[ \\t]*$`, 'm')
  const rest = c.s.slice(m.lastIndex)
  const found = end.exec(rest) ?? syntax(c, `unterminated heredoc (no closing ${r[2]})`)
  let lines = rest.slice(0, found.index).split('\n').slice(0, -1)
  if (r[1] === '-') {
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0))
    lines = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
  }
  c.i = m.lastIndex + found.index + found[0].length
  const body = lines.map((l) => `${l}\n`).join('')
  const inner: Cursor = { s: body, i: 0 }
  return template(inner, false, expr)
}

// A parser for the HCL expression subset the simulator evaluates, working on the strings
// @cdktf/hcl2json returns ("x-${var.region}", "${merge(var.tags, {a = 1})}"): templates with
// ${...} interpolation ($${ and %%{ escapes), literals, tuples, objects, references with attribute
// access, indexing and [*] splats, function calls (with `...`), unary/binary operators,
// conditionals and for expressions. Template directives (%{if}/%{for}) are not supported.
import { eat, expect, heredoc, syntax, template, ws, type Cursor, type Node, type Op } from './hcl-template.ts'

export type { Node, Op } from './hcl-template.ts'

const cache = new Map<string, Node>()

/** Parses a string from hcl2json as a template (literal text with ${...} interpolations); cached. */
export function parseTemplateString(text: string): Node {
  let node = cache.get(text)
  if (!node) {
    const c: Cursor = { s: text, i: 0 }
    node = template(c, false, expr)
    if (c.i < text.length) syntax(c, 'unexpected text after the template')
    cache.set(text, node)
  }
  return node
}

/** Parses a bare expression (e.g. a variable's `type`, a -var value for a complex type). */
export function parseExpression(text: string): Node {
  const c: Cursor = { s: text, i: 0 }
  const node = expr(c)
  ws(c)
  if (c.i < text.length) syntax(c, `unexpected "${text[c.i]}"`)
  return node
}

const PREC: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 }

function expr(c: Cursor): Node {
  const test = binary(c, 1)
  ws(c)
  if (c.s[c.i] !== '?') return test
  c.i++
  const yes = expr(c)
  expect(c, ':')
  return { k: 'cond', test, yes, no: expr(c) }
}

function peekOp(c: Cursor): string | undefined {
  ws(c)
  const two = c.s.slice(c.i, c.i + 2)
  if (two in PREC) return two
  const one = c.s[c.i]
  if (one === '=' || two === '=>') return undefined
  return one in PREC ? one : undefined
}

function binary(c: Cursor, min: number): Node {
  let l = unary(c)
  for (;;) {
    const op = peekOp(c)
    if (!op || PREC[op] < min) return l
    c.i += op.length
    l = { k: 'bin', op, l, r: binary(c, PREC[op] + 1) }
  }
}

function unary(c: Cursor): Node {
  ws(c)
  const ch = c.s[c.i]
  if (ch === '!' || ch === '-') {
    c.i++
    return { k: 'un', op: ch, x: unary(c) }
  }
  return postfix(c)
}

function postfix(c: Cursor): Node {
  const x = primary(c)
  const ops: Op[] = []
  for (;;) {
    const save = c.i
    ws(c)
    if (c.s[c.i] === '[') {
      c.i++
      if (eat(c, '*')) ops.push({ k: 'splat' })
      else ops.push({ k: 'index', key: expr(c) })
      expect(c, ']')
    } else if (c.s[c.i] === '.' && c.s[c.i + 1] !== '.') {
      c.i++
      if (c.s[c.i] === '*') {
        c.i++
        ops.push({ k: 'splat' })
      } else if (/\d/.test(c.s[c.i] ?? '')) {
        const digits = /^\d+/.exec(c.s.slice(c.i))?.[0] ?? '0'
        c.i += digits.length
        ops.push({ k: 'index', key: { k: 'lit', v: Number(digits) } })
      } else ops.push({ k: 'attr', name: ident(c) ?? syntax(c, 'expected an attribute name') })
    } else {
      c.i = save
      break
    }
  }
  if (ops.length === 0) return x
  if (x.k === 'ref') return { k: 'ref', root: x.root, ops: [...x.ops, ...ops] }
  return { k: 'post', x, ops }
}

function ident(c: Cursor): string | undefined {
  const m = /[A-Za-z_][A-Za-z0-9_-]*/y
  m.lastIndex = c.i
  const r = m.exec(c.s)
  if (!r) return undefined
  c.i = m.lastIndex
  return r[0]
}

function primary(c: Cursor): Node {
  ws(c)
  const ch = c.s[c.i]
  if (ch === undefined) return syntax(c, 'expected the start of an expression')
  if (/[0-9]/.test(ch)) return number(c)
  if (ch === '"') {
    c.i++
    const t = template(c, true, expr)
    if (c.s[c.i] !== '"') syntax(c, 'unterminated string')
    c.i++
    return t
  }
  if (ch === '(') {
    c.i++
    const e = expr(c)
    expect(c, ')')
    return e
  }
  if (ch === '[') return tupleOrFor(c)
  if (ch === '{') return objectOrFor(c)
  if (c.s.startsWith('<<', c.i)) return heredoc(c, expr)
  const name = ident(c)
  if (!name) return syntax(c, `unexpected "${ch}"`)
  if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' }
  if (name === 'null') return { k: 'lit', v: null }
  const save = c.i
  if (eat(c, '(')) return call(c, name)
  c.i = save
  return { k: 'ref', root: name, ops: [] }
}

function number(c: Cursor): Node {
  const m = /\d+(\.\d+)?([eE][+-]?\d+)?/y
  m.lastIndex = c.i
  const r = m.exec(c.s)
  c.i = m.lastIndex
  return { k: 'lit', v: Number(r?.[0]) }
}

function call(c: Cursor, name: string): Node {
  const args: Node[] = []
  let expand = false
  while (!eat(c, ')')) {
    args.push(expr(c))
    if (eat(c, '...')) expand = true
    if (!eat(c, ',')) {
      expect(c, ')')
      break
    }
  }
  return { k: 'call', name, args, expand }
}

function tupleOrFor(c: Cursor): Node {
  c.i++
  if (isFor(c)) return forExpr(c, ']')
  const items: Node[] = []
  while (!eat(c, ']')) {
    items.push(expr(c))
    if (!eat(c, ',')) {
      expect(c, ']')
      break
    }
  }
  return { k: 'tuple', items }
}

function objectOrFor(c: Cursor): Node {
  c.i++
  if (isFor(c)) return forExpr(c, '}')
  const items: Array<{ key: Node; value: Node }> = []
  while (!eat(c, '}')) {
    ws(c)
    const save = c.i
    const name = ident(c)
    let key: Node
    if (name !== undefined && /^\s*[=:]/.test(c.s.slice(c.i)) && !/^\s*==/.test(c.s.slice(c.i))) key = { k: 'lit', v: name }
    else {
      c.i = save
      key = expr(c)
    }
    if (!eat(c, '=') && !eat(c, ':')) syntax(c, 'expected "=" after an object key')
    items.push({ key, value: expr(c) })
    eat(c, ',')
  }
  return { k: 'object', items }
}

function isFor(c: Cursor): boolean {
  ws(c)
  return /for\s/y.test(c.s.slice(c.i, c.i + 4))
}

function forExpr(c: Cursor, close: string): Node {
  c.i += 3
  ws(c)
  let valVar = ident(c) ?? syntax(c, 'expected a variable name after "for"')
  let keyVar: string | undefined
  if (eat(c, ',')) {
    ws(c)
    keyVar = valVar
    valVar = ident(c) ?? syntax(c, 'expected a second variable name')
  }
  ws(c)
  if (ident(c) !== 'in') syntax(c, 'expected "in"')
  const coll = expr(c)
  expect(c, ':')
  let keyExpr: Node | undefined
  let valExpr = expr(c)
  if (close === '}') {
    expect(c, '=>')
    keyExpr = valExpr
    valExpr = expr(c)
  }
  const group = eat(c, '...')
  ws(c)
  let cond: Node | undefined
  if (c.s.startsWith('if', c.i) && /\s/.test(c.s[c.i + 2] ?? '')) {
    c.i += 2
    cond = expr(c)
  }
  expect(c, close)
  return { k: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, group }
}

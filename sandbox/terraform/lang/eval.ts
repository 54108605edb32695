// Evaluates expression trees (hcl-parse.ts) against a scope. Unknown values propagate the way
// Terraform's do: an operation on an unknown is unknown. Raw hcl2json values (strings holding
// templates, arrays, objects with template keys) are evaluated with evalRaw.
import { TfError, fail } from '../render/diag.ts'
import { callFunction, fileText } from './functions.ts'
import { FnError } from './functions-collections.ts'
import { parseTemplateString, type Node, type Op } from './hcl-parse.ts'
import { UNKNOWN, Unknown, asString, equal, isLenient, isObject, type Value, type ValueObject } from './values.ts'

/** What references resolve against: returns the value of `root` plus how many leading ops it used. */
export interface Scope {
  resolve(root: string, ops: readonly Op[]): { value: Value; used: number }
  /** The directory file() and friends read relative paths from (Terraform's process cwd). */
  baseDir: string
}

/** A raw value as @cdktf/hcl2json returns it. */
export type Raw = null | string | number | boolean | Raw[] | { [key: string]: Raw }

/** Evaluates a raw hcl2json value: strings are templates, arrays tuples, objects objects. */
export function evalRaw(raw: Raw, scope: Scope): Value {
  if (typeof raw === 'string') return evaluate(parseTemplateString(raw), scope)
  if (Array.isArray(raw)) return raw.map((r) => evalRaw(r, scope))
  if (raw !== null && typeof raw === 'object') {
    const out: ValueObject = {}
    for (const [k, v] of Object.entries(raw)) {
      const key = k.includes('${') ? evalRaw(k, scope) : k
      if (key instanceof Unknown) return UNKNOWN
      out[objectKey(key)] = evalRaw(v, scope)
    }
    return out
  }
  return raw
}

/** Evaluates an expression node in a scope, with `locals` bound by for expressions. */
export function evaluate(node: Node, scope: Scope, locals: ReadonlyMap<string, Value> = new Map()): Value {
  const ev = (n: Node): Value => evaluate(n, scope, locals)
  switch (node.k) {
    case 'lit':
      return node.v
    case 'tmpl':
      return template(node.parts, ev)
    case 'ref': {
      if (locals.has(node.root)) return traverse(locals.get(node.root) ?? null, node.ops, ev)
      const { value, used } = scope.resolve(node.root, node.ops)
      return traverse(value, node.ops.slice(used), ev)
    }
    case 'post':
      return traverse(ev(node.x), node.ops, ev)
    case 'call': {
      if (node.name in SPECIAL) return SPECIAL[node.name](node.args, ev, scope)
      let args = node.args.map(ev)
      if (node.expand) args = expandLast(node.name, args)
      return callFunction(node.name, args, scope.baseDir)
    }
    case 'tuple':
      return node.items.map(ev)
    case 'object':
      return objectValue(node.items, ev)
    case 'cond':
      return conditional(ev(node.test), () => ev(node.yes), () => ev(node.no))
    case 'bin':
      return binary(node.op, ev(node.l), ev(node.r))
    case 'un':
      return unary(node.op, ev(node.x))
    case 'for':
      return forExpr(node, scope, locals)
  }
}

type Special = (args: Node[], ev: (n: Node) => Value, scope: Scope) => Value

/** Functions that need their argument expressions, not values: try, can, templatefile. */
const SPECIAL: Record<string, Special> = {
  try: (args, ev) => {
    for (const a of args) {
      try {
        return ev(a)
      } catch (e) {
        if (!(e instanceof TfError)) throw e
      }
    }
    return fail('Error in function call', 'Call to function "try" failed: no expression succeeded.')
  },
  can: (args, ev) => {
    try {
      ev(args[0])
      return true
    } catch (e) {
      if (e instanceof TfError) return false
      throw e
    }
  },
  templatefile: (args, ev, scope) => {
    const [path, vars] = args.map(ev)
    if (path instanceof Unknown || vars instanceof Unknown) return UNKNOWN
    if (typeof path !== 'string' || !isObject(vars)) fail('Invalid function argument', 'templatefile needs a path and an object of variables.')
    let text: string
    try {
      text = fileText(path, scope.baseDir)
    } catch (e) {
      if (e instanceof FnError) fail('Error in function call', `Call to function "templatefile" failed: ${e.message}.`)
      throw e
    }
    const inner: Scope = {
      baseDir: scope.baseDir,
      resolve: (root) => {
        if (!(root in vars)) fail('Invalid function argument', `Call to function "templatefile" failed: vars map does not contain key "${root}".`)
        return { value: vars[root], used: 0 }
      },
    }
    return evaluate(parseTemplateString(text), inner)
  },
}

function template(parts: Array<string | Node>, ev: (n: Node) => Value): Value {
  let out = ''
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p
      continue
    }
    const v = ev(p)
    if (v instanceof Unknown) return UNKNOWN
    if (v === null) fail('Invalid template interpolation value', 'The expression result is null. Cannot include a null value in a string template.')
    const s = asString(v)
    if (s === undefined) fail('Invalid template interpolation value', 'Cannot include the given value in a string template: string required.')
    out += s
  }
  return out
}

function objectKey(key: Value): string {
  const s = asString(key)
  if (s === undefined) fail('Invalid object key', 'Object keys must be strings.')
  return s
}

function objectValue(items: Array<{ key: Node; value: Node }>, ev: (n: Node) => Value): Value {
  const out: ValueObject = {}
  for (const item of items) {
    const key = ev(item.key)
    if (key instanceof Unknown) return UNKNOWN
    out[objectKey(key)] = ev(item.value)
  }
  return out
}

function expandLast(name: string, args: Value[]): Value[] {
  const last = args.at(-1)
  if (last instanceof Unknown) return [...args.slice(0, -1), UNKNOWN]
  if (!Array.isArray(last)) fail('Invalid expanding argument value', `The expanding argument (indicated by ...) to function "${name}" must be a list or tuple.`)
  return [...args.slice(0, -1), ...last]
}

/** Applies `.attr`, `[key]` and `[*]` steps to a value. */
export function traverse(v: Value, ops: readonly Op[], ev: (n: Node) => Value): Value {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]
    if (v instanceof Unknown) return UNKNOWN
    if (op.k === 'splat') {
      const items = v === null ? [] : Array.isArray(v) ? v : [v]
      return items.map((x) => traverse(x, ops.slice(i + 1), ev))
    }
    v = op.k === 'attr' ? getAttr(v, op.name) : index(v, ev(op.key))
  }
  return v
}

function getAttr(v: Value, name: string): Value {
  if (v === null) fail('Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.')
  if (Array.isArray(v)) fail('Unsupported attribute', `Can't access attributes on a list of objects. Did you mean to access attribute "${name}" for a specific element of the list, or across all elements of the list?`)
  if (!isObject(v)) fail('Unsupported attribute', `Can't access attributes on a primitive-typed value (${typeof v}).`)
  if (!(name in v)) {
    if (isLenient(v)) return null
    fail('Unsupported attribute', `This object does not have an attribute named "${name}".`)
  }
  return v[name]
}

function index(v: Value, key: Value): Value {
  if (key instanceof Unknown) return UNKNOWN
  if (v === null) fail('Attempt to index null value', 'This value is null, so it does not have any indices.')
  if (Array.isArray(v)) {
    const n = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key
    if (typeof n !== 'number' || !Number.isInteger(n)) fail('Invalid index', 'The given key does not identify an element in this collection value: a number is required.')
    if (n < 0 || n >= v.length) fail('Invalid index', 'The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.')
    return v[n]
  }
  if (isObject(v)) {
    const k = objectKey(key)
    if (!(k in v)) fail('Invalid index', 'The given key does not identify an element in this collection value.')
    return v[k]
  }
  return fail('Invalid index', 'This value does not have any indices.')
}

function conditional(test: Value, yes: () => Value, no: () => Value): Value {
  if (test instanceof Unknown) return UNKNOWN
  const b = test === 'true' ? true : test === 'false' ? false : test
  if (typeof b !== 'boolean') fail('Incorrect condition type', 'The condition expression must be of type bool.')
  return b ? yes() : no()
}

function toNumber(v: Value, op: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  if (typeof n !== 'number' || Number.isNaN(n)) fail('Invalid operand', `Unsuitable value for the "${op}" operator: a number is required.`)
  return n
}

function toBool(v: Value, op: string): boolean {
  const b = v === 'true' ? true : v === 'false' ? false : v
  if (typeof b !== 'boolean') fail('Invalid operand', `Unsuitable value for the "${op}" operator: a bool is required.`)
  return b
}

function binary(op: string, l: Value, r: Value): Value {
  if (op === '==' || op === '!=') {
    if (l instanceof Unknown || r instanceof Unknown) return UNKNOWN
    const same = typeof l === typeof r && equal(l, r)
    return op === '==' ? same : !same
  }
  if (l instanceof Unknown || r instanceof Unknown) return UNKNOWN
  if (op === '&&') return toBool(l, op) && toBool(r, op)
  if (op === '||') return toBool(l, op) || toBool(r, op)
  const a = toNumber(l, op)
  const b = toNumber(r, op)
  const results: Record<string, () => Value> = {
    '+': () => a + b, '-': () => a - b, '*': () => a * b, '/': () => a / b, '%': () => a % b,
    '<': () => a < b, '>': () => a > b, '<=': () => a <= b, '>=': () => a >= b,
  }
  return results[op]()
}

function unary(op: string, v: Value): Value {
  if (v instanceof Unknown) return UNKNOWN
  return op === '!' ? !toBool(v, op) : -toNumber(v, op)
}

function forExpr(node: Extract<Node, { k: 'for' }>, scope: Scope, locals: ReadonlyMap<string, Value>): Value {
  const coll = evaluate(node.coll, scope, locals)
  if (coll instanceof Unknown) return UNKNOWN
  if (coll === null || (!Array.isArray(coll) && !isObject(coll))) fail('Iteration over non-iterable value', 'A value of type list, set, tuple, map or object is required for a for expression.')
  const entries: Array<[Value, Value]> = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : Object.keys(coll).sort().map((k) => [k, coll[k]])
  const list: Value[] = []
  const obj: Record<string, Value> = {}
  for (const [k, v] of entries) {
    const inner = new Map(locals)
    inner.set(node.valVar, v)
    if (node.keyVar) inner.set(node.keyVar, k)
    const ev = (n: Node): Value => evaluate(n, scope, inner)
    if (node.cond) {
      const keep = ev(node.cond)
      if (keep instanceof Unknown) return UNKNOWN
      if (!toBool(keep, 'if')) continue
    }
    if (!node.keyExpr) {
      list.push(ev(node.valExpr))
      continue
    }
    const key = ev(node.keyExpr)
    if (key instanceof Unknown) return UNKNOWN
    const ks = objectKey(key)
    const val = ev(node.valExpr)
    if (node.group) obj[ks] = [...((obj[ks] as Value[] | undefined) ?? []), val]
    else if (ks in obj) fail('Duplicate object key', `Two different items produced the key "${ks}" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`)
    else obj[ks] = val
  }
  return node.keyExpr ? obj : list
}

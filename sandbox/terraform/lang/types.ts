// Variable type constraints (`string`, `list(string)`, `map(number)`, `object({a = string,
// b = optional(number, 1)})`, `tuple([...])`, `any`) and conversion of values to them, which is
// what gives variables their cty collection types (list vs tuple, map vs object).
import { fail } from '../render/diag.ts'
import { evaluate } from './eval.ts'
import { parseExpression, type Node } from './hcl-parse.ts'
import { UNKNOWN, Unknown, asString, commonType, isObject, typeOf, withType, type TypeJson, type Value, type ValueObject } from './values.ts'

/** A parsed type constraint. */
export type Constraint =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; elem: Constraint }
  | { kind: 'tuple'; elems: Constraint[] }
  | { kind: 'object'; attrs: Record<string, { type: Constraint; optional: boolean; dflt?: Value }> }

/** A conversion failure; the caller words the diagnostic. */
export class ConversionError extends Error {}

const NO_SCOPE = { baseDir: '.', resolve: (): never => fail('Variables not allowed', 'Variables may not be used here.') }

/** Parses a `type = ...` expression (as written, without ${}). */
export function parseConstraint(text: string): Constraint {
  return fromNode(parseExpression(text))
}

function fromNode(n: Node): Constraint {
  if (n.k === 'ref' && n.ops.length === 0) {
    if (n.root === 'string' || n.root === 'number' || n.root === 'bool') return { kind: n.root }
    if (n.root === 'any') return { kind: 'any' }
  }
  if (n.k === 'call') {
    const [arg] = n.args
    if ((n.name === 'list' || n.name === 'set' || n.name === 'map') && arg) return { kind: n.name, elem: fromNode(arg) }
    if (n.name === 'tuple' && arg?.k === 'tuple') return { kind: 'tuple', elems: arg.items.map(fromNode) }
    if (n.name === 'object' && arg?.k === 'object') return objectConstraint(arg.items)
  }
  return fail('Invalid type specification', 'The simulator understands string, number, bool, any, list(T), set(T), map(T), tuple([...]) and object({...}) with optional(T[, default]).')
}

function objectConstraint(items: Array<{ key: Node; value: Node }>): Constraint {
  const attrs: Record<string, { type: Constraint; optional: boolean; dflt?: Value }> = {}
  for (const { key, value } of items) {
    const name = key.k === 'lit' ? String(key.v) : key.k === 'ref' ? key.root : fail('Invalid type specification', 'Object attribute names must be identifiers.')
    if (value.k === 'call' && value.name === 'optional') {
      attrs[name] = { type: fromNode(value.args[0]), optional: true, dflt: value.args[1] ? evaluate(value.args[1], NO_SCOPE) : undefined }
    } else attrs[name] = { type: fromNode(value), optional: false }
  }
  return { kind: 'object', attrs }
}

/** Whether -var / TF_VAR_ values for this type are taken literally (primitive types and any). */
export function isLiteralMode(c: Constraint): boolean {
  return c.kind === 'any' || c.kind === 'string' || c.kind === 'number' || c.kind === 'bool'
}

/** The cty type JSON of a constraint ("dynamic" for any). */
export function constraintJson(c: Constraint): TypeJson {
  switch (c.kind) {
    case 'any':
      return 'dynamic'
    case 'list':
    case 'set':
    case 'map':
      return [c.kind, constraintJson(c.elem)]
    case 'tuple':
      return ['tuple', c.elems.map(constraintJson)]
    case 'object': {
      const attrs: Record<string, TypeJson> = {}
      for (const [k, a] of Object.entries(c.attrs)) attrs[k] = constraintJson(a.type)
      return ['object', attrs]
    }
    default:
      return c.kind
  }
}

/** Converts a value to a constraint (stamping collection types); throws ConversionError. */
export function convert(v: Value, c: Constraint): Value {
  if (v instanceof Unknown) return UNKNOWN
  if (v === null || c.kind === 'any') return v
  switch (c.kind) {
    case 'string': {
      const s = asString(v)
      if (s === undefined) throw new ConversionError('string required')
      return s
    }
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
      if (typeof n !== 'number' || Number.isNaN(n)) throw new ConversionError('a number is required')
      return n
    }
    case 'bool':
      if (typeof v === 'boolean') return v
      if (v === 'true' || v === 'false') return v === 'true'
      throw new ConversionError('bool required')
    case 'list':
    case 'set':
      return convertSeq(v, c.kind, c.elem)
    case 'map':
      return convertMap(v, c.elem)
    case 'tuple':
      if (!Array.isArray(v) || v.length !== c.elems.length) throw new ConversionError(`tuple of ${c.elems.length} elements required`)
      return v.map((x, i) => convert(x, c.elems[i]))
    case 'object':
      return convertObject(v, c)
  }
}

function elemType(items: Value[], elem: Constraint): TypeJson {
  return elem.kind === 'any' ? commonType(items) : constraintJson(elem)
}

function convertSeq(v: Value, kind: 'list' | 'set', elem: Constraint): Value {
  if (!Array.isArray(v)) throw new ConversionError(`${kind} of ${JSON.stringify(constraintJson(elem))} required`)
  let items = v.map((x) => convert(x, elem))
  if (kind === 'set') items = [...new Map(items.map((x) => [JSON.stringify(x), x])).values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  return withType(items, [kind, elemType(items, elem)])
}

function convertMap(v: Value, elem: Constraint): Value {
  if (!isObject(v)) throw new ConversionError('map required')
  const out: ValueObject = {}
  for (const [k, x] of Object.entries(v)) out[k] = convert(x, elem)
  return withType(out, ['map', elemType(Object.values(out), elem)])
}

function convertObject(v: Value, c: Extract<Constraint, { kind: 'object' }>): Value {
  if (!isObject(v)) throw new ConversionError('object required')
  const out: ValueObject = {}
  const types: Record<string, TypeJson> = {}
  for (const [k, a] of Object.entries(c.attrs)) {
    if (!(k in v) || v[k] === null) {
      if (!a.optional && !(k in v)) throw new ConversionError(`attribute "${k}" is required`)
      out[k] = a.dflt === undefined ? null : convert(a.dflt, a.type)
    } else out[k] = convert(v[k], a.type)
    types[k] = a.type.kind === 'any' ? typeOf(out[k]) : constraintJson(a.type)
  }
  return withType(out, ['object', types])
}

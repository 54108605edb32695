// Built-in functions on collections and type conversions: length, keys, values, lookup, merge,
// concat, element, coalesce, flatten, one, tolist/toset/tomap, tonumber. Results carry cty
// collection types where Terraform's would (tolist → list, merge of maps → map).
import { asString, commonType, equal, isObject, kindOf, withType, type Value, type ValueObject } from './values.ts'

/** A function's arity and implementation; `partial` functions accept unknowns nested in their arguments. */
export interface FnDef {
  min: number
  max: number
  partial?: boolean
  impl: (args: Value[], baseDir: string) => Value
}

/** A failure inside a function; reported as "Error in function call". */
export class FnError extends Error {}

const list = (items: Value[]): Value[] => withType(items, ['list', commonType(items)])
const strList = (items: string[]): Value[] => withType(items, ['list', 'string'])

function seq(v: Value, what = 'list'): Value[] {
  if (!Array.isArray(v)) throw new FnError(`a ${what} is required`)
  return v
}

function obj(v: Value): ValueObject {
  if (!isObject(v)) throw new FnError('a map or object is required')
  return v
}

function sortedKeys(o: ValueObject): string[] {
  return Object.keys(o).sort()
}

function toSet(items: Value[]): Value[] {
  const out: Value[] = []
  for (const i of items) if (!out.some((o) => equal(o, i) && typeof o === typeof i)) out.push(i)
  if (out.every((i) => typeof i === 'string')) out.sort()
  else if (out.every((i) => typeof i === 'number')) out.sort((a, b) => (a as number) - (b as number))
  return withType(out, ['set', commonType(out)])
}

function toMap(o: ValueObject): ValueObject {
  const vals = Object.values(o)
  const out: ValueObject = { ...o }
  let elem = commonType(vals)
  if (elem === 'dynamic' && vals.every((v) => v === null || typeof v !== 'object')) {
    for (const k of Object.keys(out)) out[k] = out[k] === null ? null : (asString(out[k]) ?? null)
    elem = 'string'
  }
  return withType(out, ['map', elem])
}

function merge(args: Value[]): Value {
  const out: ValueObject = {}
  for (const a of args) if (a !== null) Object.assign(out, obj(a))
  const allMaps = args.every((a) => a === null || kindOf(a) === 'map')
  return allMaps && args.length > 0 ? withType(out, ['map', commonType(Object.values(out))]) : out
}

function concat(args: Value[]): Value {
  const items = args.flatMap((a) => seq(a))
  return args.every((a) => kindOf(a) === 'list') ? list(items) : items
}

function lookup([m, key, ...dflt]: Value[]): Value {
  const o = obj(m)
  const k = asString(key) ?? ''
  if (k in o) return o[k]
  if (dflt.length) return dflt[0]
  throw new FnError(`lookup failed to find key "${k}"`)
}

function element([l, i]: Value[]): Value {
  const items = seq(l)
  if (items.length === 0) throw new FnError('cannot use element function with an empty list')
  const n = Number(i)
  if (!Number.isInteger(n) || n < 0) throw new FnError('invalid index')
  return items[n % items.length]
}

function coalesce(args: Value[]): Value {
  for (const a of args) if (a !== null && a !== '') return a
  throw new FnError('no non-null, non-empty-string arguments')
}

function length([v]: Value[]): Value {
  if (typeof v === 'string') return [...v].length
  if (Array.isArray(v)) return v.length
  if (isObject(v)) return Object.keys(v).length
  throw new FnError('argument must be a string, a collection type, or a structural type')
}

function flatten(v: Value): Value[] {
  return seq(v).flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]))
}

function one([l]: Value[]): Value {
  const items = seq(l)
  if (items.length > 1) throw new FnError(`must be a list, set, or tuple value with either zero or one elements`)
  return items[0] ?? null
}

/** The collection functions, by name. */
export const COLLECTION_FUNCTIONS: Record<string, FnDef> = {
  length: { min: 1, max: 1, partial: true, impl: length },
  keys: { min: 1, max: 1, impl: ([m]) => (kindOf(m) === 'map' ? strList(sortedKeys(obj(m))) : sortedKeys(obj(m))) },
  values: { min: 1, max: 1, partial: true, impl: ([m]) => { const o = obj(m); const vs = sortedKeys(o).map((k) => o[k]); return kindOf(m) === 'map' ? list(vs) : vs } },
  lookup: { min: 2, max: 3, impl: lookup },
  merge: { min: 0, max: Infinity, partial: true, impl: merge },
  concat: { min: 1, max: Infinity, partial: true, impl: concat },
  element: { min: 2, max: 2, impl: element },
  coalesce: { min: 1, max: Infinity, impl: coalesce },
  flatten: { min: 1, max: 1, impl: ([l]) => flatten(l) },
  one: { min: 1, max: 1, impl: one },
  tolist: { min: 1, max: 1, partial: true, impl: ([l]) => (l === null ? null : list([...seq(l)])) },
  toset: { min: 1, max: 1, impl: ([l]) => (l === null ? null : toSet(seq(l))) },
  tomap: { min: 1, max: 1, partial: true, impl: ([m]) => (m === null ? null : toMap(obj(m))) },
  tonumber: { min: 1, max: 1, impl: ([v]) => toNumberFn(v) },
}

function toNumberFn(v: Value): Value {
  if (v === null || typeof v === 'number') return v
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  if (Number.isNaN(n)) throw new FnError(`cannot convert ${JSON.stringify(v)} to number; given string must be a decimal representation of a number`)
  return n
}

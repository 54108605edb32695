// The simulator's value model, a small stand-in for Terraform's cty: JSON-like values plus an
// UNKNOWN marker ("known after apply"). Arrays are tuples and objects are objects unless a typed
// conversion (a variable's `type`, tolist/toset/tomap, a function result) stamped a collection type
// on them; typeOf() gives the cty type JSON used by `output -json` and `show -json`.
import { goNumber } from '../render/gojson.ts'

/** A value not known until apply (cty's unknown). */
export class Unknown {
  readonly unknown = true
}

/** The single unknown value. */
export const UNKNOWN = new Unknown()

/** An object (or map) value. */
export interface ValueObject {
  [key: string]: Value
}

/** Any value: primitives, null, unknown, sequences and objects. */
export type Value = null | string | number | boolean | Unknown | Value[] | ValueObject

/** A cty type in its JSON form: "string", ["list","string"], ["object",{...}], ["tuple",[...]], "dynamic". */
export type TypeJson = string | [string, TypeJson] | ['object', Record<string, TypeJson>] | ['tuple', TypeJson[]]

const TYPE = Symbol('cty-type')
const LENIENT = Symbol('lenient')

/** Marks a resource instance object: reading an attribute it lacks gives null (no provider schema to check against). */
export function markLenient(v: Value): Value {
  if (isObject(v)) Object.defineProperty(v, LENIENT, { value: true, enumerable: false, configurable: true })
  return v
}

/** Whether an object is a resource instance (see markLenient). */
export const isLenient = (v: ValueObject): boolean => (v as unknown as Record<symbol, boolean | undefined>)[LENIENT] === true

/** Stamps a collection type (list, set, map, object) on an array or object value. */
export function withType<T extends Value[] | ValueObject>(v: T, type: TypeJson): T {
  Object.defineProperty(v, TYPE, { value: type, enumerable: false, configurable: true })
  return v
}

/** Whether a value is an object/map (not null, not an array, not unknown). */
export const isObject = (v: Value | undefined): v is ValueObject => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown)

/** The cty type of a value: its stamped type, else inferred (arrays → tuple, objects → object). */
export function typeOf(v: Value): TypeJson {
  if (v === null || v instanceof Unknown) return 'dynamic'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return 'number'
  if (typeof v === 'boolean') return 'bool'
  const stamped = (v as unknown as Record<symbol, TypeJson | undefined>)[TYPE]
  if (stamped) return stamped
  if (Array.isArray(v)) return ['tuple', v.map(typeOf)]
  const attrs: Record<string, TypeJson> = {}
  for (const k of Object.keys(v)) attrs[k] = typeOf(v[k])
  return ['object', attrs]
}

/** The collection kind of a value's type: list, set, tuple, map, object, or its primitive name. */
export function kindOf(v: Value): string {
  const t = typeOf(v)
  return typeof t === 'string' ? t : t[0]
}

/** cty's FriendlyName of a type, for messages ("list of string", "object"). */
export function friendlyName(t: TypeJson): string {
  if (typeof t === 'string') return t === 'dynamic' ? 'any type' : t
  if (t[0] === 'list' || t[0] === 'set' || t[0] === 'map') return `${t[0]} of ${friendlyName(t[1] as TypeJson)}`
  return t[0]
}

/** One element type for a collection built from `items`: their common type, else "dynamic". */
export function commonType(items: Value[]): TypeJson {
  if (items.length === 0) return 'dynamic'
  const first = JSON.stringify(typeOf(items[0]))
  return items.every((i) => JSON.stringify(typeOf(i)) === first) ? typeOf(items[0]) : 'dynamic'
}

/** Structural equality (types ignored): how the simulator decides an attribute changed. */
export function equal(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null)
  if (a instanceof Unknown || b instanceof Unknown) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => equal(x, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== null)
    const kb = Object.keys(b).filter((k) => b[k] !== null)
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]))
  }
  return false
}

/** Whether a value contains no unknowns at any depth. */
export function whollyKnown(v: Value): boolean {
  if (v instanceof Unknown) return false
  if (Array.isArray(v)) return v.every(whollyKnown)
  if (isObject(v)) return Object.values(v).every(whollyKnown)
  return true
}

/** The value as it appears in JSON "after": unknown object attributes dropped, unknown elements null. */
export function omitUnknowns(v: Value): Value {
  if (Array.isArray(v)) return v.map((x) => (x instanceof Unknown ? null : omitUnknowns(x)))
  if (isObject(v)) {
    const out: ValueObject = {}
    for (const [k, x] of Object.entries(v)) if (!(x instanceof Unknown)) out[k] = omitUnknowns(x)
    return out
  }
  return v instanceof Unknown ? null : v
}

/** jsonplan's unknownAsBool: true where unknown, false-valued object entries omitted. */
export function unknownAsBool(v: Value): Value {
  if (v === null) return false
  if (v instanceof Unknown) return true
  if (Array.isArray(v)) return v.map(unknownAsBool)
  if (isObject(v)) {
    const out: ValueObject = {}
    for (const [k, x] of Object.entries(v)) {
      const b = unknownAsBool(x)
      if (b !== false) out[k] = b
    }
    return out
  }
  return false
}

/** The string a value becomes inside a template, or undefined when it cannot be one. */
export function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return undefined
}

/** A deep copy with type stamps dropped and unknowns kept (for storing values). */
export function plain(v: Value): Value {
  if (Array.isArray(v)) return v.map(plain)
  if (isObject(v)) {
    const out: ValueObject = {}
    for (const [k, x] of Object.entries(v)) out[k] = plain(x)
    return out
  }
  return v
}

/** Values read back from JSON (plan files): `{"$unknown":true}` becomes UNKNOWN. */
export function fromStored(j: unknown): Value {
  if (Array.isArray(j)) return j.map(fromStored)
  if (j !== null && typeof j === 'object') {
    const o = j as Record<string, unknown>
    if (o.$unknown === true && Object.keys(o).length === 1) return UNKNOWN
    const out: ValueObject = {}
    for (const [k, x] of Object.entries(o)) out[k] = fromStored(x)
    return out
  }
  return j as Value
}

/** Values written to JSON (plan files): UNKNOWN becomes `{"$unknown":true}`. */
export function toStored(v: Value): unknown {
  if (v instanceof Unknown) return { $unknown: true }
  if (Array.isArray(v)) return v.map(toStored)
  if (isObject(v)) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = toStored(x)
    return out
  }
  return v
}

/** Re-stamps collection types recorded in state (`type`) onto a plain JSON value. */
export function stampType(v: Value, t: TypeJson): Value {
  if (typeof t === 'string' || v === null) return v
  const [kind, inner] = t
  if (Array.isArray(v)) {
    const items = v.map((x, i) => stampType(x, kind === 'tuple' ? ((inner as TypeJson[])[i] ?? 'dynamic') : (inner as TypeJson)))
    return withType(items, t)
  }
  if (isObject(v)) {
    const out: ValueObject = {}
    for (const [k, x] of Object.entries(v)) out[k] = stampType(x, kind === 'object' ? ((inner as Record<string, TypeJson>)[k] ?? 'dynamic') : (inner as TypeJson))
    return withType(out, t)
  }
  return v
}

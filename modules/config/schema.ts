// A small declarative schema for YAML settings files: each key's type, whether it is required,
// nested mappings and lists. Problems come back with the path of the offending node.
import { didYouMean } from '../diag/mod.ts'

export type Schema =
  | { type: 'string' | 'boolean' | 'integer' | 'any'; doc: string; required?: boolean; enum?: readonly string[]; refused?: string }
  | { type: 'map'; doc: string; required?: boolean; values: Schema }
  | { type: 'list'; doc: string; required?: boolean; items: Schema }
  | { type: 'object'; doc: string; required?: boolean; fields: Record<string, Schema> }

export interface SchemaProblem {
  path: (string | number)[]
  message: string
  /** Point at the key itself (unknown keys) rather than at its value. */
  atKey?: boolean
}

/** A value as a message quotes it; a long string is cut (a message must not quote a whole file). */
const describe = (v: unknown): string =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'a mapping' : typeof v === 'string' && v.length > 80 ? `${JSON.stringify(v.slice(0, 80))}…` : JSON.stringify(v)

const article = (schema: Schema): string =>
  schema.type === 'object' || schema.type === 'map' ? 'a mapping' : schema.type === 'list' ? 'a list' : schema.type === 'integer' ? 'a whole number' : `a ${schema.type}`

function checkObject(value: Record<string, unknown>, fields: Record<string, Schema>, path: (string | number)[], out: SchemaProblem[]): void {
  for (const [key, child] of Object.entries(value)) {
    const schema = fields[key]
    if (!schema) {
      const known = Object.keys(fields)
      out.push({ path: [...path, key], atKey: true, message: `unknown setting "${[...path, key].join('.')}"${didYouMean(key, known)}; known settings here are ${known.join(', ')}` })
    } else check(child, schema, [...path, key], out)
  }
  for (const [key, schema] of Object.entries(fields)) {
    if (schema.required && value[key] === undefined) out.push({ path, message: `missing required setting "${[...path, key].join('.')}" (${schema.doc})` })
  }
}

/** Every problem of `value` against `schema`, in document order. */
export function check(value: unknown, schema: Schema, path: (string | number)[] = [], out: SchemaProblem[] = []): SchemaProblem[] {
  const name = path.length ? `"${path.join('.')}"` : 'the file'
  const wrong = (): SchemaProblem[] => (out.push({ path, message: `${name} must be ${article(schema)} (${schema.doc}), not ${describe(value)}` }), out)
  // A setting that exists but must not be used here (credentials in a committed file): why, and what instead.
  if ('refused' in schema && schema.refused) return (out.push({ path, message: `${name} ${schema.refused}` }), out)
  switch (schema.type) {
    case 'any':
      return out
    case 'string':
      if (typeof value !== 'string' && typeof value !== 'number') return wrong()
      if (schema.enum && !schema.enum.includes(String(value))) out.push({ path, message: `${name} must be one of ${schema.enum.join(', ')}, not ${describe(value)}${didYouMean(String(value), schema.enum)}` })
      return out
    case 'boolean':
      return typeof value === 'boolean' ? out : wrong()
    case 'integer':
      return Number.isInteger(value) ? out : wrong()
    case 'list':
      if (!Array.isArray(value)) return wrong()
      value.forEach((item, i) => check(item, schema.items, [...path, i], out))
      return out
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong()
      for (const [k, v] of Object.entries(value)) check(v, schema.values, [...path, k], out)
      return out
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong()
      checkObject(value as Record<string, unknown>, schema.fields, path, out)
      return out
  }
}

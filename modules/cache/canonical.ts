// A canonical encoding for hashing: JSON with object keys sorted at every depth, so equal data
// always gives equal bytes whatever order it was built in.
import { createHash } from 'node:crypto'
import { Secret } from './secret.ts'

/** Canonical JSON text of `value`; undefined members are dropped, as JSON.stringify does. */
export function canonical(value: unknown): string {
  if (value instanceof Secret) return canonical(value.toJSON())
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
  return `{${entries.join(',')}}`
}

/** Hex SHA-256 of text or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Longest leaf kept verbatim in key parts; longer ones are stored as their hash. */
const LEAF_LIMIT = 120

/**
 * Flattens data into `prefix.path → text` leaves, the unit `explain` reports changes in
 * (`needs.outputs.cluster_version: "1.28.4"`). Long leaves become `sha256:…`.
 */
export function flatten(prefix: string, value: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (value instanceof Secret) return flatten(prefix, value.toJSON(), into)
  const isContainer = value !== null && typeof value === 'object'
  const keys = isContainer ? Object.keys(value).sort() : []
  if (!isContainer || keys.length === 0) {
    const text = canonical(value)
    into[prefix] = text.length > LEAF_LIMIT ? `sha256:${sha256(text)}` : text
    return into
  }
  for (const key of keys) {
    const child = (value as Record<string, unknown>)[key]
    if (child !== undefined) flatten(`${prefix}.${key}`, child, into)
  }
  return into
}

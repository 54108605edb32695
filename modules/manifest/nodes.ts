// Reading a parsed YAML document with its positions. Each value carries its field path (for
// messages), where it is written (to blame a bad value) and its owner's position (to blame a
// field missing inside it: its key, its list item, or the document's `kind:` key).
import { isMap, isNode, isScalar, isSeq, type LineCounter, type Node } from 'yaml'
import type { Location } from '../diag/mod.ts'

export interface Source {
  file: string
  text: string
  counter: LineCounter
}

export interface At {
  src: Source
  /** The value's node; null when the key is written with no value. */
  node: Node | null
  /** Its field path as kOps prints it: `spec.subnets[2].cidr`. */
  path: string
  /** Offset of the value, or of its key when the value is empty. */
  start: number
  /** Offset to blame for a field missing inside this value. */
  owner: number
}

/** The 1-based position of an offset. */
export function locate(src: Source, offset: number): Location {
  const { line, col } = src.counter.linePos(offset)
  return { file: src.file, line, column: col }
}

/** Where the value is written. */
export const valueAt = (at: At): Location => locate(at.src, at.start)

/** Where to report a field missing inside this value. */
export const ownerAt = (at: At): Location => locate(at.src, at.owner)

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/

/** `spec` + `subnets` → `spec.subnets`; keys with dots or slashes are bracketed: `labels["a/b"]`. */
export function joinPath(path: string, key: string): string {
  if (!SIMPLE_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}

const isEmpty = (node: Node | null): boolean => node === null || (isScalar(node) && node.value === null)

/** The value under `key` of a mapping, or undefined when `at` is no mapping or lacks the key. */
export function child(at: At | undefined, key: string): At | undefined {
  if (at === undefined || !isMap(at.node)) return undefined
  const pair = at.node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
  if (pair === undefined) return undefined
  const keyStart = (pair.key as Node).range?.[0] ?? at.start
  const node = isNode(pair.value) ? pair.value : null
  const start = isEmpty(node) ? keyStart : (node?.range?.[0] ?? keyStart)
  return { src: at.src, node, path: joinPath(at.path, key), start, owner: keyStart }
}

/** The entries of a mapping, as [key, value] (none when `at` is no mapping). */
export function entries(at: At | undefined): [string, At][] {
  if (at === undefined || !isMap(at.node)) return []
  const keys = at.node.items.filter((p) => isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value))
  return keys.map((key) => [key, child(at, key) as At])
}

/** The items of a list (none when `at` is no list). */
export function items(at: At | undefined): At[] {
  if (at === undefined || !isSeq(at.node)) return []
  return at.node.items.map((item, i) => {
    const node = isNode(item) ? item : null
    const start = node?.range?.[0] ?? at.start
    return { src: at.src, node, path: `${at.path}[${i}]`, start, owner: start }
  })
}

/** True when the value is missing, empty or `""` (Go's zero value: kOps treats these alike). */
export function absent(at: At | undefined): boolean {
  if (at === undefined || isEmpty(at.node)) return true
  return isScalar(at.node) && at.node.value === ''
}

/** True when a value is set but is not a mapping (or list): the decode check reports it, others skip it. */
export function malformed(at: At | undefined, kind: 'map' | 'list'): boolean {
  if (at === undefined || absent(at)) return false
  return kind === 'map' ? !isMap(at.node) : !isSeq(at.node)
}

/** A scalar's text: strings as they are, numbers and booleans as written (`1.20`, not `1.2`). */
export function text(at: At | undefined): string | undefined {
  if (at === undefined || !isScalar(at.node) || at.node.value === null) return undefined
  const { value, range } = at.node
  if (typeof value === 'string') return value
  return range ? at.src.text.slice(range[0], range[1]) : String(value)
}

/** A whole number, or undefined (the decode check reports the wrong type). */
export function int(at: At | undefined): number | undefined {
  if (at === undefined || !isScalar(at.node)) return undefined
  const v = at.node.value
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined
}

/** A set value's text with its position, as a list of zero or one (for flatMap). */
export function named(at: At | undefined): { value: string; at: At }[] {
  const value = text(at)
  return at === undefined || value === undefined || value === '' ? [] : [{ value, at }]
}

/** The set texts of a list of scalars, with their positions. */
export const texts = (at: At | undefined): { value: string; at: At }[] => items(at).flatMap(named)

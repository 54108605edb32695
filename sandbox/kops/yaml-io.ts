// YAML in and out the way kOps does it: multi-document input with empty sections skipped, and
// output like sigs.k8s.io/yaml (keys sorted, sequences not indented, timestamps quoted).
import YAML, { isScalar, visit } from 'yaml'
import { KopsError } from './types.ts'

/** A YAML/JSON mapping. */
export type Rec = Record<string, unknown>

/** The value as a mapping, or an empty one. */
export const rec = (value: unknown): Rec => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Rec) : {})

/** The value as a list, or an empty one. */
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** The value as a string, or '' (numbers are rendered, as Go's YAML decoding into a string would not). */
export const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '')

/** The value as an integer, or undefined. */
export const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined)

/** The documents of a multi-document YAML text, skipping empty ones; throws with the parser's message. */
export function parseDocuments(source: string, file: string): unknown[] {
  const docs = YAML.parseAllDocuments(source)
  const out: unknown[] = []
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]
      const line = e.linePos?.[0]?.line
      throw new KopsError(`error parsing file "${file}": yaml: ${line ? `line ${line}: ` : ''}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`)
    }
    const value: unknown = doc.toJS()
    if (value !== null && value !== undefined) out.push(value)
  }
  return out
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$/
// Strings YAML 1.1 (go-yaml) would read as booleans.
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/

/** YAML with sorted keys, unindented sequences and quoted timestamp-like strings; ends with a newline. */
export function toYaml(value: unknown): string {
  const doc = new YAML.Document(value, { sortMapEntries: true })
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && (TIMESTAMP.test(node.value) || YAML11_BOOL.test(node.value))) node.type = 'QUOTE_DOUBLE'
    },
  })
  return doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0 })
}

/** A deep copy with object keys sorted (for stable hashing and JSON output). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
  }
  return value
}

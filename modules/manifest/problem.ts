// A problem found in a manifest, the wording of kOps's field errors (Kubernetes' field.Error:
// `spec.role: Unsupported value: "Worker": supported values: "Node", …`), and the checks every
// object shares: a field that must be set, a value from a fixed set, names used once.
import { isMap } from 'yaml'
import { closest, type Location } from '../diag/mod.ts'
import { absent, child, joinPath, ownerAt, text, valueAt, type At } from './nodes.ts'

export interface Problem {
  at: Location
  message: string
  hint?: string
  rule: string
  severity: 'error' | 'warning'
  /** false: the file's line is not shown under the message (it may hold a sensitive value). */
  quote?: false
}

/** Collects problems; every check writes into one of these. */
export interface Findings {
  readonly list: Problem[]
  error(at: Location, rule: string, message: string, hint?: string): void
  warning(at: Location, rule: string, message: string, hint?: string): void
}

/** An empty collection of problems (a hint is left out when there is none). */
export function findings(): Findings {
  const list: Problem[] = []
  const add = (severity: Problem['severity']) => (at: Location, rule: string, message: string, hint?: string) => {
    list.push(hint === undefined ? { at, message, rule, severity } : { at, message, hint, rule, severity })
  }
  return { list, error: add('error'), warning: add('warning') }
}

/** A value as Go's %q / %d would print it. */
export const show = (value: string | number): string => (typeof value === 'number' ? String(value) : JSON.stringify(value))

const quoteAll = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ')

/** kOps's field-error texts, by error type. */
export const field = {
  required: (path: string, detail?: string): string => `${path}: Required value${detail ? `: ${detail}` : ''}`,
  invalid: (path: string, value: string | number, detail: string): string => `${path}: Invalid value: ${show(value)}: ${detail}`,
  unsupported: (path: string, value: string, allowed: readonly string[]): string =>
    `${path}: Unsupported value: ${show(value)}: supported values: ${quoteAll(allowed)}`,
  duplicate: (path: string, value: string): string => `${path}: Duplicate value: ${show(value)}`,
  notFound: (path: string, value: string): string => `${path}: Not found: ${show(value)}`,
  forbidden: (path: string, detail: string): string => `${path}: Forbidden: ${detail}`,
}

/** A hint for a value outside a fixed set: the closest allowed value, else the whole set. */
export function chooseHint(value: string, allowed: readonly string[]): string {
  const near = closest(value, allowed)
  return near === undefined ? `use one of ${quoteAll(allowed)}` : `did you mean ${show(near)}?`
}

/** Problems in reading order: by line, then column (stable for ties). */
export const byPosition = (a: Problem, b: Problem): number => a.at.line - b.at.line || a.at.column - b.at.column

/**
 * The value under `key`, or undefined after reporting it missing (rule `required-field`): at its
 * key when written empty, else at the key (or `kind:`) of the mapping that lacks it.
 */
export function requireField(f: Findings, parent: At, key: string, detail?: string, hint?: string): At | undefined {
  const at = child(parent, key)
  if (!absent(at)) return at
  if (parent.node !== null && !isMap(parent.node)) return undefined // no mapping at all: the decode check says so
  const where = at === undefined ? ownerAt(parent) : ownerAt(at)
  const path = joinPath(parent.path, key)
  f.error(where, 'required-field', field.required(path, detail), hint ?? `set ${key}`)
  return undefined
}

/** Reports a value outside `allowed` (kOps's "Unsupported value"), when it is set. */
export function checkEnum(f: Findings, at: At | undefined, allowed: readonly string[], rule: string): void {
  const value = text(at)
  if (at === undefined || value === undefined || value === '' || allowed.includes(value)) return
  f.error(valueAt(at), rule, field.unsupported(at.path, value, allowed), chooseHint(value, allowed))
}

/** Reports each value already seen earlier in `values`, at its later occurrence. */
export function checkUnique(f: Findings, values: { value: string; at: At }[], rule: string, message: (v: string, at: At) => string, hint: string): void {
  const seen = new Set<string>()
  for (const { value, at } of values) {
    if (seen.has(value)) f.error(valueAt(at), rule, message(value, at), hint)
    seen.add(value)
  }
}

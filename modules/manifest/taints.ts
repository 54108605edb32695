// Instance group taints and node labels (API_RULES §3): each taint parses as KEY[=VALUE]:EFFECT
// with a known effect and a key used once; a node label key has at most one `/`.
import { entries, ownerAt, texts, valueAt, type At } from './nodes.ts'
import { field, type Findings } from './problem.ts'

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

export interface Taint {
  key: string
  value: string
  effect: string
}

/**
 * A taint as kOps's util.ParseTaint splits it, or undefined when it does not parse. Unlike kOps,
 * the effect is required and checked: the kubelet refuses to register with any other taint.
 */
export function parseTaint(s: string): Taint | undefined {
  const parts = s.split(':')
  if (parts.length !== 2) return undefined
  const kv = parts[0].split('=')
  if (kv.length > 2 || kv[0] === '' || !TAINT_EFFECTS.includes(parts[1])) return undefined
  return { key: kv[0], value: kv[1] ?? '', effect: parts[1] }
}

/** Checks spec.taints: each parses, and no key is used twice. */
export function checkTaints(f: Findings, list: At | undefined): void {
  const keys = new Set<string>()
  for (const { value, at } of texts(list)) {
    const taint = parseTaint(value)
    if (taint === undefined) {
      const hint = `write KEY[=VALUE]:EFFECT with EFFECT one of ${TAINT_EFFECTS.join(', ')}, e.g. dedicated=batch:NoSchedule`
      f.error(valueAt(at), 'ig-taint', field.invalid(at.path, value, 'invalid taint value'), hint)
      continue
    }
    if (keys.has(taint.key)) {
      const message = field.forbidden(at.path, `cannot add multiple taints with key ${JSON.stringify(taint.key)}`)
      f.error(valueAt(at), 'ig-taint-duplicate-key', message, 'keep one taint per key')
    }
    keys.add(taint.key)
  }
}

/** Checks spec.nodeLabels keys: `prefix/name` at most. */
export function checkNodeLabels(f: Findings, labels: At | undefined): void {
  for (const [key, at] of entries(labels)) {
    if (key.split('/').length <= 2) continue
    const message = field.invalid('spec.nodeLabels', key, 'Node label may only contain a single slash')
    f.error(ownerAt(at), 'ig-node-label', message, 'write the key as PREFIX/NAME, e.g. example.com/team')
  }
}

// The cache key of a stage run: SHA-256 over the canonical encoding of its key parts.
// Parts are a flat map so `explain` can name exactly which one changed.
import type { Stage } from '../graph/mod.ts'
import { canonical, flatten, sha256 } from './canonical.ts'

export interface KeyInput {
  stage: Stage
  params: Record<string, unknown>
  /** The cluster settings the stage declared relevant. */
  settings: unknown
  /** Input file path (relative to the root) → content hash, or "missing". */
  files: Record<string, string>
  /** Result of each needed stage. */
  needs: Record<string, unknown>
  /** Tool name → version. */
  tools: Record<string, string>
}

export type KeyParts = Record<string, string>

/**
 * Every part a stage's key is made of: identity and version, target params, relevant settings,
 * input file hashes, the results of its needs (leaf by leaf) and tool versions.
 */
export function keyParts(input: KeyInput): KeyParts {
  const { stage } = input
  const parts: KeyParts = { stage: `${stage.name}@${stage.version} (${stage.kind})` }
  flatten('params', input.params, parts)
  flatten('settings', input.settings, parts)
  for (const [path, hash] of Object.entries(input.files)) parts[`file:${path}`] = hash
  for (const need of stage.needs) flatten(`needs.${need}`, input.needs[need] ?? null, parts)
  for (const [tool, version] of Object.entries(input.tools)) parts[`tool:${tool}`] = version
  return parts
}

export const keyOf = (parts: KeyParts): string => sha256(canonical(parts))

/** One difference between the parts of the last success and the current parts. */
export interface PartChange {
  part: string
  before?: string
  after?: string
}

/** The parts that differ, sorted by name; `before`/`after` absent when the part is new/gone. */
export function diffParts(before: KeyParts, after: KeyParts): PartChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return names
    .filter((n) => before[n] !== after[n])
    .map((part) => ({ part, before: before[part], after: after[part] }))
}

/** `file:2-kops/x.eta changed`, `values.a 1 → 2`, `tool:kops 1.28.4 → 1.29.0`: one change in words. */
export function describeChange(c: PartChange): string {
  const name = c.part.startsWith('needs.') ? c.part.slice('needs.'.length) : c.part
  if (c.before === undefined) return `${name} is new${c.part.startsWith('file:') ? '' : ` (${c.after})`}`
  if (c.after === undefined) return `${name} is gone`
  if (c.part.startsWith('file:')) return c.after === 'missing' ? `${name} was deleted` : `${name} changed`
  return `${name} ${c.before} → ${c.after}`
}

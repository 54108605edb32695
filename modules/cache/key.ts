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

/** A leaf as a person reads it: strings without their JSON quotes. */
function shown(text: string): string {
  if (!text.startsWith('"')) return text
  try {
    return JSON.parse(text) as string
  } catch {
    return text
  }
}

/** `file 2-kops/x.eta changed`, `outputs.cluster_version 1.28.4 → 1.29.7`: one change in words. */
export function describeChange(c: PartChange): string {
  if (c.part.startsWith('file:')) {
    const name = `file ${c.part.slice('file:'.length)}`
    if (c.before === undefined || c.before === 'missing') return `${name} is new`
    if (c.after === undefined) return `${name} is no longer an input`
    // A file an earlier stage will write before this one runs (see plan/writes.ts).
    if (c.after.startsWith('rewritten by ')) return `${name} is ${c.after}`
    return c.after === 'missing' ? `${name} was deleted` : `${name} changed`
  }
  const name = c.part.replace(/^needs\./, '').replace(/^tool:/, 'tool ')
  if (c.before === undefined) return `${name} is new (${shown(c.after ?? '')})`
  if (c.after === undefined) return `${name} is gone (was ${shown(c.before)})`
  return `${name} ${shown(c.before)} → ${shown(c.after)}`
}

// The cache contract as one pure function: given a stage's key and its last success, run or skip,
// and why (ARCHITECTURE.md section 3).
import { describeChange, diffParts, type CacheRecord, type KeyParts, type PartChange } from '../cache/mod.ts'
import type { StageKind } from '../graph/mod.ts'

export type Decision =
  | { action: 'run'; reason: string; changes: PartChange[] }
  | { action: 'skip'; status: 'cached' | 'skipped'; reason: string }
  | { action: 'fail'; reason: string }

export interface DecideInput {
  kind: StageKind
  parts: KeyParts
  key: string
  record?: CacheRecord
  forced: boolean
  offline: boolean
  /** What is wrong with the recorded output files, or undefined when they are all intact. */
  outputProblem?: string
  /** The stage's own reason to skip (skipIf), such as "no changes". */
  skipReason?: string
  /** false: a write stage that runs whenever it is asked for. */
  cached?: boolean
}

/** How many changed parts a reason names before "and N more". */
const SHOWN = 3

export function summarizeChanges(changes: PartChange[]): string {
  const shown = changes.slice(0, SHOWN).map(describeChange).join(', ')
  return changes.length > SHOWN ? `${shown} and ${changes.length - SHOWN} more` : shown
}

export function decide(i: DecideInput): Decision {
  const changes = i.record ? diffParts(i.record.parts, i.parts) : []
  if (i.forced) return { action: 'run', reason: 'forced (--force)', changes }
  // A stage's own reason not to run holds for reads too (no health check after an apply that changed nothing).
  if (i.skipReason !== undefined) return { action: 'skip', status: 'skipped', reason: i.skipReason }
  if (i.kind === 'read') {
    if (!i.offline) return { action: 'run', reason: 'reads live state', changes }
    if (!i.record) return { action: 'fail', reason: 'offline, and no recorded result to serve' }
    const from = i.record.finishedAt.startsWith('committed ') ? i.record.finishedAt.slice('committed '.length) : `the result of ${i.record.finishedAt}`
    return { action: 'skip', status: 'cached', reason: `offline: served from ${from}` }
  }
  if (i.cached === false) return { action: 'run', reason: 'runs whenever it is asked for', changes }
  if (!i.record) return { action: 'run', reason: 'no previous success', changes }
  if (i.record.key !== i.key) return { action: 'run', reason: `changed: ${summarizeChanges(changes)}`, changes }
  // A pure or write stage whose recorded output files were deleted or edited makes them again.
  if (i.outputProblem !== undefined) return { action: 'run', reason: i.outputProblem, changes }
  const reason = i.kind === 'write' ? 'up to date: last succeeded with these inputs' : 'cached'
  // A record restored from the remote cache says whose work it was.
  return { action: 'skip', status: 'cached', reason: i.record.origin ? `${reason} (from the remote cache: ${i.record.origin})` : reason }
}

/** The first recorded output that is gone or differs from what the stage wrote, in words. */
export function outputProblem(recorded: Record<string, string>, current: Record<string, string>): string | undefined {
  for (const [path, hash] of Object.entries(recorded)) {
    if (current[path] === 'missing') return `output ${path} is missing`
    if (current[path] !== hash) return `output ${path} was modified`
  }
  return undefined
}

// A stage's expected problems are values: `run` (or `commands`) returns a stage failure instead of
// its result, carrying a `Failure` the one printer (diag/print.ts) turns into text.
import type { Failure } from '../diag/mod.ts'

/** What a stage returns instead of its result when an expected problem stops it. */
export interface StageFailure {
  ok: false
  failure: Failure
}

export const stageFailure = (failure: Failure): StageFailure => ({ ok: false, failure })

/** A stage failure whose whole message is `detail` (a tool's output unreadable, a cluster not healthy). */
export const stageFailed = (detail: string): StageFailure => stageFailure({ reason: 'stage-failed', detail })

/** A refusal found by the stage itself (exit 3): what it refuses, one line per cause, the way through. */
export const stageRefused = (detail: string, lines: string[], hint: string): StageFailure => stageFailure({ reason: 'stage-refused', detail, lines, hint })

/**
 * Whether a stage returned a failure rather than its result. Stage results are JSON data; none
 * of the workflow's has the shape `{ ok: false, failure: { reason } }`.
 */
export function isStageFailure(value: unknown): value is StageFailure {
  if (typeof value !== 'object' || value === null || !('ok' in value) || !('failure' in value)) return false
  const failure = value.failure
  return value.ok === false && typeof failure === 'object' && failure !== null && 'reason' in failure
}

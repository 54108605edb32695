// What the executor tells the reporter while it runs, and what a run ends with.

export type StageStatus = 'ran' | 'cached' | 'skipped' | 'failed' | 'not-reached'
export type ClusterStatus = 'ok' | 'failed' | 'not-run'

export interface StageOutcome {
  name: string
  status: StageStatus
  durationMs: number
  reason: string
  /** What the stage's result means for a reviewer (plan counts, groups to roll), and as data. */
  note?: string
  details?: Record<string, unknown>
  /** The result says changes are pending (a plan with changes). */
  pending?: boolean
  /** Lines the summary lists under the note (each resource a plan replaces or deletes). */
  lines?: string[]
  /** The commands' stdout, for stages whose output is the answer (`show`). */
  output?: string
  /** For failures: the stage refused (a guardrail; exit 3) rather than failed. */
  refused?: boolean
  /** For failures: the full log and its last lines. */
  logPath?: string
  logTail?: string[]
}

export interface ClusterOutcome {
  name: string
  status: ClusterStatus
  stages: StageOutcome[]
  /** Its wave, in a rollout. */
  wave?: number
  /** In a rollout: why its wave never started (an earlier wave stopped the rollout). */
  notStarted?: string
}

export type RunEvent =
  | { type: 'cluster-start'; cluster: string; stages: string[] }
  | { type: 'stage-start'; cluster: string; stage: string }
  | { type: 'stage-output'; cluster: string; stage: string; text: string }
  | { type: 'stage-end'; cluster: string; outcome: StageOutcome }
  | { type: 'cluster-end'; cluster: string; status: ClusterStatus }
  /** It stopped before a gated stage, to wait for the run's one confirmation. */
  | { type: 'cluster-paused'; cluster: string; stage: string }
  | { type: 'warning'; message: string }

/**
 * The detail a `show` stage's report may give for people (`details.shown`, a string): printed after
 * the run instead of its raw output, which --json keeps (as `output`, next to the other details).
 */
export const SHOWN_DETAIL = 'shown'

/**
 * The detail a stage's report may give as its one-line summary (`details.summary`, a string: a
 * plan's `Plan: 1 to add, 0 to change, 0 to destroy.`): said after a successful run, with the
 * stage's log, which holds the whole of its output.
 */
export const SUMMARY_DETAIL = 'summary'

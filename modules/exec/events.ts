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
  /** The commands' stdout, for stages whose output is the answer (`show`). */
  output?: string
  /** For failures: the full log and its last lines. */
  logPath?: string
  logTail?: string[]
}

export interface ClusterOutcome {
  name: string
  status: ClusterStatus
  stages: StageOutcome[]
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

// What a run is asked to do and what it ends with: shared by the executor and one cluster's run,
// kept apart so that neither imports the other's types back.
import type { Failure } from '../diag/mod.ts'
import type { PlanOptions } from '../plan/mod.ts'
import type { ClusterOutcome } from './events.ts'

export interface ExecuteOptions extends PlanOptions {
  concurrency: number
  /** Start new clusters after one failed (default: let running ones finish, start no new ones). */
  keepGoing: boolean
  /** Approves gated stages without asking. */
  yes: boolean
  signal: AbortSignal
}

export interface RunOutcome {
  clusters: ClusterOutcome[]
  interrupted: boolean
  refused?: Failure
}

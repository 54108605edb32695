// What a run is asked to do and what it ends with: shared by the executor and one cluster's run,
// kept apart so that neither imports the other's types back.
import type { Failure } from '../diag/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import type { PlanOptions } from '../plan/mod.ts'
import type { ClusterOutcome } from './events.ts'

/** One wave of a rollout: its number (1-based, as people count) and its clusters. */
export interface Wave {
  number: number
  clusters: readonly string[]
}

/**
 * A rollout in waves: each wave starts only when every cluster of the one before finished (its
 * health check included); `total` is how many waves the whole rollout has (a resumed one runs fewer).
 */
export interface Rollout {
  waves: readonly Wave[]
  total: number
}

/** At most `max` clusters of one pool (an AWS account) in flight at once, on top of the concurrency. */
export interface Pools {
  of: (cluster: ClusterInfo) => string
  max: number
}

export interface ExecuteOptions extends PlanOptions {
  concurrency: number
  /** Start new clusters after one failed (default: let running ones finish, start no new ones). */
  keepGoing: boolean
  /** Approves gated stages without asking. */
  yes: boolean
  signal: AbortSignal
  rollout?: Rollout
  pools?: Pools
}

/** How a wave ended; a wave not started says why (the wave that stopped the rollout). */
export interface WaveOutcome {
  number: number
  clusters: string[]
  status: 'ok' | 'failed' | 'not-started'
  reason?: string
}

export interface RunOutcome {
  clusters: ClusterOutcome[]
  interrupted: boolean
  refused?: Failure
  /** With a rollout: each wave, in order, and how it ended. */
  waves?: WaveOutcome[]
  /** With a rollout: how many waves the whole rollout has. */
  totalWaves?: number
  /** The id of the run's journal, when it was recorded (tasks resume carries it on). */
  journal?: string
}

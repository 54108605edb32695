// How clusters and stages ended, as people and --json see them: the executor's statuses, except
// that an interrupted run (Ctrl-C, SIGTERM, SIGHUP) shows what the interrupt stopped as "interrupted" and
// the clusters it kept from starting as "not-started", rather than counting them as failed or not run.
import type { ClusterOutcome, ClusterStatus, RunOutcome, StageOutcome, StageStatus } from '../exec/mod.ts'

export type ClusterResult = ClusterStatus | 'interrupted' | 'not-started'
export type StageResult = StageStatus | 'interrupted'

/** A stage the interrupt stopped while it ran (the executor fails it with the reason "interrupted"). */
const stoppedWhileRunning = (s: StageOutcome): boolean => s.status === 'failed' && s.reason === 'interrupted'

export function stageResult(outcome: RunOutcome, s: StageOutcome): StageResult {
  return outcome.interrupted && stoppedWhileRunning(s) ? 'interrupted' : s.status
}

/**
 * A cluster running when the interrupt came is "interrupted" (in a stage, or between two); one whose
 * first stage it never reached is "not-started". Everything else keeps its status: finished (ok),
 * failed on its own, or not run for another reason (another cluster failed first).
 */
export function clusterResult(outcome: RunOutcome, c: ClusterOutcome): ClusterResult {
  // A rollout's wave that never started (an earlier wave stopped it).
  if (c.notStarted) return 'not-started'
  if (!outcome.interrupted || c.status === 'ok') return c.status
  if (c.stages.some(stoppedWhileRunning)) return 'interrupted'
  if (c.status === 'failed') return c.status
  const unreached = c.stages.find((s) => s.status === 'not-reached')
  if (unreached && unreached.reason !== 'interrupted') return c.status
  return c.stages.every((s) => s.status === 'not-reached') ? 'not-started' : 'interrupted'
}

/** How many clusters ended each way, for the closing line. */
export function countResults(outcome: RunOutcome): Record<ClusterResult, number> {
  const counts: Record<ClusterResult, number> = { ok: 0, failed: 0, interrupted: 0, 'not-started': 0, 'not-run': 0 }
  for (const c of outcome.clusters) counts[clusterResult(outcome, c)]++
  return counts
}

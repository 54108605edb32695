// Refusals: stages that must not run at all for a cluster (the teardown of a protected cluster
// without --allow-protected). Decided before anything runs or is asked, from the cluster and the
// run's params alone, so a refused run changes nothing and asks nothing.
import type { Failure } from '../diag/mod.ts'
import type { ClusterInfo, Refusal, Stage } from '../graph/mod.ts'

/** A stage's refusal for a cluster, if any. */
export const refusalOf = (stage: Stage, cluster: ClusterInfo, params: Record<string, unknown>, files?: Record<string, string | undefined>): Refusal | undefined =>
  stage.refuseIf?.(files ? { cluster, params, files } : { cluster, params })

/** One line for a refused stage's decision (explain, dry run): the reason, then the hint. */
export const refusalText = (r: Refusal): string => `refused: ${r.reason}${r.hint ? `; ${r.hint}` : ''}`

/**
 * Every refusal of a run, one failure per distinct reason (listing its clusters and stages);
 * empty when nothing is refused. With `readsOf` (after planning), checks that need files see them.
 */
export function refusals(
  stages: readonly Stage[],
  clusters: readonly ClusterInfo[],
  params: Record<string, unknown>,
  readsOf?: (cluster: string, stage: string) => Record<string, string | undefined>,
): Failure[] {
  const byReason = new Map<string, { refusal: Refusal; clusters: Set<string>; stages: Set<string> }>()
  for (const cluster of clusters) {
    for (const stage of stages) {
      const refusal = refusalOf(stage, cluster, params, readsOf?.(cluster.name, stage.name))
      if (!refusal) continue
      const id = `${refusal.reason}\n${refusal.hint ?? ''}`
      const entry = byReason.get(id) ?? { refusal, clusters: new Set(), stages: new Set() }
      entry.clusters.add(cluster.name)
      entry.stages.add(stage.name)
      byReason.set(id, entry)
    }
  }
  return [...byReason.values()].map(({ refusal, clusters, stages }) => asFailure(refusal, [...clusters], [...stages]))
}

/** A refusal as the one printer's failure: a usage error names what is missing; others are refusals. */
function asFailure(refusal: Refusal, clusters: string[], stages: string[]): Failure {
  if (refusal.usage) return { reason: 'missing-option', option: refusal.usage.missing, hint: [refusal.reason, refusal.hint].filter(Boolean).join('; ') }
  // The printer ends the detail with a period; a hint goes on its own line, as in every message.
  const detail = `${refusal.reason}; nothing ran${refusal.hint ? `.\nhint: ${refusal.hint}` : ''}`
  return { reason: 'refused', clusters, stages, detail, changes: [] }
}

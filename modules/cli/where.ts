// After a run, where its results are, per cluster that succeeded: each requested stage's files (what
// tasks.ts declares it records or writes, outside the cluster's private working directory) and, for
// a stage whose report gives a summary line (a plan), that line with the log that holds all of it.
import { isAbsolute, relative } from 'node:path'
import { SUMMARY_DETAIL, logPath, type RunOutcome, type StageOutcome } from '../exec/mod.ts'
import type { ClusterInfo, Graph, Stage } from '../graph/mod.ts'
import { forCluster } from '../plan/mod.ts'

export interface WhereInput {
  outcome: RunOutcome
  graph: Graph
  targets: readonly string[]
  clusters: readonly ClusterInfo[]
  /** The project root and state directory, absolute; paths are shown relative to the root. */
  root: string
  stateDir: string
}

/** The stages the targets name (not the ones they need first), in order, once each. */
function requested(graph: Graph, targets: readonly string[]): Stage[] {
  const names = [...new Set(targets.flatMap((t) => graph.targets.get(t)?.stages ?? []))]
  return names.flatMap((n) => graph.stages.get(n) ?? [])
}

/** A stage's declared files for one cluster, relative to the root; its working copies left out. */
function filesOf(stage: Stage, cluster: ClusterInfo, state: string): string[] {
  const declared = forCluster([...(stage.recorded ? [stage.recorded] : []), ...stage.outputs], cluster, state)
  return declared.filter((p) => !p.startsWith(`${state}/work/`))
}

/** `path` as shown: relative to the root when inside it, else absolute (a `stateDir: /var/tmp/x`). */
function shown(root: string, path: string): string {
  const rel = relative(root, path)
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel
}

/** One stage's line, or none when it has nothing to point at. */
function line(i: WhereInput, cluster: ClusterInfo, stage: Stage, outcome: StageOutcome): string | undefined {
  const state = shown(i.root, i.stateDir)
  const summary = outcome.details?.[SUMMARY_DETAIL]
  const log = typeof summary === 'string' ? [shown(i.root, logPath(i.stateDir, cluster.name, stage.name))] : []
  const paths = [...log, ...filesOf(stage, cluster, state)]
  if (!paths.length) return undefined
  return `${cluster.name}: ${stage.name}: ${paths.join(', ')}${typeof summary === 'string' ? ` (${summary})` : ''}`
}

/**
 * `demo: plan: .tasks/logs/demo/plan.log (Plan: 1 to add, 0 to change, 0 to destroy.)`,
 * `demo: kubeconfig: .tasks/kube/demo/config`: one line per requested stage that ran or was
 * cached, in clusters that ended ok; empty when there is nothing to point at.
 */
export function whereText(i: WhereInput): string {
  const stages = requested(i.graph, i.targets)
  const lines: string[] = []
  for (const c of i.outcome.clusters) {
    const cluster = i.clusters.find((k) => k.name === c.name)
    if (c.status !== 'ok' || !cluster) continue
    for (const stage of stages) {
      const outcome = c.stages.find((s) => s.name === stage.name)
      if (outcome?.status !== 'ran' && outcome?.status !== 'cached') continue
      const text = line(i, cluster, stage, outcome)
      if (text) lines.push(text)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

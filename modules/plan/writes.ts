// What the files will hold when a stage runs: the run hashes a stage's inputs after the stages
// before it wrote theirs, so the planner must see the same files, or explain and the run disagree
// (a hand-edited cluster.yml that render writes again is not an input change for kops-tf).
import { relative } from 'node:path'
import type { CacheRecord } from '../cache/mod.ts'
import type { Stage } from '../graph/mod.ts'
import type { Decision } from './decide.ts'
import { forCluster, type ClusterFacts, type PlanOptions } from './evaluate.ts'

/** The marker hash of a file a stage that runs will write with content not known yet. */
export const rewrittenBy = (stage: string): string => `rewritten by ${stage}`

/**
 * Records what a stage decided to run will leave in its output files: what it wrote at its last
 * success when its key is the same (it reruns to restore them, or is forced), else a marker.
 */
export function predictWrites(written: Map<string, string>, stage: Stage, facts: ClusterFacts, key: string, decision: Decision, options: PlanOptions): void {
  if (decision.action !== 'run') return
  const record: CacheRecord | undefined = facts.records[stage.name]
  const declared = forCluster(stage.outputs, facts.cluster, relative(options.root, options.stateDir))
  for (const path of new Set([...declared, ...Object.keys(record?.outputs ?? {})])) {
    const same = record && record.key === key ? record.outputs[path] : undefined
    written.set(path, same ?? rewrittenBy(stage.name))
  }
}

/** The facts a stage is decided on: its input and output hashes as the stages before it leave them. */
export function factsAfter(facts: ClusterFacts, stage: Stage, written: ReadonlyMap<string, string>): { facts: ClusterFacts; rewritten: boolean } {
  const files = facts.files[stage.name] ?? {}
  const outputs = facts.outputs[stage.name] ?? {}
  const touched = [...Object.keys(files), ...Object.keys(outputs)].some((p) => written.has(p))
  if (!touched) return { facts, rewritten: false }
  const overlay = (hashes: Record<string, string>) => Object.fromEntries(Object.entries(hashes).map(([p, h]) => [p, written.get(p) ?? h]))
  return {
    facts: { ...facts, files: { ...facts.files, [stage.name]: overlay(files) }, outputs: { ...facts.outputs, [stage.name]: overlay(outputs) } },
    rewritten: true,
  }
}

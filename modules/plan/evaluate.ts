// One stage's key and decision, from facts gathered beforehand. Shared by the planner (with the
// last recorded results of upstream stages) and, through redecide.ts, by the executor (with their
// actual results, where the run learned something the plan could only assume).
import { join } from 'node:path'
import { keyOf, keyParts, type CacheRecord, type KeyParts } from '../cache/mod.ts'
import type { ClusterInfo, Stage, StageContext } from '../graph/mod.ts'
import { decide, outputProblem, type Decision } from './decide.ts'
import { refusalOf, refusalText } from './refuse.ts'

/** What the effectful gatherer found out about one cluster before planning. */
export interface ClusterFacts {
  readonly cluster: ClusterInfo
  readonly records: Readonly<Record<string, CacheRecord | undefined>>
  /** Stage → its input files' hashes. */
  readonly files: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** Stage → current hashes of the output files its record lists. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>
  readonly tools: Readonly<Record<string, string>>
  /** Stage → the contents of its `reads` files (undefined: absent). */
  readonly reads: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>
}

export interface PlanOptions {
  /** true: every stage; a list: those stages; false: none. */
  force: boolean | readonly string[]
  offline: boolean
  params: Record<string, unknown>
  root: string
  stateDir: string
}

export interface Evaluation {
  parts: KeyParts
  key: string
  decision: Decision
}

/**
 * Replaces `{cluster}` (the name), `{clusterDir}` (its directory, relative to the root) and
 * `{state}` (the state directory, relative to the root) in declared paths.
 */
export const forCluster = (paths: readonly string[], cluster: { name: string; dir: string }, state: string): string[] =>
  paths.map((p) => p.replaceAll('{clusterDir}', cluster.dir).replaceAll('{cluster}', cluster.name).replaceAll('{state}', state))

export function stageContext(
  cluster: ClusterInfo,
  needs: Record<string, unknown>,
  options: PlanOptions,
): StageContext<Record<string, unknown>> {
  return { cluster, needs, params: options.params, root: options.root, stateDir: options.stateDir, workDir: join(options.stateDir, 'work', cluster.name) }
}

export function isForced(force: PlanOptions['force'], stage: string): boolean {
  return force === true || (Array.isArray(force) && force.includes(stage))
}

export function evaluateStage(
  stage: Stage,
  facts: ClusterFacts,
  needs: Record<string, unknown>,
  options: PlanOptions,
  provisional = false,
): Evaluation {
  const ctx = stageContext(facts.cluster, needs, options)
  const tools = Object.fromEntries(stage.tools.map((t) => [t, facts.tools[t] ?? 'unknown']))
  const parts = keyParts({
    stage,
    params: Object.fromEntries(stage.params.filter((p) => p in options.params).map((p) => [p, options.params[p]])),
    settings: stage.settings(facts.cluster),
    files: facts.files[stage.name] ?? {},
    needs,
    tools,
  })
  const key = keyOf(parts)
  const record = facts.records[stage.name]
  // A refused stage never runs, whatever the cache says (the CLI refuses the run before this).
  const refusal = refusalOf(stage, facts.cluster, options.params, facts.reads[stage.name] ?? {})
  if (refusal) return { parts, key, decision: { action: 'fail', reason: refusalText(refusal) } }
  const decision = decide({
    kind: stage.kind,
    parts,
    key,
    record,
    forced: isForced(options.force, stage.name),
    offline: options.offline,
    outputProblem: record ? outputProblem(record.outputs, facts.outputs[stage.name] ?? {}) : undefined,
    skipReason: provisional ? tryOrUndefined(() => stage.skipIf?.(ctx)) : stage.skipIf?.(ctx),
    cached: stage.cached,
  })
  return { parts, key, decision }
}

/** While planning, upstream results may be guesses a stage function cannot handle. */
export function tryOrUndefined<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}

// The pure planner: stages in order + gathered facts → each stage decided run / skip, with why.
// Where an upstream stage will run, its result is not known yet: the plan assumes it returns what
// it returned last time and marks the decision provisional (the run decides it again, redecide.ts).
// Files an earlier stage will write are seen as that stage will leave them (writes.ts), as the run sees them.
import { plannedCommands, type Command, type Stage } from '../graph/mod.ts'
import type { KeyParts, PartChange } from '../cache/mod.ts'
import type { Decision } from './decide.ts'
import { evaluateStage, stageContext, tryOrUndefined, type ClusterFacts, type PlanOptions } from './evaluate.ts'
import { factsAfter, predictWrites } from './writes.ts'

/** One stage as planned. Read-only: the run keeps what it learns apart (redecide.ts). */
export interface PlannedStage {
  readonly stage: Stage
  /** The key's parts and the key, as a record of this stage would hold them. */
  readonly parts: KeyParts
  readonly key: string
  readonly decision: Decision
  /** True when the decision rests on assumed results of upstream stages that will run. */
  readonly provisional: boolean
  /** What --dry-run prints; undefined when they cannot be known before upstream stages run. */
  readonly commands?: Command[]
}

export interface ClusterPlan {
  readonly facts: ClusterFacts
  readonly stages: readonly PlannedStage[]
}

export function planCluster(stages: readonly Stage[], facts: ClusterFacts, options: PlanOptions): ClusterPlan {
  const results: Record<string, unknown> = {}
  const certain = new Set<string>()
  const planned: PlannedStage[] = []
  const written = new Map<string, string>()
  for (const stage of stages) {
    const needs = Object.fromEntries(stage.needs.map((n) => [n, results[n]]))
    const seen = factsAfter(facts, stage, written)
    const provisional = stage.needs.some((n) => !certain.has(n)) || seen.rewritten
    const { parts, key, decision } = evaluateStage(stage, seen.facts, needs, options, provisional)
    predictWrites(written, stage, facts, key, decision, options)
    results[stage.name] = facts.records[stage.name]?.result ?? null
    if (decision.action === 'skip' && !provisional) certain.add(stage.name)
    const ctx = stageContext(facts.cluster, needs, options)
    const commands = decision.action === 'run' ? tryOrUndefined(() => plannedCommands(stage, ctx)) : undefined
    planned.push({ stage, parts, key, decision, provisional, commands })
  }
  return { facts, stages: planned }
}

/** The changed parts behind a run decision (empty for skips and first runs). */
export const changesOf = (d: Decision): PartChange[] => (d.action === 'run' ? d.changes : [])

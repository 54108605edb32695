// A stage's decision during a run, as one pure rule: the plan's decision stands unless something
// the stage depends on was produced in this run and may differ from what the plan assumed; only
// then is it decided again, on what the run learned. `explain` prints the plan, so it and the run
// disagree only where a live read (or a stage that ran) changed something.
import type { CacheRecord } from '../cache/mod.ts'
import type { Stage } from '../graph/mod.ts'
import { evaluateStage, type ClusterFacts, type Evaluation, type PlanOptions } from './evaluate.ts'
import type { PlannedStage } from './planner.ts'
import { factsAfter } from './writes.ts'

/** What one cluster's run has learned so far. Immutable: each stage makes a new one. */
export interface RunSoFar {
  /** Each stage's result in this run: what it returned, or (skipped) its recorded result. */
  readonly results: Readonly<Record<string, unknown>>
  /** Stages that ran in this run: their results may differ from the recorded ones the plan assumed. */
  readonly ran: ReadonlySet<string>
  /** Files the stages that ran wrote: path → hash as they left it. */
  readonly written: ReadonlyMap<string, string>
  /** Records this run wrote, or dropped (undefined), by stage: they replace the plan's. */
  readonly records: Readonly<Record<string, CacheRecord | undefined>>
}

export const runStart: RunSoFar = { results: {}, ran: new Set(), written: new Map(), records: {} }

/** A stage's record as it stands in this run: written or dropped by it, else the one the plan read. */
export const recordIn = (facts: ClusterFacts, run: RunSoFar, stage: string): CacheRecord | undefined =>
  stage in run.records ? run.records[stage] : facts.records[stage]

/**
 * The results a stage's needs give it. `ahead` (looking past the current stage, for the gate
 * question): a need not reached yet is assumed to return its recorded result, as the planner assumes.
 */
export function needsIn(stage: Stage, facts: ClusterFacts, run: RunSoFar, ahead = false): Record<string, unknown> {
  const assumed = (n: string): unknown => (ahead ? (recordIn(facts, run, n)?.result ?? null) : undefined)
  return Object.fromEntries(stage.needs.map((n) => [n, n in run.results ? run.results[n] : assumed(n)]))
}

/** Why the plan's decision on a stage may not hold in this run; undefined when it holds. */
export function staleBecause(planned: PlannedStage, facts: ClusterFacts, run: RunSoFar): string | undefined {
  const { stage } = planned
  if (planned.provisional) return 'the plan assumed the results of stages that run first'
  const ran = stage.needs.find((n) => run.ran.has(n))
  if (ran !== undefined) return `${ran} ran`
  if (factsAfter(facts, stage, run.written).rewritten) return 'a stage of this run rewrote its files'
  if (stage.name in run.records) return 'this run changed its record'
  return undefined
}

/**
 * The stage's key and decision in this run: the plan's while it holds, else decided again with its
 * needs' results so far, the files as this run left them, and the records as this run left them.
 */
export function redecide(planned: PlannedStage, facts: ClusterFacts, run: RunSoFar, options: PlanOptions, ahead = false): Evaluation {
  if (staleBecause(planned, facts, run) === undefined) return { parts: planned.parts, key: planned.key, decision: planned.decision }
  const { stage } = planned
  const seen = factsAfter({ ...facts, records: { ...facts.records, ...run.records } }, stage, run.written).facts
  return evaluateStage(stage, seen, needsIn(stage, facts, run, ahead), options, ahead)
}

/** The run after a stage was served from its record (skipped, cached): its result is the recorded one. */
export const afterServed = (run: RunSoFar, stage: string, result: unknown): RunSoFar => ({ ...run, results: { ...run.results, [stage]: result } })

/** The run after a stage was restored from the remote cache: its result served, its record this run's. */
export const afterRestored = (run: RunSoFar, stage: string, record: CacheRecord): RunSoFar =>
  ({ ...afterServed(run, stage, record.result), records: { ...run.records, [stage]: record } })

/** The run after a stage ran and its record was written: its result and files, and the records it undoes dropped. */
export function afterRan(run: RunSoFar, stage: Stage, record: CacheRecord): RunSoFar {
  const records: Record<string, CacheRecord | undefined> = { ...run.records, [stage.name]: record }
  for (const undone of stage.undoes) records[undone] = undefined
  return {
    results: { ...run.results, [stage.name]: record.result },
    ran: new Set([...run.ran, stage.name]),
    written: new Map([...run.written, ...Object.entries(record.outputs)]),
    records,
  }
}

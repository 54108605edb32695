// One cluster's stages, in order, from wherever it stopped. Each takes the plan's decision unless
// this run produced something it depends on (redecide.ts); what the run learns is the executor's
// own state, never written into the plan; records are written only after success. A run that must
// ask first stops before its first gated stage that has something to do, so that one confirmation
// can cover every cluster.
import { dropRecord, writeRecord, type CacheRecord } from '../cache/mod.ts'
import type { Stage, StageContext } from '../graph/mod.ts'
import { afterRan, afterRestored, afterServed, needsIn, recordIn, redecide, runStart, stageContext, tryOrUndefined, type ClusterPlan, type PlannedStage, type RunSoFar } from '../plan/mod.ts'
import type { ClusterStatus, StageOutcome } from './events.ts'
import type { Gatherer } from './gather.ts'
import type { Ports } from './ports.ts'
import { restoreRemote, shareRecord } from './remote-restore.ts'
import { runStage } from './stage-run.ts'
import type { ExecuteOptions } from './types.ts'

/** Where a cluster is: the next stage to consider, what its run learned so far, outcomes so far. */
export interface ClusterProgress {
  readonly plan: ClusterPlan
  next: number
  /** Replaced, never changed, after each stage. */
  run: RunSoFar
  stages: StageOutcome[]
  /**
   * Set when it stopped before a gated stage that would change something: that stage and the gated
   * ones after it that one approval covers (up to the next read, whose result a later gate needs).
   */
  paused?: { stage: string; gates: Gate[] }
  /** Gated stages already approved in this run. */
  approved: Set<string>
}

/** A gated stage and what it is about to change, as the question lists it. */
export interface Gate {
  stage: string
  summary: string
}

export interface RunEnv {
  ports: Ports
  gather: Gatherer
  options: ExecuteOptions
}

export const notReached = (stage: Stage, reason: string): StageOutcome => ({ name: stage.name, status: 'not-reached', durationMs: 0, reason })

export const newProgress = (plan: ClusterPlan): ClusterProgress => ({ plan, next: 0, run: runStart, stages: [], approved: new Set() })

/** The cluster's status from its outcomes. */
export function statusOf(stages: readonly StageOutcome[]): ClusterStatus {
  if (stages.some((s) => s.status === 'failed')) return 'failed'
  return stages.some((s) => s.status === 'not-reached') ? 'not-run' : 'ok'
}

/** Marks every stage from `next` on as not reached, with a reason. */
export function abandon(p: ClusterProgress, reason: string, env: RunEnv): void {
  const cluster = p.plan.facts.cluster.name
  for (const { stage } of p.plan.stages.slice(p.next)) {
    const outcome = notReached(stage, reason)
    p.stages.push(outcome)
    env.ports.reporter.event({ type: 'stage-end', cluster, outcome })
  }
  p.next = p.plan.stages.length
}

/** Runs from `p.next`; with `pauseAtGates`, stops (and says so) before a gated stage that would run. */
export async function advance(p: ClusterProgress, env: RunEnv, pauseAtGates: boolean): Promise<void> {
  const { ports, options } = env
  const cluster = p.plan.facts.cluster.name
  delete p.paused
  ports.reporter.event({ type: 'cluster-start', cluster, stages: p.plan.stages.slice(p.next).map((s) => s.stage.name) })
  while (p.next < p.plan.stages.length) {
    if (options.signal.aborted) return abandon(p, 'interrupted', env)
    const planned = p.plan.stages[p.next]
    const step = await runOne(planned, p, env, pauseAtGates).catch((error: Error): Step => ({ outcome: failedOutcome(planned.stage, error) }))
    if (step === 'pause') {
      ports.reporter.event({ type: 'cluster-paused', cluster, stage: planned.stage.name })
      return
    }
    const { outcome } = step
    if (step.run) p.run = step.run
    p.stages.push(outcome)
    p.next++
    ports.reporter.event({ type: 'stage-end', cluster, outcome })
    if (outcome.status === 'failed') abandon(p, `${planned.stage.name} failed`, env)
  }
  ports.reporter.event({ type: 'cluster-end', cluster, status: statusOf(p.stages) })
  await env.gather.hasher.save(`${options.stateDir}/cache/files.json`)
}

/** A stage's outcome, and the run as it left it (unchanged when it failed). */
type Step = { outcome: StageOutcome; run?: RunSoFar }

async function runOne(planned: PlannedStage, p: ClusterProgress, env: RunEnv, pauseAtGates: boolean): Promise<Step | 'pause'> {
  const { ports, options } = env
  const { facts } = p.plan
  const { stage } = planned
  const { key, parts, decision } = redecide(planned, facts, p.run, options)
  if (decision.action === 'skip') {
    const result = recordIn(facts, p.run, stage.name)?.result
    const outcome: StageOutcome = { name: stage.name, status: decision.status, durationMs: 0, reason: decision.reason, ...reported(stage, result) }
    return { outcome, run: afterServed(p.run, stage.name, result ?? null) }
  }
  if (decision.action === 'fail') return { outcome: { name: stage.name, status: 'failed', durationMs: 0, reason: decision.reason } }
  const restored = await restoreRemote(stage, facts.cluster.name, key, env)
  if (restored) {
    const outcome: StageOutcome = { name: stage.name, status: 'cached', durationMs: 0, reason: `restored from the remote cache: ${restored.origin}`, ...reported(stage, restored.result) }
    return { outcome, run: afterRestored(p.run, stage.name, restored) }
  }
  const ctx = stageContext(facts.cluster, needsIn(stage, facts, p.run), options)
  if (asks(stage, ctx) && pauseAtGates && !p.approved.has(stage.name)) {
    p.paused = { stage: stage.name, gates: [gateOf(stage, ctx), ...gatesAhead(p, env)] }
    return 'pause'
  }
  ports.reporter.event({ type: 'stage-start', cluster: facts.cluster.name, stage: stage.name })
  const started = ports.clock.now()
  const run = await runStage(stage, ctx, ports, { stateDir: options.stateDir, hasher: env.gather.hasher, signal: options.signal })
  const durationMs = ports.clock.now() - started
  if (!run.ok) {
    const refused = run.failure?.reason === 'stage-refused' ? { refused: true } : {}
    return { outcome: { name: stage.name, status: 'failed', durationMs, reason: run.reason, ...refused, logPath: run.logPath, logTail: run.logTail } }
  }
  const finishedAt = new Date(ports.clock.now()).toISOString()
  const fresh: CacheRecord = { format: 1, cluster: facts.cluster.name, stage: stage.name, key, parts, result: run.result, outputs: run.outputs, finishedAt, durationMs }
  await writeRecord(ports.fs, options.stateDir, fresh)
  shareRecord(stage, fresh, env)
  for (const undone of stage.undoes) await dropRecord(ports.fs, options.stateDir, facts.cluster.name, undone)
  const output = stage.show ? { output: run.stdout } : {}
  return { outcome: { name: stage.name, status: 'ran', durationMs, reason: decision.reason, ...reported(stage, run.result), ...output }, run: afterRan(p.run, stage, fresh) }
}

/** Whether a gated stage asks in this run (some ask only when they switch something, see gateWhen). */
const asks = (stage: Stage, ctx: StageContext<Record<string, unknown>>): boolean => stage.gated && (stage.gateWhen?.(ctx) ?? true)

const gateOf = (stage: Stage, ctx: StageContext<Record<string, unknown>>): Gate => ({
  stage: stage.name,
  summary: tryOrUndefined(() => stage.gateSummary?.(ctx)) ?? (stage.description || stage.name),
})

/**
 * The gated stages after the current one that the same approval covers: those that would run as
 * far as is known now (the plan's decision, or decided again on this run's results so far and the
 * last recorded ones beyond), up to the first read stage that runs (a plan, a dry run), whose
 * result the next question needs.
 */
function gatesAhead(p: ClusterProgress, env: RunEnv): Gate[] {
  const gates: Gate[] = []
  const { facts } = p.plan
  for (const planned of p.plan.stages.slice(p.next + 1)) {
    const { stage, decision, provisional } = planned
    if (stage.kind === 'read' && (decision.action === 'run' || provisional)) break
    if (!stage.gated) continue
    const ctx = stageContext(facts.cluster, needsIn(stage, facts, p.run, true), env.options)
    if (redecide(planned, facts, p.run, env.options, true).decision.action === 'run' && asks(stage, ctx)) gates.push(gateOf(stage, ctx))
  }
  return gates
}

/** An unexpected error around a stage (its record could not be written, an input not read): that stage fails. */
function failedOutcome(stage: Stage, error: Error): StageOutcome {
  return { name: stage.name, status: 'failed', durationMs: 0, reason: error.message ?? String(error) }
}

/** The stage's own note on its result, if it has one (a broken report never fails the stage). */
function reported(stage: Stage, result: unknown): Pick<StageOutcome, 'note' | 'details' | 'pending' | 'lines'> {
  if (!stage.report || result === null || result === undefined) return {}
  try {
    const r = stage.report(result)
    return { note: r.note, ...(r.data ? { details: r.data } : {}), ...(r.pending ? { pending: true } : {}), ...(r.lines?.length ? { lines: r.lines } : {}) }
  } catch {
    return {}
  }
}

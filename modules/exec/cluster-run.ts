// One cluster's stages, in order, from wherever it stopped: each decided again with the real
// results of its needs, recorded only after success. A run that must ask first stops before its
// first gated stage that has something to do, so that one confirmation can cover every cluster.
import { dropRecord, writeRecord } from '../cache/mod.ts'
import type { Stage, StageContext } from '../graph/mod.ts'
import { evaluateStage, stageContext, tryOrUndefined, type ClusterPlan } from '../plan/mod.ts'
import type { ClusterStatus, StageOutcome } from './events.ts'
import { refreshStage, type Gatherer } from './gather.ts'
import type { Ports } from './ports.ts'
import { runStage } from './stage-run.ts'
import type { ExecuteOptions } from './executor.ts'

/** Where a cluster is: the next stage to consider, results so far, outcomes so far. */
export interface ClusterProgress {
  plan: ClusterPlan
  next: number
  results: Record<string, unknown>
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

export const newProgress = (plan: ClusterPlan): ClusterProgress => ({ plan, next: 0, results: {}, stages: [], approved: new Set() })

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
    const { stage } = p.plan.stages[p.next]
    const outcome = await runOne(stage, p, env, pauseAtGates).catch((error: Error) => failedOutcome(stage, error))
    if (outcome === 'pause') {
      ports.reporter.event({ type: 'cluster-paused', cluster, stage: stage.name })
      return
    }
    p.stages.push(outcome)
    p.next++
    ports.reporter.event({ type: 'stage-end', cluster, outcome })
    if (outcome.status === 'failed') abandon(p, `${stage.name} failed`, env)
  }
  ports.reporter.event({ type: 'cluster-end', cluster, status: statusOf(p.stages) })
  await env.gather.hasher.save(`${options.stateDir}/cache/files.json`)
}

async function runOne(stage: Stage, p: ClusterProgress, env: RunEnv, pauseAtGates: boolean): Promise<StageOutcome | 'pause'> {
  const { ports, gather, options } = env
  const { facts } = p.plan
  await refreshStage(gather, facts, stage)
  const needs = Object.fromEntries(stage.needs.map((n) => [n, p.results[n]]))
  const { key, parts, decision } = evaluateStage(stage, facts, needs, options)
  const record = facts.records[stage.name]
  if (decision.action === 'skip') {
    p.results[stage.name] = record?.result ?? null
    return { name: stage.name, status: decision.status, durationMs: 0, reason: decision.reason, ...reported(stage, record?.result) }
  }
  if (decision.action === 'fail') return { name: stage.name, status: 'failed', durationMs: 0, reason: decision.reason }
  const ctx = stageContext(facts.cluster, needs, options)
  if (asks(stage, ctx) && pauseAtGates && !p.approved.has(stage.name)) {
    p.paused = { stage: stage.name, gates: [gateOf(stage, ctx), ...(await gatesAhead(p, env))] }
    return 'pause'
  }
  ports.reporter.event({ type: 'stage-start', cluster: facts.cluster.name, stage: stage.name })
  const started = ports.clock.now()
  const run = await runStage(stage, ctx, ports, { stateDir: options.stateDir, hasher: gather.hasher, signal: options.signal })
  const durationMs = ports.clock.now() - started
  if (!run.ok) return { name: stage.name, status: 'failed', durationMs, reason: run.reason, logPath: run.logPath, logTail: run.logTail }
  p.results[stage.name] = run.result
  const finishedAt = new Date(ports.clock.now()).toISOString()
  const fresh = { format: 1 as const, cluster: facts.cluster.name, stage: stage.name, key, parts, result: run.result, outputs: run.outputs, finishedAt, durationMs }
  await writeRecord(ports.fs, options.stateDir, fresh)
  facts.records[stage.name] = fresh
  for (const undone of stage.undoes) {
    await dropRecord(ports.fs, options.stateDir, facts.cluster.name, undone)
    delete facts.records[undone]
  }
  const output = stage.show ? { output: run.stdout } : {}
  return { name: stage.name, status: 'ran', durationMs, reason: decision.reason, ...reported(stage, run.result), ...output }
}

/** Whether a gated stage asks in this run (some ask only when they switch something, see gateWhen). */
const asks = (stage: Stage, ctx: StageContext<Record<string, unknown>>): boolean => stage.gated && (stage.gateWhen?.(ctx) ?? true)

const gateOf = (stage: Stage, ctx: StageContext<Record<string, unknown>>): Gate => ({
  stage: stage.name,
  summary: tryOrUndefined(() => stage.gateSummary?.(ctx)) ?? (stage.description || stage.name),
})

/**
 * The gated stages after the current one that the same approval covers: those that would run as
 * far as is known now (their inputs hashed again, their needs' results so far or last recorded), up
 * to the first read stage that runs (a plan, a dry run), whose result the next question needs.
 */
async function gatesAhead(p: ClusterProgress, env: RunEnv): Promise<Gate[]> {
  const gates: Gate[] = []
  const { facts } = p.plan
  for (const { stage, decision, provisional } of p.plan.stages.slice(p.next + 1)) {
    if (stage.kind === 'read' && (decision.action === 'run' || provisional)) break
    if (!stage.gated) continue
    await refreshStage(env.gather, facts, stage)
    const needs = Object.fromEntries(stage.needs.map((n) => [n, n in p.results ? p.results[n] : facts.records[n]?.result ?? null]))
    const ctx = stageContext(facts.cluster, needs, env.options)
    if (evaluateStage(stage, facts, needs, env.options, true).decision.action === 'run' && asks(stage, ctx)) gates.push(gateOf(stage, ctx))
  }
  return gates
}

/** An unexpected error around a stage (its record could not be written, an input not read): that stage fails. */
function failedOutcome(stage: Stage, error: Error): StageOutcome {
  return { name: stage.name, status: 'failed', durationMs: 0, reason: error.message ?? String(error) }
}

/** The stage's own note on its result, if it has one (a broken report never fails the stage). */
function reported(stage: Stage, result: unknown): { note?: string; details?: Record<string, unknown>; pending?: boolean } {
  if (!stage.report || result === null || result === undefined) return {}
  try {
    const r = stage.report(result)
    return { note: r.note, ...(r.data ? { details: r.data } : {}), ...(r.pending ? { pending: true } : {}) }
  } catch {
    return {}
  }
}

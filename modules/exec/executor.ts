// The executor: the only code that awaits. It takes the plans and the ports, runs clusters
// concurrently (stages of one cluster in order), decides each stage again with the real results
// of its needs, and records a stage only after it succeeded.
import { writeRecord } from '../cache/mod.ts'
import type { Failure } from '../diag/mod.ts'
import type { Stage } from '../graph/mod.ts'
import { evaluateStage, stageContext, type ClusterPlan, type PlanOptions } from '../plan/mod.ts'
import type { ClusterOutcome, StageOutcome } from './events.ts'
import { refreshStage, type Gatherer } from './gather.ts'
import type { Ports } from './ports.ts'
import { runStage } from './stage-run.ts'

export interface ExecuteOptions extends PlanOptions {
  concurrency: number
  /** Start new clusters after one failed (default: let running ones finish, start no new ones). */
  keepGoing: boolean
  /** Approves gated stages without asking. */
  yes: boolean
  signal: AbortSignal
}

export interface RunOutcome {
  clusters: ClusterOutcome[]
  interrupted: boolean
  refused?: Failure
}

interface Shared {
  ports: Ports
  gather: Gatherer
  options: ExecuteOptions
  refused?: Failure
}

const notReached = (stage: Stage, reason: string): StageOutcome => ({ name: stage.name, status: 'not-reached', durationMs: 0, reason })

export async function execute(plans: readonly ClusterPlan[], ports: Ports, gather: Gatherer, options: ExecuteOptions): Promise<RunOutcome> {
  const shared: Shared = { ports, gather, options }
  const outcomes: ClusterOutcome[] = new Array(plans.length)
  let next = 0
  let stopReason: string | undefined
  const worker = async (): Promise<void> => {
    while (next < plans.length) {
      const i = next++
      const plan = plans[i]
      const why = options.signal.aborted ? 'interrupted' : (shared.refused ? 'refused' : stopReason)
      if (why) {
        outcomes[i] = { name: plan.facts.cluster.name, status: 'not-run', stages: plan.stages.map((p) => notReached(p.stage, why)) }
        continue
      }
      outcomes[i] = await runCluster(plan, shared)
      if (outcomes[i].status === 'failed' && !options.keepGoing) stopReason = `not started: cluster ${plan.facts.cluster.name} failed`
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, plans.length)) }, worker))
  await gather.hasher.save(`${options.stateDir}/cache/files.json`)
  return { clusters: outcomes, interrupted: options.signal.aborted, refused: shared.refused }
}

async function approve(stage: Stage, cluster: string, shared: Shared): Promise<boolean> {
  if (shared.options.yes) return true
  const { confirm } = shared.ports
  const detail = confirm.interactive ? 'not approved' : 'it changes remote state and there is no terminal to confirm on; pass --yes'
  if (confirm.interactive && (await confirm.ask(`Run "${stage.name}" on cluster "${cluster}"?`))) return true
  shared.refused ??= { reason: 'refused', cluster, stage: stage.name, detail }
  return false
}

async function runCluster(plan: ClusterPlan, shared: Shared): Promise<ClusterOutcome> {
  const { ports, gather, options } = shared
  const { facts } = plan
  const cluster = facts.cluster.name
  ports.reporter.event({ type: 'cluster-start', cluster, stages: plan.stages.map((p) => p.stage.name) })
  const results: Record<string, unknown> = {}
  const stages: StageOutcome[] = []
  let blocked: string | undefined
  for (const { stage } of plan.stages) {
    const block = options.signal.aborted ? 'interrupted' : blocked
    if (block) {
      stages.push(notReached(stage, block))
      ports.reporter.event({ type: 'stage-end', cluster, outcome: stages[stages.length - 1] })
      continue
    }
    const outcome = await runOne(stage, plan, results, shared)
    if (outcome.status === 'failed') blocked = `${stage.name} failed`
    if (outcome.status === 'not-reached') blocked = outcome.reason
    stages.push(outcome)
    ports.reporter.event({ type: 'stage-end', cluster, outcome })
  }
  const failed = stages.some((s) => s.status === 'failed')
  const status = failed ? 'failed' : stages.some((s) => s.status === 'not-reached') ? 'not-run' : 'ok'
  ports.reporter.event({ type: 'cluster-end', cluster, status })
  await gather.hasher.save(`${options.stateDir}/cache/files.json`)
  return { name: cluster, status, stages }
}

async function runOne(stage: Stage, plan: ClusterPlan, results: Record<string, unknown>, shared: Shared): Promise<StageOutcome> {
  const { ports, gather, options } = shared
  const { facts } = plan
  await refreshStage(gather, facts, stage)
  const needs = Object.fromEntries(stage.needs.map((n) => [n, results[n]]))
  const { key, parts, decision } = evaluateStage(stage, facts, needs, options)
  const record = facts.records[stage.name]
  if (decision.action === 'skip') {
    results[stage.name] = record?.result ?? null
    return { name: stage.name, status: decision.status, durationMs: 0, reason: decision.reason }
  }
  if (decision.action === 'fail') return { name: stage.name, status: 'failed', durationMs: 0, reason: decision.reason }
  if (stage.gated && !(await approve(stage, facts.cluster.name, shared))) return notReached(stage, 'not approved')
  ports.reporter.event({ type: 'stage-start', cluster: facts.cluster.name, stage: stage.name })
  const started = ports.clock.now()
  const ctx = stageContext(facts.cluster, needs, options)
  const run = await runStage(stage, ctx, ports, { stateDir: options.stateDir, hasher: gather.hasher, signal: options.signal })
  const durationMs = ports.clock.now() - started
  if (!run.ok) return { name: stage.name, status: 'failed', durationMs, reason: run.reason, logPath: run.logPath, logTail: run.logTail }
  results[stage.name] = run.result
  const finishedAt = new Date(ports.clock.now()).toISOString()
  const fresh = { format: 1 as const, cluster: facts.cluster.name, stage: stage.name, key, parts, result: run.result, outputs: run.outputs, finishedAt, durationMs }
  await writeRecord(ports.fs, options.stateDir, fresh)
  facts.records[stage.name] = fresh
  return { name: stage.name, status: 'ran', durationMs, reason: decision.reason }
}

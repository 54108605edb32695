// The executor: the only code that awaits. Clusters run concurrently (stages of one cluster in
// order). Changes are gated: first every cluster runs up to its first gated stage with something
// to do (the reads: plans), then one confirmation covers them all, then the changes run.
import type { Failure } from '../diag/mod.ts'
import type { ClusterPlan } from '../plan/mod.ts'
import { abandon, advance, newProgress, statusOf, type ClusterProgress, type RunEnv } from './cluster-run.ts'
import type { Gatherer } from './gather.ts'
import type { Ports } from './ports.ts'
import type { ExecuteOptions, RunOutcome } from './types.ts'

export type { ExecuteOptions, RunOutcome } from './types.ts'

/** Runs `work` over the clusters, `concurrency` at a time; after a failure (unless keepGoing) starts no more. */
async function pool(items: ClusterProgress[], env: RunEnv, work: (p: ClusterProgress) => Promise<void>): Promise<string | undefined> {
  let next = 0
  let stop: string | undefined
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const p = items[next++]
      const why = env.options.signal.aborted ? 'interrupted' : stop
      if (why) {
        abandon(p, why, env)
        continue
      }
      await work(p)
      if (statusOf(p.stages) === 'failed' && !env.options.keepGoing) stop ??= `not started: cluster ${p.plan.facts.cluster.name} failed`
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(env.options.concurrency, items.length)) }, worker))
  return stop
}

/** One line per gated stage of each paused cluster: what it is about to change. */
function changeLines(paused: readonly ClusterProgress[]): string[] {
  const width = Math.max(...paused.map((p) => p.plan.facts.cluster.name.length))
  return paused.flatMap((p) => p.paused!.gates.map((g, i) => `  ${(i ? '' : p.plan.facts.cluster.name).padEnd(width)}  ${g.stage}: ${g.summary}`))
}

/** The question asked once for the whole run: every cluster and what it is about to change. */
export function gateQuestion(paused: readonly ClusterProgress[]): string {
  return `These changes need approval:\n${changeLines(paused).join('\n')}\nApply them?`
}

async function approveAll(paused: ClusterProgress[], env: RunEnv): Promise<Failure | undefined> {
  const { confirm, reporter } = env.ports
  const clusters = paused.map((p) => p.plan.facts.cluster.name)
  const stages = [...new Set(paused.flatMap((p) => p.paused!.gates.map((g) => g.stage)))]
  if (!confirm.interactive) {
    const detail = 'they change remote state and there is no terminal to confirm on; none of them ran'
    return { reason: 'refused', clusters, stages, detail, changes: changeLines(paused) }
  }
  await reporter.close()
  return (await confirm.ask(gateQuestion(paused))) ? undefined : { reason: 'refused', clusters, stages, detail: 'not approved; none of them ran', changes: [] }
}

export async function execute(plans: readonly ClusterPlan[], ports: Ports, gather: Gatherer, options: ExecuteOptions): Promise<RunOutcome> {
  const env: RunEnv = { ports, gather, options }
  const all = plans.map(newProgress)
  let stop = await pool(all, env, (p) => advance(p, env, !options.yes))
  let refused: Failure | undefined
  // Each round: the clusters waiting at a gate, one question for all of them, then on to the next gate.
  for (let paused = all.filter((p) => p.paused); paused.length; paused = all.filter((p) => p.paused)) {
    let blocked = options.signal.aborted ? 'interrupted' : stop?.replace('not started', 'stopped before its changes')
    refused = blocked ? undefined : await approveAll(paused, env)
    // Interrupted at the question (Ctrl-C): an interrupt, not a refusal.
    if (refused && options.signal.aborted) [refused, blocked] = [undefined, 'interrupted']
    if (blocked || refused) {
      for (const p of paused) {
        delete p.paused
        abandon(p, blocked ?? 'not approved', env)
        ports.reporter.event({ type: 'cluster-end', cluster: p.plan.facts.cluster.name, status: statusOf(p.stages) })
      }
      break
    }
    for (const p of paused) for (const g of p.paused!.gates) p.approved.add(g.stage)
    stop = (await pool(paused, env, (p) => advance(p, env, true))) ?? stop
  }
  await gather.hasher.save(`${options.stateDir}/cache/files.json`)
  const clusters = all.map((p) => ({ name: p.plan.facts.cluster.name, status: statusOf(p.stages), stages: p.stages }))
  return { clusters, interrupted: options.signal.aborted, refused }
}

// The executor: the only code that awaits. Clusters run concurrently (stages of one cluster in
// order). Changes are gated: first every cluster runs up to its first gated stage with something
// to do (the reads: plans), then one confirmation covers them all, then the changes run. A
// rollout does this wave by wave, and a wave starts only when every cluster of the one before
// finished, its health check included.
import type { Failure } from '../diag/mod.ts'
import type { ClusterPlan } from '../plan/mod.ts'
import { abandon, advance, newProgress, statusOf, type ClusterProgress, type RunEnv } from './cluster-run.ts'
import type { Gatherer } from './gather.ts'
import { pool } from './pool.ts'
import type { Ports } from './ports.ts'
import type { ExecuteOptions, RunOutcome, Wave, WaveOutcome } from './types.ts'

export type { ExecuteOptions, Pools, Rollout, RunOutcome, Wave, WaveOutcome } from './types.ts'

const nameOf = (p: ClusterProgress): string => p.plan.facts.cluster.name

/** One line per gated stage of each paused cluster: what it is about to change. */
function changeLines(paused: readonly ClusterProgress[]): string[] {
  const width = Math.max(...paused.map((p) => nameOf(p).length))
  return paused.flatMap((p) => p.paused!.gates.map((g, i) => `  ${(i ? '' : nameOf(p)).padEnd(width)}  ${g.stage}: ${g.summary}`))
}

/** The question asked once for the whole run (or once per wave): every cluster and what it is about to change. */
export function gateQuestion(paused: readonly ClusterProgress[], wave?: string): string {
  return `${wave ? `${wave}: these` : 'These'} changes need approval:\n${changeLines(paused).join('\n')}\nApply them?`
}

async function approveAll(paused: ClusterProgress[], env: RunEnv, wave?: string): Promise<Failure | undefined> {
  const { confirm, reporter } = env.ports
  const clusters = paused.map(nameOf)
  const stages = [...new Set(paused.flatMap((p) => p.paused!.gates.map((g) => g.stage)))]
  if (!confirm.interactive) {
    const detail = 'they change remote state and there is no terminal to confirm on; none of them ran'
    return { reason: 'refused', clusters, stages, detail, changes: changeLines(paused) }
  }
  await reporter.close()
  return (await confirm.ask(gateQuestion(paused, wave))) ? undefined : { reason: 'refused', clusters, stages, detail: 'not approved; none of them ran', changes: [] }
}

/** The old run in one: every cluster up to its gates, one question per round of gates, then the changes. */
async function runClusters(all: ClusterProgress[], env: RunEnv, wave?: string): Promise<Failure | undefined> {
  const { options, ports } = env
  let stop = await pool(all, env, (p) => advance(p, env, !options.yes))
  // Each round: the clusters waiting at a gate, one question for all of them, then on to the next gate.
  for (let paused = all.filter((p) => p.paused); paused.length; paused = all.filter((p) => p.paused)) {
    let blocked = options.signal.aborted ? 'interrupted' : stop?.replace('not started', 'stopped before its changes')
    let refused = blocked ? undefined : await approveAll(paused, env, wave)
    // Interrupted at the question (Ctrl-C): an interrupt, not a refusal.
    if (refused && options.signal.aborted) [refused, blocked] = [undefined, 'interrupted']
    if (blocked || refused) {
      for (const p of paused) {
        delete p.paused
        abandon(p, blocked ?? 'not approved', env)
        ports.reporter.event({ type: 'cluster-end', cluster: nameOf(p), status: statusOf(p.stages) })
      }
      return refused
    }
    for (const p of paused) for (const g of p.paused!.gates) p.approved.add(g.stage)
    stop = (await pool(paused, env, (p) => advance(p, env, true))) ?? stop
  }
  return undefined
}

/** Why a wave that did not end well stops the rollout, as the later waves' reason. */
function stoppedBy(wave: Wave, members: readonly ClusterProgress[], env: RunEnv, refused: Failure | undefined): string {
  if (env.options.signal.aborted) return 'interrupted'
  if (refused) return `not started: wave ${wave.number} was not approved`
  const failed = members.filter((p) => statusOf(p.stages) === 'failed')
  const what = failed.map((p) => `${nameOf(p)} (${p.stages.find((s) => s.status === 'failed')!.name} failed)`)
  return `not started: wave ${wave.number} stopped the rollout: ${what.length ? what.join(', ') : 'not every cluster finished'}`
}

export async function execute(plans: readonly ClusterPlan[], ports: Ports, gather: Gatherer, options: ExecuteOptions): Promise<RunOutcome> {
  const env: RunEnv = { ports, gather, options }
  const all = plans.map(newProgress)
  const { rollout } = options
  const waves = rollout?.waves ?? [{ number: 1, clusters: all.map(nameOf) }]
  const waveOf = new Map(waves.flatMap((w) => w.clusters.map((c) => [c, w.number] as const)))
  const notStarted = new Map<string, string>()
  const ended: WaveOutcome[] = []
  let refused: Failure | undefined
  let stopped: string | undefined
  for (const wave of waves) {
    const members = all.filter((p) => wave.clusters.includes(nameOf(p)))
    const clusters = members.map(nameOf)
    if (stopped) {
      for (const p of members) {
        abandon(p, stopped, env)
        notStarted.set(nameOf(p), stopped)
      }
      ended.push({ number: wave.number, clusters, status: 'not-started', reason: stopped })
      continue
    }
    refused = await runClusters(members, env, rollout && `wave ${wave.number} of ${rollout.total}`)
    const ok = !refused && members.every((p) => statusOf(p.stages) === 'ok')
    ended.push({ number: wave.number, clusters, status: ok ? 'ok' : 'failed' })
    if (!ok) stopped = stoppedBy(wave, members, env, refused)
  }
  await gather.hasher.save(`${options.stateDir}/cache/files.json`)
  await gather.remote?.flush()
  const clusters = all.map((p) => {
    const why = notStarted.get(nameOf(p))
    return { name: nameOf(p), status: statusOf(p.stages), stages: p.stages, ...(rollout ? { wave: waveOf.get(nameOf(p)) } : {}), ...(why ? { notStarted: why } : {}) }
  })
  return { clusters, interrupted: options.signal.aborted, refused, ...(rollout ? { waves: ended, totalWaves: rollout.total } : {}) }
}

// The worker pool clusters run in: `concurrency` at a time, and with pools (--max-per-account) at
// most `max` of one pool at once; a cluster of a free pool may overtake one of a full pool, never
// otherwise. After a failure (unless keepGoing) or an interrupt it starts no more.
import { nextStartable } from '../rollout/schedule.ts'
import { abandon, statusOf, type ClusterProgress, type RunEnv } from './cluster-run.ts'

/**
 * Runs `work` over the clusters. Resolves with the reason it stopped starting clusters (a cluster
 * failed), undefined when none failed; clusters it did not start are marked not reached with it.
 */
export function pool(items: readonly ClusterProgress[], env: RunEnv, work: (p: ClusterProgress) => Promise<void>): Promise<string | undefined> {
  const { options } = env
  const pending = [...items]
  const inFlight = new Map<string, number>()
  const poolOf = (p: ClusterProgress): string => options.pools?.of(p.plan.facts.cluster) ?? ''
  const limit = Math.max(1, options.concurrency)
  let running = 0
  let stop: string | undefined
  return new Promise((resolve, reject) => {
    const launch = (): void => {
      const why = options.signal.aborted ? 'interrupted' : stop
      if (why) for (const p of pending.splice(0)) abandon(p, why, env)
      while (running < limit && pending.length) {
        const i = nextStartable(pending, inFlight, poolOf, options.pools?.max)
        if (i < 0) break
        const [p] = pending.splice(i, 1)
        const key = poolOf(p)
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1)
        running++
        work(p).then(() => {
          inFlight.set(key, inFlight.get(key)! - 1)
          running--
          if (statusOf(p.stages) === 'failed' && !options.keepGoing) stop ??= `not started: cluster ${p.plan.facts.cluster.name} failed`
          launch()
        }, reject)
      }
      if (running === 0 && pending.length === 0) resolve(stop)
    }
    launch()
  })
}

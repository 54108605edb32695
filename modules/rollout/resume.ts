// What `tasks resume` carries over from the run it carries on: clusters that finished are not run
// again (uncached stages such as a roll included); in a rollout, the wave that stopped is checked
// again before the next starts: its finished clusters run their health check only.
import type { Journal } from './journal.ts'

export interface ResumePlan {
  /** Finished there: not run again. */
  finished: Set<string>
  /** Finished there, in the first wave that did not finish: only their health check runs. */
  revalidate: Set<string>
  /** The original rollout's waves, kept so a resumed rollout numbers and orders them as before. */
  waves?: string[][]
}

export function resumePlan(journal: Journal): ResumePlan {
  const finished = new Set(journal.clusters.filter((c) => c.status === 'finished').map((c) => c.name))
  const stopped = journal.waves?.find((w) => w.some((name) => !finished.has(name))) ?? []
  const revalidate = new Set(stopped.filter((name) => finished.has(name)))
  for (const name of revalidate) finished.delete(name)
  return { finished, revalidate, ...(journal.waves ? { waves: journal.waves } : {}) }
}

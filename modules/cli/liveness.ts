// Whether recorded runs are still going, for `tasks resume` and `tasks runs`: this host, this
// process, process liveness, and who holds each cluster's lock, read once.
import { hostname } from 'node:os'
import { lockHolder, processAlive, type LockHolder } from '../exec/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import { isLive, type Journal } from '../rollout/mod.ts'

/** A predicate over `journals`: true for those whose run is still going in a live process. */
export async function liveness(fs: FileSystem, stateDir: string, journals: readonly Journal[]): Promise<(j: Journal) => boolean> {
  const running = journals.filter((j) => j.status === 'running')
  const names = [...new Set(running.flatMap((j) => j.clusters.map((c) => c.name)))]
  const holders = new Map<string, LockHolder | undefined>()
  for (const name of names) holders.set(name, await lockHolder(fs, stateDir, name))
  const probe = { host: hostname(), pid: process.pid, isAlive: processAlive, lockHolder: (c: string) => holders.get(c) }
  return (j) => isLive(j, probe)
}

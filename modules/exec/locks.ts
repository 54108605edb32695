// Per-cluster run locks under <state>/locks/: two runs on one cluster never overlap. A lock whose
// process is gone (same host, no such pid) is taken over with a warning; any other is respected.
import { join } from 'node:path'
import type { Failure } from '../diag/mod.ts'
import type { FileSystem } from '../fs/mod.ts'

export interface LockHolder {
  pid: number
  host: string
  startedAt: string
  target: string
}

export interface LockEnv {
  fs: FileSystem
  stateDir: string
  me: LockHolder
  /** Whether a process of this host is alive (process.kill(pid, 0)). */
  isAlive(pid: number): boolean
  warn(message: string): void
}

export const lockPath = (stateDir: string, cluster: string): string => join(stateDir, 'locks', `${cluster}.lock`)

async function holderOf(env: LockEnv, path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await env.fs.readText(path)) as LockHolder
  } catch {
    return undefined
  }
}

/** Takes one cluster's lock: true, or the holder that keeps it. */
async function take(env: LockEnv, cluster: string): Promise<true | LockHolder> {
  const path = lockPath(env.stateDir, cluster)
  const text = `${JSON.stringify(env.me)}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await env.fs.createExclusive(path, text)) return true
    const holder = await holderOf(env, path)
    if (holder && (holder.host !== env.me.host || env.isAlive(holder.pid))) return holder
    const who = holder ? `pid ${holder.pid} (${holder.target}, since ${holder.startedAt}) is gone` : 'its file is unreadable'
    env.warn(`taking over the lock of cluster "${cluster}": ${who}`)
    await env.fs.remove(path)
  }
  return (await holderOf(env, path)) ?? env.me
}

/** Locks every cluster or none: a held lock releases what was taken and names its holder. */
export async function lockClusters(env: LockEnv, clusters: readonly string[]): Promise<{ ok: true; release: () => Promise<void> } | { ok: false; failure: Failure }> {
  const taken: string[] = []
  const release = async (): Promise<void> => {
    for (const c of taken) await env.fs.remove(lockPath(env.stateDir, c))
  }
  for (const cluster of clusters) {
    const got = await take(env, cluster)
    if (got !== true) {
      await release()
      return { ok: false, failure: { reason: 'locked', cluster, holder: got, path: lockPath(env.stateDir, cluster) } }
    }
    taken.push(cluster)
  }
  return { ok: true, release }
}

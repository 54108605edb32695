// Per-cluster run locks under <state>/locks/: two runs on one cluster never overlap.
//
// - A lock file appears with its whole content at once (FileSystem.createExclusive: a temporary
//   file linked to the lock's name), so a reader never sees a half-written lock.
// - A lock whose process is gone (same host, no such pid) is taken over with a warning; any other
//   is respected. A takeover first claims `<lock>.takeover` (itself such a lock, so a claim left
//   by a dead run is taken over the same way), then removes the stale lock only if it still holds
//   exactly what was judged stale, then links its own: of runs taking over at once, one wins and
//   the others see it as the holder.
// - A lock file tasks cannot read (empty, not JSON, no pid) is respected as held by someone
//   unknown: every lock tasks writes is complete from its first byte, so such a file was damaged
//   or written by something else, and removing it could let two runs overlap. The message names
//   the file and how to remove it once no run is active.
// - While tools run, the lock also names their process groups (`toolGroups`): a run killed
//   outright (SIGKILL, a crash) leaves its tools running in groups of their own, still working on
//   the cluster. A lock whose process is gone but one of whose groups still has members is not
//   taken over: refused (exit 3) with the group, until it ends or is stopped. Each lock names the
//   groups of its own cluster's tools (and of calls owned by no cluster, such as version probes),
//   and is rewritten only when that list changes: one write per tool start or end, not one per lock.
import { join } from 'node:path'
import { EXIT, formatFailure, type Failure } from '../diag/mod.ts'
import { parseJsonText, type FileSystem } from '../fs/mod.ts'
import type { ToolGroup } from './process-groups.ts'
import { formatStateProblem, stateProblem, type StateProblem } from './state-dir.ts'

export interface LockHolder {
  pid: number
  host: string
  startedAt: string
  target: string
  /** The process groups of the tools the run has running (absent when none). */
  toolGroups?: number[]
}

export interface LockEnv {
  fs: FileSystem
  stateDir: string
  me: LockHolder
  /** Whether a process of this host is alive (process.kill(pid, 0)). */
  isAlive(pid: number): boolean
  /** Whether a process group still has members (default: process.kill(-pgid, 0)). */
  groupAlive?(pgid: number): boolean
  warn(message: string): void
}

/**
 * Why a cluster could not be locked: held (3), held by an unreadable file (3), held by a dead run
 * whose tools still run (3), or unwritable (2).
 */
export type LockProblem =
  | Extract<Failure, { reason: 'locked' }>
  | { reason: 'lock-unreadable'; cluster: string; path: string; detail: string }
  | { reason: 'lock-orphaned'; cluster: string; path: string; holder: LockHolder; groups: number[] }
  | StateProblem

export interface Held {
  ok: true
  release: () => Promise<void>
  releaseSync: () => void
  /**
   * Records the tools' process groups running now: each held lock gets those its cluster owns and
   * the unowned ones (a bare number is unowned), rewritten only if that changed; resolves once written.
   */
  recordGroups: (groups: readonly (number | ToolGroup)[]) => Promise<void>
}

export type Locked = Held | { ok: false; problem: LockProblem }

export const lockPath = (stateDir: string, cluster: string): string => join(stateDir, 'locks', `${cluster}.lock`)

/** How many claims deep a takeover may go (a claim left by a dead run is itself taken over). */
const MAX_DEPTH = 2
const ATTEMPTS = 5

type Seen = { kind: 'none' } | { kind: 'holder'; holder: LockHolder; text: string } | { kind: 'unreadable'; detail: string }

function parseHolder(text: string): LockHolder | string {
  const parsed = parseJsonText(text)
  if (!parsed.ok) return parsed.why
  const h = parsed.value as Partial<LockHolder> | null
  if (!h || typeof h.pid !== 'number' || typeof h.host !== 'string') return 'it names no pid and host'
  const holder: LockHolder = { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? '?'), target: String(h.target ?? '?') }
  const groups = Array.isArray(h.toolGroups) ? h.toolGroups.filter((g): g is number => Number.isInteger(g) && g > 0) : []
  return groups.length ? { ...holder, toolGroups: groups } : holder
}

/** Who holds the lock of `cluster` now, when anyone readable does. */
export async function lockHolder(fs: FileSystem, stateDir: string, cluster: string): Promise<LockHolder | undefined> {
  const seen = await look(fs, lockPath(stateDir, cluster))
  return seen.kind === 'holder' ? seen.holder : undefined
}

async function look(fs: FileSystem, path: string): Promise<Seen> {
  let text: string
  try {
    text = await fs.readText(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    return { kind: 'unreadable', detail: (error as Error).message }
  }
  const holder = parseHolder(text)
  return typeof holder === 'string' ? { kind: 'unreadable', detail: holder } : { kind: 'holder', holder, text }
}

const isStale = (env: LockEnv, h: LockHolder): boolean => h.host === env.me.host && !env.isAlive(h.pid)

/** A group with members, or one this user may not signal (someone else's: it exists). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The dead holder's tool groups that still have members. */
const orphans = (env: LockEnv, h: LockHolder): number[] => (h.toolGroups ?? []).filter((g) => (env.groupAlive ?? groupAlive)(g))

/** The record a lock holds: the holder, with the groups of its running tools if any. */
const record = (me: LockHolder, groups: readonly number[]): string => `${JSON.stringify(groups.length ? { ...me, toolGroups: [...groups] } : me)}\n`

/** The groups one cluster's lock names: its own tools' and those no cluster owns. */
const groupsOf = (groups: readonly (number | ToolGroup)[], cluster: string): number[] =>
  groups.flatMap((g) => (typeof g === 'number' ? [g] : g.owner === undefined || g.owner === cluster ? [g.pgid] : []))

type Taken = { ok: true } | { ok: false; problem: LockProblem }

/** Creates `path` with this run's holder record, taking it over when its holder is gone. */
async function take(env: LockEnv, cluster: string, path: string, depth: number): Promise<Taken> {
  const text = record(env.me, [])
  let last: Seen = { kind: 'none' }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      if (await env.fs.createExclusive(path, text)) return { ok: true }
    } catch (error) {
      const problem = stateProblem(env.stateDir, path, error)
      if (problem) return { ok: false, problem }
      throw error
    }
    const seen = (last = await look(env.fs, path))
    if (seen.kind === 'none') continue // released in between: try again
    if (seen.kind === 'unreadable') return { ok: false, problem: { reason: 'lock-unreadable', cluster, path, detail: seen.detail } }
    if (!isStale(env, seen.holder) || depth >= MAX_DEPTH) return { ok: false, problem: { reason: 'locked', cluster, holder: seen.holder, path } }
    const running = orphans(env, seen.holder)
    if (running.length) return { ok: false, problem: { reason: 'lock-orphaned', cluster, path, holder: seen.holder, groups: running } }
    const claim = `${path}.takeover`
    const claimed = await take(env, cluster, claim, depth + 1)
    // Another run is taking this lock over right now: it is the holder-to-be.
    if (!claimed.ok) return claimed
    try {
      const now = await look(env.fs, path)
      if (now.kind === 'holder' && now.text === seen.text) {
        const h = seen.holder
        if (depth === 0) env.warn(`taking over the lock of cluster "${cluster}": pid ${h.pid} (${h.target}, since ${h.startedAt}) is gone`)
        await env.fs.remove(path)
      }
    } finally {
      await env.fs.remove(claim)
    }
  }
  if (last.kind === 'holder') return { ok: false, problem: { reason: 'locked', cluster, holder: last.holder, path } }
  return { ok: false, problem: { reason: 'lock-unreadable', cluster, path, detail: 'it kept changing while tasks tried to take it' } }
}

/** Locks every cluster or none: a held lock releases what was taken and names its holder. */
export async function lockClusters(env: LockEnv, clusters: readonly string[]): Promise<Locked> {
  const taken: string[] = []
  // Records are written one after another, and a release waits for the last: a record written
  // after its lock was removed would make the lock again.
  let writing: Promise<void> = Promise.resolve()
  const written = new Map<string, string>()
  // Synchronous where the port can: a forced exit then finds each record written or not begun,
  // never a rename in flight that would make the lock again after releaseSync removed it.
  const write = async (path: string, text: string): Promise<void> => (env.fs.writeAtomicSync ? env.fs.writeAtomicSync(path, text) : env.fs.writeAtomic(path, text))
  const recordGroups = (groups: readonly (number | ToolGroup)[]): Promise<void> => {
    const texts = taken.map((c) => [c, record(env.me, groupsOf(groups, c))] as const)
    writing = writing.then(async () => {
      for (const [c, text] of texts) {
        if (!taken.includes(c) || (written.get(c) ?? record(env.me, [])) === text) continue
        written.set(c, text)
        await write(lockPath(env.stateDir, c), text).catch(() => {})
      }
    })
    return writing
  }
  const release = async (): Promise<void> => {
    const held = taken.splice(0)
    await writing
    for (const c of held) await env.fs.remove(lockPath(env.stateDir, c))
  }
  // For a forced exit: nothing asynchronous runs after it; records are written synchronously, so
  // none is half-way (with a port that cannot, one may make the lock again: the next run takes it over).
  const releaseSync = (): void => {
    for (const c of taken.splice(0)) env.fs.removeSync?.(lockPath(env.stateDir, c))
  }
  for (const cluster of clusters) {
    const got = await take(env, cluster, lockPath(env.stateDir, cluster), 0)
    if (!got.ok) {
      await release()
      return { ok: false, problem: got.problem }
    }
    taken.push(cluster)
  }
  return { ok: true, release, releaseSync, recordGroups }
}

/** The exit code of a lock problem (ARCHITECTURE.md section 10): held is refused (3), unwritable is 2. */
export const lockProblemExit = (p: LockProblem): number => (p.reason === 'state-unwritable' ? EXIT.usage : EXIT.refused)

export function formatLockProblem(p: LockProblem): string {
  switch (p.reason) {
    case 'locked':
      return formatFailure(p)
    case 'lock-unreadable':
      return [
        `Cluster "${p.cluster}" is locked by ${p.path}, which is not a lock tasks can read: ${p.detail}.`,
        `hint: tasks writes its locks whole, so this one is damaged or foreign; if no tasks run is active on this cluster, remove it (rm ${p.path}) and run again.`,
      ].join('\n')
    case 'lock-orphaned': {
      const h = p.holder
      const one = p.groups.length === 1
      const it = one ? 'it' : 'them'
      return [
        `Cluster "${p.cluster}" is locked by a tasks run that is gone (pid ${h.pid} on ${h.host}, "${h.target}", since ${h.startedAt}), but ${one ? 'a tool it started still runs: process group' : 'tools it started still run: process groups'} ${p.groups.join(', ')}.`,
        `hint: wait for ${it} to finish, or stop ${it} (see ${it} with: ps -o pid,args -g ${p.groups.join(',')}; stop ${it} with: kill -TERM ${p.groups.map((g) => `-${g}`).join(' ')}), then run again.`,
      ].join('\n')
    }
    case 'state-unwritable':
      return formatStateProblem(p)
  }
}

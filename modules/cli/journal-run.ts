// Recording a run's journal (rollout/journal.ts) as it goes: written before the first stage, again
// (synchronously, so a forced exit cannot lose it) whenever a cluster starts or ends, and whole at
// the end from the outcome. A journal that cannot be written is a warning, never a failed run.
import type { Reporter, RunOutcome } from '../exec/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import { journalId, journalPath, pruneJournals, withCluster, writeJournal, type Journal, type JournalClusterStatus } from '../rollout/mod.ts'
import { clusterResult, type ClusterResult } from './outcome-status.ts'

export interface JournalStart {
  /** The run's clock (milliseconds): its start, and when it ended. */
  now: () => number
  pid: number
  host: string
  /** The directory the run was started in (after -C), relative to the project root. */
  cwd: string
  targets: string[]
  argv: string[]
  /** Every cluster of the selection, in run order, with its wave. */
  clusters: { name: string; wave?: number }[]
  waves?: string[][]
  /** The run this one resumes, and the clusters that finished there (recorded as finished). */
  resumes?: { id: string; finished: readonly string[] }
  /** Earlier journals: an unfinished one this run covers (same targets, its clusters among these) is taken over. */
  earlier: readonly Journal[]
}

export interface Recorder {
  id: string
  /** The reporter that also records clusters starting and ending. */
  reporter(inner: Reporter): Reporter
  finish(outcome: RunOutcome): Promise<void>
}

const RESULT: Record<ClusterResult, JournalClusterStatus> = { ok: 'finished', failed: 'failed', interrupted: 'interrupted', 'not-started': 'not-started', 'not-run': 'not-started' }

export async function startJournal(fs: FileSystem, stateDir: string, start: JournalStart, warn: (m: string) => void): Promise<Recorder> {
  const startedAtMs = start.now()
  const id = await freeId(fs, stateDir, journalId(startedAtMs, start.pid))
  const carried = new Set(start.resumes?.finished ?? [])
  let journal: Journal = {
    format: 1, id, startedAt: new Date(startedAtMs).toISOString(), status: 'running', target: start.targets, argv: start.argv,
    pid: start.pid, host: start.host, cwd: start.cwd,
    ...(start.waves ? { waves: start.waves } : {}),
    clusters: start.clusters.map((c) => ({
      ...c, status: carried.has(c.name) ? 'finished' : 'pending', ...(carried.has(c.name) ? { reason: `finished in run ${start.resumes!.id}` } : {}),
    })),
    ...(start.resumes ? { resumes: start.resumes.id } : {}),
  }
  let failed = false
  const save = async (sync: boolean): Promise<void> => {
    try {
      await writeJournal(fs, stateDir, journal, sync)
    } catch (error) {
      if (!failed) warn(`could not record the run's journal (tasks resume will not know it): ${(error as Error).message}`)
      failed = true
    }
  }
  await save(false)
  for (const old of start.earlier.filter((j) => j.id !== start.resumes?.id && covers(journal, j))) await markResumed(fs, stateDir, old, id).catch(() => {})
  await pruneJournals(fs, stateDir).catch(() => {})
  const set = (name: string, status: JournalClusterStatus): void => {
    journal = withCluster(journal, name, { status })
    void save(true)
  }
  return {
    id,
    reporter: (inner) => ({
      event(e) {
        if (e.type === 'cluster-start') set(e.cluster, 'running')
        if (e.type === 'cluster-end') set(e.cluster, e.status === 'ok' ? 'finished' : e.status === 'failed' ? 'failed' : 'not-started')
        inner.event(e)
      },
      close: () => inner.close(),
    }),
    async finish(outcome) {
      for (const c of outcome.clusters) {
        const status = RESULT[clusterResult(outcome, c)]
        const why = c.notStarted ?? c.stages.find((s) => s.status === 'failed' || s.status === 'not-reached')?.reason
        const stages = Object.fromEntries(c.stages.map((s) => [s.name, s.status]))
        journal = withCluster(journal, c.name, { status, ...(status !== 'finished' && why ? { reason: why } : {}), stages })
      }
      const done = !outcome.interrupted && !outcome.refused && journal.clusters.every((c) => c.status === 'finished')
      journal = { ...journal, status: done ? 'finished' : 'stopped', endedAt: new Date(start.now()).toISOString() }
      await save(false)
    },
  }
}

/**
 * The id itself, or with `.2`, `.3`… when a journal of that id exists (two runs of one process in
 * one second: a long-lived caller, or tests): a run never overwrites another's journal.
 */
async function freeId(fs: FileSystem, stateDir: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}.${n}`
    if (!(await fs.stat(journalPath(stateDir, id)))) return id
  }
}

/**
 * Whether a new run takes over an unfinished earlier one: the same targets, on every cluster it
 * had (running the same command again is carrying it on, so resume does not go back to it later).
 */
function covers(run: Journal, old: Journal): boolean {
  if (old.status === 'finished' || old.resumedBy !== undefined || old.target.join(' ') !== run.target.join(' ')) return false
  const names = new Set(run.clusters.map((c) => c.name))
  return old.clusters.every((c) => names.has(c.name))
}

/** Marks the journal a resume carries on, so that it is not resumed twice. */
export async function markResumed(fs: FileSystem, stateDir: string, old: Journal, by: string): Promise<void> {
  await writeJournal(fs, stateDir, { ...old, resumedBy: by })
}

// The run journal: `<state>/runs/<id>.json`, one per run that touches more than one cluster or a
// gated stage. It records where each cluster got to, so `tasks resume` can carry on the latest run
// that did not finish and `tasks runs` can list recent ones.
//
// - Written whole and atomically (optionally synchronously, for the last write of a forced exit).
// - Read back leniently: a file that does not parse or is not a format-1 journal is one warning,
//   never a crash; a journal removed while being read (a concurrent prune) is simply gone.
// - Ids sort by start time, so "newest" and "oldest" need no file dates.
import { basename, dirname, join, relative } from 'node:path'
import { parseJsonText, type FileSystem } from '../fs/mod.ts'

export type JournalClusterStatus = 'pending' | 'running' | 'finished' | 'failed' | 'interrupted' | 'not-started'

export interface JournalCluster {
  name: string
  /** The wave it rolled out in, 1-based (absent when the run had no waves). */
  wave?: number
  status: JournalClusterStatus
  /** Why it failed, was interrupted or was not started. */
  reason?: string
  /** Stage name → status, as far as the cluster got. */
  stages?: Record<string, string>
}

export interface Journal {
  format: 1
  /** `${yyyymmdd}-${hhmmss}-${pid}` from the start time (UTC): sorts by start time. */
  id: string
  startedAt: string
  endedAt?: string
  /** stopped = failed, refused or interrupted. */
  status: 'running' | 'finished' | 'stopped'
  /** The targets asked for. */
  target: string[]
  /** The command line as given, to rebuild the options on resume. */
  argv: string[]
  /** Cluster names per wave, when the run rolled out in waves. */
  waves?: string[][]
  clusters: JournalCluster[]
  /** The id of the run this one carries on. */
  resumes?: string
  /** Set on the old journal when a resume takes it over. */
  resumedBy?: string
  /** The process that ran it, and where (absent in older journals): a live one is not resumed. */
  pid?: number
  host?: string
  /**
   * The directory it was started in (after -C), relative to the project root (so a moved checkout
   * keeps it): relative paths of its command line are relative to it. A resume keeps its run's.
   */
  cwd?: string
}

const CLUSTER_STATUSES: readonly string[] = ['pending', 'running', 'finished', 'failed', 'interrupted', 'not-started']
const RUN_STATUSES: readonly string[] = ['running', 'finished', 'stopped']

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** The id of a run started at `startedAtMs` by process `pid`, e.g. `20261206-051541-4242`. */
export const journalId = (startedAtMs: number, pid: number): string => {
  const d = new Date(startedAtMs)
  const day = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`
  return `${day}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}-${pid}`
}

export const journalPath = (stateDir: string, id: string): string => join(stateDir, 'runs', `${id}.json`)

/**
 * Orders ids newest first: by start time, then by pid as a number (two runs started in one second
 * by different processes; `-999` and `-1000` would sort wrongly as text). A sort comparator.
 */
export function newestFirst(a: string, b: string): number {
  const time = (id: string): string => id.slice(0, id.lastIndexOf('-'))
  const pid = (id: string): number => Number(id.slice(id.lastIndexOf('-') + 1))
  if (time(a) !== time(b)) return time(a) < time(b) ? 1 : -1
  return pid(b) - pid(a) || (a < b ? 1 : a > b ? -1 : 0)
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function isCluster(v: unknown): v is JournalCluster {
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.status !== 'string' || !CLUSTER_STATUSES.includes(v.status)) return false
  if (v.wave !== undefined && !Number.isInteger(v.wave)) return false
  if (v.reason !== undefined && typeof v.reason !== 'string') return false
  return v.stages === undefined || (isObject(v.stages) && Object.values(v.stages).every((s) => typeof s === 'string'))
}

function isJournal(v: unknown): v is Journal {
  if (!isObject(v) || v.format !== 1 || typeof v.id !== 'string' || typeof v.startedAt !== 'string') return false
  if (typeof v.status !== 'string' || !RUN_STATUSES.includes(v.status)) return false
  if (!isStrings(v.target) || !isStrings(v.argv) || !Array.isArray(v.clusters) || !v.clusters.every(isCluster)) return false
  if (v.waves !== undefined && !(Array.isArray(v.waves) && v.waves.every(isStrings))) return false
  if (v.pid !== undefined && !Number.isInteger(v.pid)) return false
  return [v.endedAt, v.resumes, v.resumedBy, v.host, v.cwd].every((s) => s === undefined || typeof s === 'string')
}

/** The journal in `text`, or why it is not one (a phrase that follows "ignoring <file>: "). */
function parseJournal(text: string, id: string): Journal | string {
  const parsed = parseJsonText(text)
  if (!parsed.ok) return parsed.why
  const data = parsed.value
  if (!isJournal(data)) return 'it is not a tasks run journal (format 1)'
  if (data.id !== id) return `it names run ${data.id}, not ${id}`
  return data
}

/**
 * Writes the journal whole; `sync` for a forced exit, when nothing asynchronous runs any more. The
 * port's synchronous write makes no directories: with no runs directory yet (ENOENT), the ordinary
 * write, which does, is used instead.
 */
export async function writeJournal(fs: FileSystem, stateDir: string, journal: Journal, sync = false): Promise<void> {
  const path = journalPath(stateDir, journal.id)
  const text = `${JSON.stringify(journal, null, 2)}\n`
  if (sync && fs.writeAtomicSync) {
    try {
      return fs.writeAtomicSync(path, text)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  await fs.writeAtomic(path, text)
}

/** The ids of the journal files under `<state>/runs/`, newest first (temporary files left out). */
async function journalIds(fs: FileSystem, stateDir: string): Promise<string[]> {
  const names = await fs.list(join(stateDir, 'runs'))
  return names.filter((n) => n.endsWith('.json')).map((n) => basename(n, '.json')).sort(newestFirst)
}

/**
 * Every readable journal, newest first, and one warning per file that is not one (named relative
 * to the state directory's parent, e.g. `.tasks/runs/X.json`).
 */
export async function readJournals(fs: FileSystem, stateDir: string): Promise<{ journals: Journal[]; warnings: string[] }> {
  const journals: Journal[] = []
  const warnings: string[] = []
  for (const id of await journalIds(fs, stateDir)) {
    const path = journalPath(stateDir, id)
    const shown = relative(dirname(stateDir), path)
    let text: string
    try {
      text = await fs.readText(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // pruned in between
      warnings.push(`ignoring ${shown}: it cannot be read (${(error as Error).message})`)
      continue
    }
    const parsed = parseJournal(text, id)
    if (typeof parsed === 'string') warnings.push(`ignoring ${shown}: ${parsed}`)
    else journals.push(parsed)
  }
  return { journals, warnings }
}

/** This process, and what it can find out about another run's process. */
export interface LivenessProbe {
  host: string
  pid: number
  isAlive(pid: number): boolean
  /** Who holds a cluster's lock now (pid and host), if anyone. */
  lockHolder(cluster: string): { pid: number; host: string } | undefined
}

/**
 * Whether the journal's run is still going: recorded as running by a process of this host that is
 * alive, is not this one, and still holds the lock of one of its clusters (so a pid reused after a
 * restart, as in a fresh container, is not taken for the run). A run killed without finishing is not.
 */
export function isLive(journal: Journal, probe: LivenessProbe): boolean {
  const { pid, host } = journal
  if (journal.status !== 'running' || pid === undefined || host !== probe.host || pid === probe.pid) return false
  const holds = journal.clusters.some((c) => {
    const h = probe.lockHolder(c.name)
    return h?.pid === pid && h.host === host
  })
  return holds && probe.isAlive(pid)
}

/** Whether this host can tell if the journal's run is live: one it recorded as running, here. */
export const checkable = (journal: Journal, host: string): boolean => journal.status !== 'running' || (journal.pid !== undefined && journal.host === host)

/** The run `tasks resume` carries on: the newest that did not finish and that no resume took over. */
export function latestUnfinished(journals: readonly Journal[]): Journal | undefined {
  const open = journals.filter((j) => j.status !== 'finished' && j.resumedBy === undefined)
  return [...open].sort((a, b) => newestFirst(a.id, b.id))[0]
}

/**
 * The journal with one cluster changed (added as `pending` when it is not there yet). Stage
 * statuses are merged, so a caller records one stage at a time; the cluster's name never changes.
 */
export function withCluster(journal: Journal, name: string, change: Partial<JournalCluster>): Journal {
  const update = (c: JournalCluster): JournalCluster => {
    const stages = change.stages === undefined ? c.stages : { ...c.stages, ...change.stages }
    return { ...c, ...change, name, ...(stages === undefined ? {} : { stages }) }
  }
  const found = journal.clusters.some((c) => c.name === name)
  const clusters = found
    ? journal.clusters.map((c) => (c.name === name ? update(c) : c))
    : [...journal.clusters, update({ name, status: 'pending' })]
  return { ...journal, clusters }
}

/** Removes the oldest journals beyond the newest `keep` (files that are not journals count too). */
export async function pruneJournals(fs: FileSystem, stateDir: string, keep = 50): Promise<void> {
  const ids = await journalIds(fs, stateDir)
  for (const id of ids.slice(Math.max(0, keep))) await fs.remove(journalPath(stateDir, id))
}

// Every cluster.yaml's identifying facts (validate/fleet.ts: state backends, kOps name, state
// store), kept by the file's stat in <state>/cache/cluster-facts.json, so a run on one cluster of a
// fleet of hundreds parses only the files that changed since the last run, not every one of them.
// This feeds a safety check, so an entry is trusted only as far as the file hasher trusts a stat.
import { join } from 'node:path'
import { parseJsonText, type FileStat, type FileSystem } from '../fs/mod.ts'
import { clusterFacts, type ClusterFacts, type Fact } from '../validate/fleet.ts'
import { parseYaml } from './yaml-doc.ts'

/** Raised whenever clusterFacts or what it derives changes: older entries are then misses. */
const FACTS_VERSION = 1

/**
 * A file modified this close to the moment it was read may change again within its timestamp's
 * granularity without its stat changing (cache/files.ts keeps the same rule): read it again.
 */
const RACY_MS = 2000

/** One file's facts (null: it does not parse, so it has none, as without the cache). */
interface Entry {
  stat: string
  /** When it was read (epoch ms): see RACY_MS. */
  readAt: number
  facts: Fact[] | null
}

/** Entries by the file's path relative to the root, so a moved clusters directory is all misses. */
type Cache = Record<string, Entry>

const statKey = (s: FileStat): string => `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`

const isFact = (f: unknown): f is Fact => {
  const v = f as Partial<Fact> | null
  return !!v && typeof v.kind === 'string' && typeof v.key === 'string' && typeof v.text === 'string' &&
    !!v.at && typeof v.at.file === 'string' && Number.isInteger(v.at.line) && Number.isInteger(v.at.column)
}

/** A cached entry that may stand for the file with this stat. */
function usable(e: Entry | undefined, key: string, st: FileStat): e is Entry {
  if (!e || e.stat !== key || typeof e.readAt !== 'number' || !(st.mtimeMs < e.readAt - RACY_MS)) return false
  return e.facts === null || (Array.isArray(e.facts) && e.facts.every(isFact))
}

/** The cache file's entries; anything unreadable, foreign or of another version is an empty cache. */
async function readCache(fs: FileSystem, file: string): Promise<Cache> {
  const parsed = parseJsonText(await fs.readText(file).catch(() => ''))
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return {}
  const { format, clusters } = parsed.value as { format?: unknown; clusters?: unknown }
  return format === FACTS_VERSION && typeof clusters === 'object' && clusters !== null ? (clusters as Cache) : {}
}

/**
 * The facts of the `known` clusters, in their order; files that cannot be read or parsed have none.
 * With `cacheFile`, a file whose stat is unchanged (and not racy) is not read; the cache is
 * rewritten when it moved. `now`: the real clock, as file times are (tests pass their own).
 */
export async function fleetFacts(fs: FileSystem, root: string, clustersDir: string, known: readonly string[], cacheFile?: string, now = Date.now): Promise<ClusterFacts[]> {
  const cache = cacheFile ? await readCache(fs, cacheFile) : {}
  const next: Cache = {}
  const files = known.map((cluster) => join(clustersDir, cluster, 'cluster.yaml'))
  let changed = cacheFile !== undefined && Object.keys(cache).some((f) => !files.includes(f))
  const all: ClusterFacts[] = []
  for (const [i, cluster] of known.entries()) {
    const file = files[i]
    const st = await fs.stat(join(root, file)).catch(() => undefined)
    const key = st && statKey(st)
    let entry = cache[file]
    if (!st || !key || !usable(entry, key, st)) {
      const readAt = now()
      const text = await fs.readText(join(root, file)).catch(() => undefined)
      const parsed = text === undefined ? undefined : parseYaml(file, text)
      entry = { stat: key ?? '', readAt, facts: parsed?.ok ? clusterFacts(parsed.doc) : null }
      changed = true
    }
    if (key) next[file] = entry
    if (entry.facts) all.push({ cluster, facts: entry.facts })
  }
  if (cacheFile && changed) await fs.writeAtomic(cacheFile, `${JSON.stringify({ format: FACTS_VERSION, clusters: next })}\n`).catch(() => {})
  return all
}

/** Where a session keeps the cache. */
export const fleetFactsFile = (stateDir: string): string => join(stateDir, 'cache', 'cluster-facts.json')

// Every cluster.yaml's identifying facts (validate/fleet.ts: state backends, kOps name, state
// store), kept by the file's stat in <state>/cache/cluster-facts.json, so a run on one cluster of a
// fleet of hundreds parses only the files that changed since the last run, not every one of them.
import { join } from 'node:path'
import { parseJsonText, type FileStat, type FileSystem } from '../fs/mod.ts'
import { clusterFacts, type ClusterFacts, type Fact } from '../validate/fleet.ts'
import { parseYaml } from './yaml-doc.ts'

/** One file's facts, or null for a file that does not parse (it has none, as without the cache). */
interface Entry {
  stat: string
  facts: Fact[] | null
}

type Cache = Record<string, Entry>

/** What identifies a version of a file without reading it: the file hasher's own assumption. */
const statKey = (s: FileStat): string => `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`

/** The cache file's entries; anything unreadable or foreign is an empty cache (it is only a cache). */
async function readCache(fs: FileSystem, file: string): Promise<Cache> {
  const text = await fs.readText(file).catch(() => '')
  const parsed = parseJsonText(text)
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return {}
  const { format, clusters } = parsed.value as { format?: unknown; clusters?: unknown }
  return format === 1 && typeof clusters === 'object' && clusters !== null ? (clusters as Cache) : {}
}

/**
 * The facts of the `known` clusters, in their order; files that cannot be read or parsed have none.
 * With `cacheFile`, files whose stat is unchanged are not read; the cache is rewritten when it moved.
 */
export async function fleetFacts(fs: FileSystem, root: string, clustersDir: string, known: readonly string[], cacheFile?: string): Promise<ClusterFacts[]> {
  const cache = cacheFile ? await readCache(fs, cacheFile) : {}
  const next: Cache = {}
  let changed = cacheFile !== undefined && Object.keys(cache).some((c) => !known.includes(c))
  const all: ClusterFacts[] = []
  for (const cluster of known) {
    const file = join(clustersDir, cluster, 'cluster.yaml')
    const stat = await fs.stat(join(root, file)).catch(() => undefined)
    const key = stat && statKey(stat)
    const kept = cache[cluster]
    let facts: Fact[] | null
    if (key !== undefined && kept?.stat === key && (kept.facts === null || Array.isArray(kept.facts))) facts = kept.facts
    else {
      const text = await fs.readText(join(root, file)).catch(() => undefined)
      const parsed = text === undefined ? undefined : parseYaml(file, text)
      facts = parsed?.ok ? clusterFacts(parsed.doc) : null
      changed = true
    }
    if (key !== undefined) next[cluster] = { stat: key, facts }
    if (facts) all.push({ cluster, facts })
  }
  if (cacheFile && changed) await fs.writeAtomic(cacheFile, `${JSON.stringify({ format: 1, clusters: next })}\n`).catch(() => {})
  return all
}

/** Where a session keeps the cache. */
export const fleetFactsFile = (stateDir: string): string => join(stateDir, 'cache', 'cluster-facts.json')

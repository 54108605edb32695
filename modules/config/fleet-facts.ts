// Every cluster.yaml's identifying facts (validate/fleet.ts: state backends, kOps name, state
// store), kept by the file's content hash in <state>/cache/cluster-facts.json, so a run on one
// cluster of a fleet of hundreds parses only the files that changed, not every one of them. The
// hashes come from the session's file hasher (cache/files.ts), whose stat cache decides when a
// file must be read again: an unchanged fleet is stat-ed, not read.
import { join } from 'node:path'
import { parseJsonText, type FileSystem } from '../fs/mod.ts'
import { clusterFacts, type ClusterFacts, type Fact } from '../validate/fleet.ts'
import { parseYaml } from './yaml-doc.ts'

/** Raised whenever clusterFacts or what it derives changes: older entries are then misses. */
const FACTS_VERSION = 2

/** Where the facts are kept, and the hashes of files (relative to the root) they are kept by. */
export interface FactsStore {
  file: string
  hashAll(paths: readonly string[]): Promise<Record<string, string>>
}

/** One file's facts, by its content hash (null: it does not parse, so it has none). */
interface Entry {
  hash: string
  facts: Fact[] | null
}

/** Entries by the file's path relative to the root, so a moved clusters directory is all misses. */
type Cache = Record<string, Entry>

const isFact = (f: unknown): f is Fact => {
  const v = f as Partial<Fact> | null
  return !!v && typeof v.kind === 'string' && typeof v.key === 'string' && typeof v.text === 'string' &&
    !!v.at && typeof v.at.file === 'string' && Number.isInteger(v.at.line) && Number.isInteger(v.at.column)
}

/** A cached entry for the file with this content. */
const usable = (e: Entry | undefined, hash: string): e is Entry =>
  !!e && e.hash === hash && (e.facts === null || (Array.isArray(e.facts) && e.facts.every(isFact)))

/** The cache file's entries; anything unreadable, foreign or of another version is an empty cache. */
async function readCache(fs: FileSystem, file: string): Promise<Cache> {
  const parsed = parseJsonText(await fs.readText(file).catch(() => ''))
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return {}
  const { format, clusters } = parsed.value as { format?: unknown; clusters?: unknown }
  return format === FACTS_VERSION && typeof clusters === 'object' && clusters !== null ? (clusters as Cache) : {}
}

/** The facts of one cluster.yaml, read and parsed (none when it cannot be read or parsed). */
async function parsedFacts(fs: FileSystem, root: string, file: string): Promise<Fact[] | null> {
  const text = await fs.readText(join(root, file)).catch(() => undefined)
  const parsed = text === undefined ? undefined : parseYaml(file, text)
  return parsed?.ok ? clusterFacts(parsed.doc) : null
}

/**
 * The facts of the `known` clusters, in their order; files that cannot be read or parsed have none.
 * With a `store`, a file whose content hash is the one kept is not parsed; the store's file is
 * rewritten when anything moved.
 */
export async function fleetFacts(fs: FileSystem, root: string, clustersDir: string, known: readonly string[], store?: FactsStore): Promise<ClusterFacts[]> {
  const files = known.map((cluster) => join(clustersDir, cluster, 'cluster.yaml'))
  const cache = store ? await readCache(fs, store.file) : {}
  const hashes = store ? await store.hashAll(files) : {}
  const next: Cache = {}
  let changed = Object.keys(cache).some((f) => !files.includes(f))
  const all: ClusterFacts[] = []
  for (const [i, cluster] of known.entries()) {
    const file = files[i]
    const hash = hashes[file]
    const kept = cache[file]
    const facts = hash !== undefined && usable(kept, hash) ? kept.facts : await parsedFacts(fs, root, file)
    if (hash !== undefined && hash !== 'missing') {
      next[file] = { hash, facts }
      changed ||= kept?.hash !== hash || kept.facts !== facts
    }
    if (facts) all.push({ cluster, facts })
  }
  if (store && changed) await fs.writeAtomic(store.file, `${JSON.stringify({ format: FACTS_VERSION, clusters: next })}\n`).catch(() => {})
  return all
}

/** Where a session keeps the facts. */
export const fleetFactsFile = (stateDir: string): string => join(stateDir, 'cache', 'cluster-facts.json')

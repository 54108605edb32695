// Validation results remembered by content: a cluster whose template, settings, outputs and
// committed manifest are byte for byte what they were, checked by the same checker code, is not
// rendered or parsed again. A pre-commit run over a fleet then costs a few file reads per cluster.
import { createHash } from 'node:crypto'
// The checker's own files are read with node:fs, synchronously: they are tasks' code, not the
// project's files the FileSystem port stands for, and resultKey (called as the checks go) is sync.
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FileSystem } from '../fs/mod.ts'
import type { Problem } from '../manifest/mod.ts'
import type { Fact } from './fleet.ts'

const FORMAT = 2

/**
 * Which checker produced a result. Compiled (the bin's build cache), this module's URL names a
 * directory derived from the build's contents; run from source, the checker's own files by size
 * and modification time stand for it.
 */
function checkerIdentity(): string {
  if (!import.meta.url.endsWith('.ts')) return import.meta.url
  const here = dirname(fileURLToPath(import.meta.url))
  const parts: string[] = []
  for (const dir of ['validate', 'manifest', 'template', 'config', 'aws']) {
    const path = join(here, '..', dir)
    for (const name of readdirSync(path).sort()) {
      const s = statSync(join(path, name))
      parts.push(`${dir}/${name}:${s.size}:${s.mtimeMs}`)
    }
  }
  return parts.join('\n')
}

let identity: string | undefined

/** The key of one cluster's validation: the checker and every text it reads. */
export function resultKey(texts: ReadonlyArray<string | undefined>): string {
  identity ??= checkerIdentity()
  const hash = createHash('sha256').update(`${FORMAT}\0${identity}`)
  for (const t of texts) hash.update(t === undefined ? '\0absent' : `\0${t.length}\0${t}`)
  return hash.digest('hex')
}

export interface ResultCache {
  get(cluster: string, key: string): Problem[] | undefined
  set(cluster: string, key: string, problems: Problem[]): void
  /** A cluster's identifying values (fleet.ts), by the key of its cluster.yaml alone. */
  facts(cluster: string, key: string): Fact[] | undefined
  setFacts(cluster: string, key: string, facts: Fact[]): void
  /** Writes the results back (atomically); a state directory that cannot be written is no error. */
  save(): Promise<void>
}

type Entries = Record<string, { key: string; problems: Problem[] }>
type FactEntries = Record<string, { key: string; facts: Fact[] }>

interface Stored {
  entries: Entries
  facts: FactEntries
}

/** What `path` holds; absent or damaged (or of another format) is nothing: every cluster is checked. */
async function readStored(fs: FileSystem, path: string): Promise<Stored> {
  try {
    const doc = JSON.parse(await fs.readText(path)) as { format?: number; entries?: Entries; facts?: FactEntries }
    if (doc.format === FORMAT && doc.entries && doc.facts) return { entries: doc.entries, facts: doc.facts }
  } catch {
    // Absent or damaged.
  }
  return { entries: {}, facts: {} }
}

/** The results stored at `path`, read and written through the file-system port. */
export async function openResultCache(fs: FileSystem, path: string): Promise<ResultCache> {
  const { entries, facts } = await readStored(fs, path)
  let changed = false
  return {
    get: (cluster, key) => (entries[cluster]?.key === key ? entries[cluster].problems : undefined),
    set(cluster, key, problems) {
      entries[cluster] = { key, problems }
      changed = true
    },
    facts: (cluster, key) => (facts[cluster]?.key === key ? facts[cluster].facts : undefined),
    setFacts(cluster, key, list) {
      facts[cluster] = { key, facts: list }
      changed = true
    },
    async save() {
      if (!changed) return
      try {
        await fs.writeAtomic(path, JSON.stringify({ format: FORMAT, entries, facts }))
      } catch {
        // A read-only checkout still validates; it just cannot remember.
      }
    },
  }
}

/** A cache that remembers nothing (tests of the checks themselves, --no-cache). */
export const noResultCache: ResultCache = { get: () => undefined, set: () => {}, facts: () => undefined, setFacts: () => {}, save: async () => {} }

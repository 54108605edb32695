// The effectful half of planning: read cache records, hash input and output files, learn tool
// versions. The pure planner then works on these facts alone, and the run never gathers again: it
// learns what changed from the stages it runs (plan/redecide.ts).
import { join, relative } from 'node:path'
import type { CacheRecord, FileHasher } from '../cache/mod.ts'
import { readRecord, redactedFromRecord } from '../cache/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo, Stage } from '../graph/mod.ts'
import { forCluster, type ClusterFacts } from '../plan/mod.ts'
import type { ToolVersions } from './tool-versions.ts'

/**
 * Cache records shared between machines (cache.remote): looked up by a stage's key when it would
 * run, written once after it succeeded. Never fails a run: a dead remote is a warning and a miss.
 */
export interface RemoteRecords {
  get(cluster: string, stage: string, key: string): Promise<(CacheRecord & { origin: string }) | undefined>
  /** Queued: the run goes on; `flush` waits for what is still in flight. */
  put(record: CacheRecord): void
  flush(): Promise<void>
}

export interface Gatherer {
  fs: FileSystem
  hasher: FileHasher
  versions: ToolVersions
  root: string
  stateDir: string
  warn(message: string): void
  remote?: RemoteRecords
}

export async function gatherCluster(g: Gatherer, cluster: ClusterInfo, stages: readonly Stage[]): Promise<ClusterFacts> {
  const state = relative(g.root, g.stateDir)
  const records: Record<string, CacheRecord | undefined> = {}
  const files: Record<string, Record<string, string>> = {}
  const outputs: Record<string, Record<string, string>> = {}
  const tools: Record<string, string> = {}
  const reads: Record<string, Record<string, string | undefined>> = {}
  for (const stage of stages) {
    const record = (records[stage.name] = await recordOf(g, cluster, stage))
    files[stage.name] = await g.hasher.hashAll(forCluster(stage.inputs, cluster, state))
    outputs[stage.name] = await hashOutputs(g, record)
    for (const tool of stage.tools) tools[tool] ??= await g.versions.version(cluster.bins[tool] ?? tool, cluster.toolPath)
    reads[stage.name] = await readFiles(g, stage.reads, forCluster(stage.reads, cluster, state))
  }
  return { cluster, records, files, outputs, tools, reads }
}

/** A stage's last success: its record, or a read stage's committed result, with sensitive values redacted. */
async function recordOf(g: Gatherer, cluster: ClusterInfo, stage: Stage): Promise<CacheRecord | undefined> {
  const loaded = await readRecord(g.fs, g.stateDir, cluster.name, stage.name)
  if (loaded.warning) g.warn(loaded.warning.replace(`${g.root}/`, ''))
  const record = loaded.record ?? (await committedResult(g, cluster, stage))
  // Recorded sensitive values are digests or markers: usable for keys, never rendered as text.
  return record && { ...record, result: redactedFromRecord(record.result) }
}

/** The current hashes of the output files a record lists (a stage whose outputs were edited runs again). */
async function hashOutputs(g: Gatherer, record: CacheRecord | undefined): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {}
  for (const path of Object.keys(record?.outputs ?? {})) outputs[path] = await g.hasher.hash(path)
  return outputs
}

/** The contents of a stage's `reads` files, keyed as declared; undefined where absent or unreadable. */
async function readFiles(g: Gatherer, declared: readonly string[], paths: readonly string[]): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {}
  for (const [i, path] of paths.entries()) out[declared[i]] = await g.fs.readText(join(g.root, path)).catch(() => undefined)
  return out
}

/**
 * A read stage's committed result as a stand-in record (its key matches nothing, so only --offline
 * uses it); undefined when the stage has none or the file is missing or not JSON.
 */
async function committedResult(g: Gatherer, info: ClusterInfo, stage: Stage): Promise<CacheRecord | undefined> {
  if (stage.kind !== 'read' || !stage.recorded) return undefined
  const cluster = info.name
  const [path] = forCluster([stage.recorded], info, relative(g.root, g.stateDir))
  let text: string
  try {
    text = await g.fs.readText(join(g.root, path))
  } catch {
    return undefined
  }
  try {
    const result = JSON.parse(text)
    return { format: 1, cluster, stage: stage.name, key: '', parts: {}, result, outputs: {}, finishedAt: `committed ${path}`, durationMs: 0 }
  } catch (error) {
    g.warn(`ignoring ${path}: it is not JSON (${(error as Error).message}); the next online run rewrites it`)
    return undefined
  }
}

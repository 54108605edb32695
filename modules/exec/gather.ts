// The effectful half of planning: read cache records, hash input and output files, learn tool
// versions. The pure planner then works on these facts alone.
import { join, relative } from 'node:path'
import type { CacheRecord, FileHasher } from '../cache/mod.ts'
import { readRecord, redactedFromRecord } from '../cache/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo, Stage } from '../graph/mod.ts'
import { forCluster, type ClusterFacts } from '../plan/mod.ts'
import type { ToolVersions } from './tool-versions.ts'

export interface Gatherer {
  fs: FileSystem
  hasher: FileHasher
  versions: ToolVersions
  root: string
  stateDir: string
  warn(message: string): void
}

export async function gatherCluster(g: Gatherer, cluster: ClusterInfo, stages: readonly Stage[]): Promise<ClusterFacts> {
  const facts: ClusterFacts = { cluster, records: {}, files: {}, outputs: {}, tools: {}, reads: {} }
  for (const stage of stages) {
    const loaded = await readRecord(g.fs, g.stateDir, cluster.name, stage.name)
    if (loaded.warning) g.warn(loaded.warning.replace(`${g.root}/`, ''))
    const record = loaded.record ?? (await committedResult(g, cluster, stage))
    // Recorded sensitive values are digests or markers: usable for keys, never rendered as text.
    facts.records[stage.name] = record && { ...record, result: redactedFromRecord(record.result) }
    await refreshStage(g, facts, stage)
    facts.reads[stage.name] = await readFiles(g, stage.reads, forCluster(stage.reads, cluster, relative(g.root, g.stateDir)))
  }
  return facts
}

/** The contents of a stage's `reads` files, keyed as declared; undefined where absent or unreadable. */
async function readFiles(g: Gatherer, declared: readonly string[], paths: readonly string[]): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {}
  for (const [i, path] of paths.entries()) out[declared[i]] = await g.fs.readText(join(g.root, path)).catch(() => undefined)
  return out
}

/** Re-hashes one stage's inputs and recorded outputs: earlier stages of this run may have written them. */
export async function refreshStage(g: Gatherer, facts: ClusterFacts, stage: Stage): Promise<void> {
  facts.files[stage.name] = await g.hasher.hashAll(forCluster(stage.inputs, facts.cluster, relative(g.root, g.stateDir)))
  const recorded = Object.keys(facts.records[stage.name]?.outputs ?? {})
  const outputs: Record<string, string> = {}
  for (const path of recorded) outputs[path] = await g.hasher.hash(path)
  facts.outputs[stage.name] = outputs
  const { bins, toolPath } = facts.cluster
  for (const tool of stage.tools) facts.tools[tool] ??= await g.versions.version(bins[tool] ?? tool, toolPath)
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

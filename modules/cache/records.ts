// Cache records: `<state>/cache/<cluster>/<stage>.json`, one per stage and cluster, written only
// after the stage succeeded and atomically. A missing record is a miss; a corrupt one is a miss
// with a warning, never a crash.
import { join } from 'node:path'
import type { FileSystem } from '../fs/mod.ts'
import type { KeyParts } from './key.ts'

export interface CacheRecord {
  format: 1
  cluster: string
  stage: string
  key: string
  parts: KeyParts
  /** The stage's result, served to dependants when it is skipped and by --offline. */
  result: unknown
  /** Output file path (relative to the root) → content hash when the stage finished. */
  outputs: Record<string, string>
  finishedAt: string
  durationMs: number
  /** Set on a record restored from the remote cache: who made it (`run ID on host H`). */
  origin?: string
}

export const recordPath = (stateDir: string, cluster: string, stage: string): string =>
  join(stateDir, 'cache', cluster, `${stage}.json`)

export interface LoadedRecord {
  record?: CacheRecord
  /** Set when a record exists but cannot be used. */
  warning?: string
}

function isRecord(v: unknown): v is CacheRecord {
  const r = v as CacheRecord
  return (
    typeof r === 'object' && r !== null && r.format === 1 && typeof r.key === 'string' &&
    typeof r.parts === 'object' && r.parts !== null && typeof r.outputs === 'object' && r.outputs !== null
  )
}

export async function readRecord(fs: FileSystem, stateDir: string, cluster: string, stage: string): Promise<LoadedRecord> {
  const path = recordPath(stateDir, cluster, stage)
  if (!(await fs.stat(path))) return {}
  let data: unknown
  try {
    data = JSON.parse(await fs.readText(path))
  } catch (error) {
    return { warning: `ignoring corrupt cache record ${path} (${(error as Error).message}); the stage will run` }
  }
  if (!isRecord(data)) return { warning: `ignoring cache record ${path}: not a tasks cache record; the stage will run` }
  return { record: data }
}

export function writeRecord(fs: FileSystem, stateDir: string, record: CacheRecord): Promise<void> {
  return fs.writeAtomic(recordPath(stateDir, record.cluster, record.stage), `${JSON.stringify(record, null, 2)}\n`)
}

/** Forgets a stage's last success for a cluster: its next run is not skipped. */
export function dropRecord(fs: FileSystem, stateDir: string, cluster: string, stage: string): Promise<void> {
  return fs.remove(recordPath(stateDir, cluster, stage))
}

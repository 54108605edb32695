// A stage restored from the remote cache instead of run: only a stage whose record means what it
// does locally (a pure or write stage that is cached, not forced), found under this very key, and
// whose output files are the ones the record lists (a fresh checkout holds the committed
// cluster.yml and kubernetes.tf; a Terraform working directory under .tasks/ is never there, so
// init runs on every machine). The record is written locally too, so the next run needs no lookup.
import { relative } from 'node:path'
import { redactedFromRecord, writeRecord, type CacheRecord } from '../cache/mod.ts'
import type { Stage } from '../graph/mod.ts'
import { isForced, outputProblem } from '../plan/mod.ts'
import type { Gatherer } from './gather.ts'
import type { Ports } from './ports.ts'
import type { ExecuteOptions } from './types.ts'

/** What a restore needs of the run (cluster-run.ts's RunEnv, without importing it back). */
interface RunEnv {
  ports: Ports
  gather: Gatherer
  options: ExecuteOptions
}

/** Whether a stage's record may be shared: it stands for the same work on any machine. */
export const shareable = (stage: Stage, env: RunEnv): boolean =>
  stage.kind !== 'read' && stage.cached && !isForced(env.options.force, stage.name) && !env.options.offline

/** The remote record of this stage and key, restored locally; undefined when there is none to use. */
export async function restoreRemote(stage: Stage, cluster: string, key: string, env: RunEnv): Promise<CacheRecord | undefined> {
  const remote = env.gather.remote
  if (!remote || !shareable(stage, env)) return undefined
  const found = await remote.get(cluster, stage.name, key)
  if (!found) return undefined
  const current: Record<string, string> = {}
  for (const path of Object.keys(found.outputs)) current[path] = await env.gather.hasher.hash(path)
  if (outputProblem(found.outputs, current) !== undefined) return undefined
  await writeRecord(env.ports.fs, env.options.stateDir, found)
  // As a local record is read back: sensitive values are digests, usable for keys, never as text.
  return { ...found, result: redactedFromRecord(found.result) }
}

/**
 * Shares a record a stage just wrote, when it may be shared and means something elsewhere: not one
 * whose files are under the state directory (a Terraform working directory is this machine's).
 */
export function shareRecord(stage: Stage, record: CacheRecord, env: RunEnv): void {
  const local = `${relative(env.gather.root, env.gather.stateDir)}/`
  if (Object.keys(record.outputs).some((path) => path.startsWith(local))) return
  if (env.gather.remote && shareable(stage, env)) env.gather.remote.put(record)
}

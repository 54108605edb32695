// The run's remote cache (cache.remote in .tasksrc, or TASKS_REMOTE_CACHE): records other machines
// made are restored by key, records this run makes are shared, each tagged with who made it.
// Off with --no-remote-cache and --offline. The S3 client loads only when a run uses it.
import type { Failure } from '../diag/mod.ts'
import type { RemoteRecords } from '../exec/mod.ts'
import type { CliOptions } from './args.ts'
import type { CliEnv } from './env.ts'
import type { Session } from './session.ts'

/** The remote cache's address for this run: the environment's, else the project's; none when turned off. */
export function remoteAddress(env: CliEnv, options: CliOptions, session: Session): string | undefined {
  if (options.noRemoteCache || options.offline) return undefined
  return env.env.TASKS_REMOTE_CACHE || session.project.settings.cache?.remote || undefined
}

/** A TASKS_REMOTE_CACHE that is not an s3:// address: a usage error, before anything runs. */
export async function remoteProblem(env: CliEnv, options: CliOptions, session: Session): Promise<Failure | undefined> {
  const address = remoteAddress(env, options, session)
  if (address === undefined || !env.env.TASKS_REMOTE_CACHE) return undefined
  const { parseRemote } = await import('../cache/remote.ts')
  const parsed = parseRemote(address)
  return typeof parsed === 'string' ? { reason: 'bad-option-value', option: 'TASKS_REMOTE_CACHE', value: address, expected: `an s3://BUCKET/PREFIX address (${parsed})` } : undefined
}

/** The remote records of a run whose records are tagged `origin`; undefined when there is no remote cache. */
export async function remoteRecords(env: CliEnv, options: CliOptions, session: Session, origin: string, warn: (m: string) => void): Promise<RemoteRecords | undefined> {
  const address = remoteAddress(env, options, session)
  if (address === undefined) return undefined
  const { s3RemoteCache } = await import('../cache/remote.ts')
  const cache = s3RemoteCache(address, { env: env.env, warn })
  const pending: Promise<void>[] = []
  return {
    get: (cluster, stage, key) => cache.get(cluster, stage, key),
    put: (record) => void pending.push(cache.put(record, origin)),
    flush: async () => {
      await Promise.all(pending)
      await cache.flush()
    },
  }
}

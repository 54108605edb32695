// `kops version [--short] [--server] [-o json|yaml]` (cli-contracts.md §2.9). The version comes
// from TASKS_SANDBOX_KOPS_VERSION (default 1.28.4); TASKS_SANDBOX_KOPS_VERSION_STYLE=new prints
// the newest kOps's `Client Version:` instead of 1.28's `Client version:`.
import { processArgs } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, flag } from './flags.ts'
import { openStore, readCluster, readObject } from './store.ts'

/** The simulated kOps version. */
export const kopsVersion = (ctx: Ctx): string => ctx.io.env.TASKS_SANDBOX_KOPS_VERSION || '1.28.4'

// What `--server` reports: the version that last wrote the cluster, or kOps's fallback texts.
function serverVersion(ctx: Ctx, cluster: string): string {
  if (cluster === '') return 'No cluster selected'
  try {
    const store = openStore(ctx)
    if (!readCluster(store, cluster)) return 'could not fetch cluster'
    return readObject(store, cluster, 'kops-version.txt') ?? 'could get cluster version'
  } catch (e) {
    if (e instanceof KopsError) return 'could not fetch cluster'
    throw e
  }
}

function run(ctx: Ctx): number {
  const cluster = processArgs(ctx)
  const output = flag(ctx.parsed, 'output')
  if (output !== '' && output !== 'json' && output !== 'yaml') throw new KopsError(`--output must be 'yaml' or 'json'`)
  const version = kopsVersion(ctx)
  const server = boolFlag(ctx.parsed, 'server') ? serverVersion(ctx, cluster) : undefined
  const info = { version, gitVersion: `v${version}` }
  if (output === 'json') {
    ctx.io.stdout(`${JSON.stringify({ clientVersion: info, ...(server ? { serverVersion: server } : {}) }, null, 2)}\n`)
  } else if (output === 'yaml') {
    const serverLine = server ? `serverVersion: ${server}\n` : ''
    ctx.io.stdout(`clientVersion:\n  gitVersion: ${info.gitVersion}\n  version: ${version}\n${serverLine}\n`)
  } else if (boolFlag(ctx.parsed, 'short')) {
    ctx.io.stdout(`${version}\n${server !== undefined ? `${server}\n` : ''}`)
  } else {
    const label = ctx.io.env.TASKS_SANDBOX_KOPS_VERSION_STYLE === 'new' ? 'Client Version' : 'Client version'
    ctx.io.stdout(`${label}: ${version} (git-${info.gitVersion})\n${server !== undefined ? `Last applied server version: ${server}\n` : ''}`)
  }
  return 0
}

/** `kops version`. */
export const versionCommand: CommandDef = {
  path: ['version'],
  short: 'Print the kOps version information.',
  flags: [
    { name: 'short', kind: 'bool' },
    { name: 'server', kind: 'bool' },
    { name: 'output', short: 'o', kind: 'string' },
  ],
  run,
}

// `kops export kubeconfig [CLUSTER | --all] [--admin[=DUR]] [--user U] [--auth-plugin] [--internal]
// [--kubeconfig F]` (cli-contracts.md §2.8): writes (merges) cluster, context and user entries
// named after the cluster into F, else $KUBECONFIG, else the sandbox's kube/config; sets the
// current context. Without credentials a warning goes to stderr.
import { klog, nameFlag, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, flag } from './flags.ts'
import { kubeconfigPath, serverUrl, writeContext, type Auth } from './kubeconfig.ts'
import { listClusters, openStore, requireCluster } from './store.ts'

function authOf(ctx: Ctx, state: string): Auth {
  const admin = flag(ctx.parsed, 'admin')
  const user = flag(ctx.parsed, 'user')
  if (admin && user) throw new KopsError('cannot use both --admin and --user')
  if (admin) return { admin }
  if (user) return { user }
  return boolFlag(ctx.parsed, 'auth-plugin') ? { plugin: state } : { none: true }
}

function clusters(ctx: Ctx): string[] | undefined {
  if (!boolFlag(ctx.parsed, 'all')) return undefined
  if (ctx.args.length || nameFlag(ctx)) throw new KopsError('cannot use both --all flag and positional arguments')
  return []
}

function run(ctx: Ctx): number {
  const all = clusters(ctx)
  const names = all ?? [requireClusterName(ctx)]
  const store = openStore(ctx)
  const auth = authOf(ctx, store.url)
  const path = kubeconfigPath(ctx, flag(ctx.parsed, 'kubeconfig'))
  for (const name of all ? listClusters(store) : names) {
    const cluster = requireCluster(store, name)
    writeContext(path, name, serverUrl(cluster, name, boolFlag(ctx.parsed, 'internal')), auth)
    ctx.io.stdout(`kOps has set your kubectl context to ${name}\n`)
    if ('none' in auth) {
      klog(ctx, 'W', 'export_kubeconfig.go:170', 'Exported kubeconfig with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`')
    }
  }
  return 0
}

/** `kops export kubeconfig` (alias `kubecfg`). */
export const exportKubeconfigCommand: CommandDef = {
  path: ['export', 'kubeconfig'],
  aliases: ['kubecfg'],
  short: 'Export kubeconfig.',
  flags: [
    { name: 'admin', kind: 'optional', bare: '18h' },
    { name: 'user', kind: 'string' },
    { name: 'internal', kind: 'bool' },
    { name: 'kubeconfig', kind: 'string' },
    { name: 'all', kind: 'bool' },
    { name: 'auth-plugin', kind: 'bool' },
  ],
  run,
}

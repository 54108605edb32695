// What every simulated kops command shares: the clock, klog-style log lines on stderr, and the
// the clock, klog-style log lines on stderr, and the global rules of cli-contracts.md §2.0 for the
// state store (--state / KOPS_STATE_STORE) and the cluster name (--name / KOPS_CLUSTER_NAME /
// positional argument).
import type { SimIo } from '../common/io.ts'
import { KopsError, type Ctx } from './types.ts'

/** Now: TASKS_SANDBOX_NOW (ISO 8601) when set, so output is reproducible; else the real time. */
export function now(io: SimIo): Date {
  const fixed = io.env.TASKS_SANDBOX_NOW
  const date = fixed ? new Date(fixed) : new Date()
  return Number.isNaN(date.getTime()) ? new Date() : date
}

const two = (n: number): string => String(n).padStart(2, '0')

/** The klog header `I1127 10:00:00.000000   12345 file.go:123] ` (UTC; fixed thread id 12345). */
export function klogPrefix(level: 'I' | 'W' | 'E', at: Date, source: string): string {
  const micros = String(at.getUTCMilliseconds() * 1000).padStart(6, '0')
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}.${micros}`
  return `${level}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())} ${time} ${'12345'.padStart(7)} ${source}] `
}

/** Writes one klog line to stderr. */
export function klog(ctx: Ctx, level: 'I' | 'W' | 'E', source: string, message: string): void {
  ctx.io.stderr(`${klogPrefix(level, now(ctx.io), source)}${message}\n`)
}

/** The state store URL: --state, else KOPS_STATE_STORE, trailing `/` trimmed; or the §2.0 error. */
export function stateStoreUrl(ctx: Ctx): string {
  const flagged = ctx.parsed.values.get('state')
  const raw = flagged?.length ? flagged[flagged.length - 1] : (ctx.io.env.KOPS_STATE_STORE ?? '')
  const url = raw.replace(/\/+$/, '')
  if (url === '') {
    throw new KopsError(
      'State Store: Required value: Please set the --state flag or export KOPS_STATE_STORE.\n' +
        'For example, a valid value follows the format s3://<bucket>.\n' +
        'You can find the supported stores in https://kops.sigs.k8s.io/state.',
    )
  }
  return url
}

/** --name, else KOPS_CLUSTER_NAME, else ''. */
export function nameFlag(ctx: Ctx): string {
  const flagged = ctx.parsed.values.get('name')
  return flagged?.length ? flagged[flagged.length - 1] : (ctx.io.env.KOPS_CLUSTER_NAME ?? '')
}

/**
 * kOps's ProcessArgs: a single positional argument names the cluster (with the deprecation notice
 * on stderr); more than one, or one plus --name, prints the "Found multiple arguments" hint on
 * stdout and fails. Returns the cluster name, possibly ''.
 */
export function processArgs(ctx: Ctx): string {
  const args = ctx.args
  const fromFlag = nameFlag(ctx)
  if (args.length > 0) {
    ctx.io.stderr('\n\nClusterName as positional argument is deprecated and will be removed in a future version\n\n')
  }
  if (args.length === 0) return fromFlag
  if (args.length === 1 && fromFlag === '') return args[0]
  const lines = ['', 'Found multiple arguments which look like a cluster name']
  if (fromFlag !== '') lines.push(`\t"${fromFlag}" (via flag)`)
  for (const arg of args) lines.push(`\t"${arg}" (as argument)`)
  lines.push('', 'This often happens if you specify an argument to a boolean flag without using =')
  lines.push('For example: use `--bastion=true` or `--bastion`, not `--bastion true`', '', '')
  ctx.io.stdout(lines.join('\n'))
  throw new KopsError(args.length === 1 ? 'cannot specify cluster via --name and positional argument' : 'expected a single <clustername> to be passed as an argument')
}

/**
 * The cluster a command acts on (clusterNameArgs). Real kOps falls back to the current kubectl
 * context; the sandbox does not (see README.md), so a missing name is `--name is required`.
 */
export function requireClusterName(ctx: Ctx): string {
  const name = processArgs(ctx)
  if (name === '') throw new KopsError('--name is required')
  return name
}

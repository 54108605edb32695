// The account guard: before a run's first remote call, each cluster whose cluster.yaml sets
// `account` is checked against the caller identity of its credentials. Pure apart from the reader
// it is given: identities are read once per distinct set of credentials, sandboxed clusters from
// the simulator (never the network).
import { sandboxCallerIdentity } from '../../sandbox/aws/identity.ts'
import type { Failure } from '../diag/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import type { Caller, IdentityAnswer, IdentityReader } from './identity.ts'

export interface GuardOptions {
  /** --sandbox: every selected cluster runs on the simulators, so answers from them. */
  sandbox: boolean
  /** The invocation's environment (the process's, or a test's). */
  env: Record<string, string | undefined>
  /** Reads the identity of real credentials (STS). */
  read: IdentityReader
}

/** One cluster's credentials and who they turned out to be. */
export interface ClusterIdentity {
  cluster: ClusterInfo
  caller: Caller
  sandboxed: boolean
  answer: IdentityAnswer
}

/** Sandboxed as modules/cli/tool-setup.ts decides it: --sandbox, or `sandbox: true` in cluster.yaml. */
export const isSandboxed = (cluster: ClusterInfo, runSandbox: boolean): boolean => runSandbox || cluster.settings.sandbox === true

/** The simulator's identity: $TASKS_SANDBOX_ACCOUNT of the cluster's environment, no network. */
export const sandboxIdentityReader: IdentityReader = async (who) => ({ ok: true, ...sandboxCallerIdentity(who.env) })

/** The account cluster.yaml declares, if any. */
export function accountOf(cluster: ClusterInfo): string | undefined {
  const account = cluster.settings.account
  return typeof account === 'string' && account.trim() !== '' ? account.trim() : undefined
}

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v))

/**
 * The credentials a cluster's tools run with, as workflow/cluster.ts builds their environment:
 * the invocation's, then cluster.yaml `env:`, then its `profile` and `region` over AWS_PROFILE/AWS_REGION.
 */
export function callerOf(cluster: ClusterInfo, env: Record<string, string | undefined>): Caller {
  const extra = (cluster.settings.env ?? {}) as Record<string, unknown>
  const merged: Record<string, string> = {}
  for (const [k, v] of [...Object.entries(env), ...Object.entries(extra)]) if (v !== undefined) merged[k] = String(v)
  const profile = text(cluster.settings.profile) ?? text(merged.AWS_PROFILE)
  const region = text(cluster.settings.region) ?? text(merged.AWS_REGION) ?? text(merged.AWS_DEFAULT_REGION)
  if (profile) merged.AWS_PROFILE = profile
  if (region) merged.AWS_REGION = region
  return { profile, region, env: merged }
}

/** What decides an answer: clusters equal in all of these share one STS call. */
const DECIDING = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'HOME', 'TASKS_SANDBOX_ACCOUNT']
const credentialsKey = (caller: Caller, sandboxed: boolean): string =>
  JSON.stringify([sandboxed, caller.profile ?? null, caller.region ?? null, ...DECIDING.map((k) => caller.env[k] ?? null)])

/** Each cluster's identity, read concurrently and once per (profile, region) and environment. */
export async function readIdentities(clusters: readonly ClusterInfo[], o: GuardOptions): Promise<ClusterIdentity[]> {
  const asked = new Map<string, Promise<IdentityAnswer>>()
  return Promise.all(
    clusters.map(async (cluster) => {
      const sandboxed = isSandboxed(cluster, o.sandbox)
      const caller = callerOf(cluster, o.env)
      const key = credentialsKey(caller, sandboxed)
      if (!asked.has(key)) asked.set(key, (sandboxed ? sandboxIdentityReader : o.read)(caller))
      return { cluster, caller, sandboxed, answer: await asked.get(key)! }
    }),
  )
}

/** The guard's failures: a cluster in another account (refused), or credentials that could not be read. */
export function guardFailures(found: readonly ClusterIdentity[]): Failure[] {
  const failures: Failure[] = []
  // Clusters sharing credentials share their answer: one problem names them all.
  const problems = new Map<IdentityAnswer, ClusterIdentity[]>()
  for (const f of found) {
    const expected = accountOf(f.cluster)
    if (!f.answer.ok) problems.set(f.answer, [...(problems.get(f.answer) ?? []), f])
    else if (expected !== undefined && f.answer.account !== expected) {
      const { cluster, caller, sandboxed } = f
      failures.push({ reason: 'wrong-account', cluster: cluster.name, file: `${cluster.dir}/cluster.yaml`, expected, actual: f.answer.account, profile: caller.profile, sandbox: sandboxed })
    }
  }
  for (const [answer, group] of problems) {
    if (answer.ok) continue
    const clusters = group.map((g) => g.cluster.name)
    const { profile } = group[0].caller
    if (answer.problem === 'no-credentials') failures.push({ reason: 'no-credentials', clusters, profile, detail: answer.message })
    else failures.push({ reason: 'identity-unavailable', clusters, profile, problem: answer.problem, detail: answer.message })
  }
  return failures
}

/** The guard itself: only clusters that set `account` are checked (no STS call for the others). */
export async function accountGuard(clusters: readonly ClusterInfo[], o: GuardOptions): Promise<Failure[]> {
  const checked = clusters.filter((c) => accountOf(c) !== undefined)
  return checked.length ? guardFailures(await readIdentities(checked, o)) : []
}

/** Whether a cluster runs unguarded: real AWS, and no `account` to check its credentials against. */
export const unguarded = (cluster: Pick<ClusterInfo, 'settings'>, runSandbox = false): boolean =>
  !runSandbox && cluster.settings.sandbox !== true && text(cluster.settings.account) === undefined

/** The warning for an unguarded cluster (validate and doctor), and what to do about it. */
export function unguardedWarning(name: string, file: string, signedIn?: string): { message: string; hint: string } {
  const hint = signedIn
    ? `add \`account: "${signedIn}"\` (the account its credentials sign in to now) to ${file}, if that is the right one`
    : `add \`account: "<its 12-digit AWS account ID>"\` to ${file}; \`tasks doctor\` shows the account its credentials sign in to`
  return { message: `cluster "${name}" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on`, hint }
}

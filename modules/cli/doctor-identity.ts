// The identity part of `tasks doctor`: who each cluster's credentials are (account and ARN, or
// why that cannot be read), checked against cluster.yaml `account`, and a warning for a cluster
// on real AWS that sets no account.
import { accountOf, readIdentities, stsIdentityReader, unguarded, unguardedWarning, type ClusterIdentity, type GuardOptions } from '../aws/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import type { CliOptions } from './args.ts'
import type { CliEnv } from './env.ts'

/** The account guard's options for this invocation: the reader a test injects, else STS. */
export const guardOptions = (env: CliEnv, options: Pick<CliOptions, 'sandbox'>): GuardOptions => ({
  sandbox: options.sandbox,
  env: env.env,
  read: env.ports?.identity ?? stsIdentityReader,
})

export interface IdentityReport {
  /** Header and one row per cluster: CLUSTER PROFILE ACCOUNT ARN IDENTITY. */
  rows: string[][]
  /** `warning:` and `hint:` lines for clusters that run unguarded. */
  warnings: string[]
  /** How many clusters have an identity problem (unreadable, or another account). */
  problems: number
}

/** The IDENTITY cell, and whether it is a problem. */
function verdict(f: ClusterIdentity): { text: string; problem: boolean } {
  const expected = accountOf(f.cluster)
  const sandbox = f.sandboxed ? ' (sandbox)' : ''
  if (!f.answer.ok) return { text: `FAIL: ${f.answer.problem}: ${f.answer.message}`, problem: true }
  if (expected === undefined) return { text: f.sandboxed ? 'ok (sandbox)' : 'not checked: cluster.yaml sets no account', problem: false }
  if (f.answer.account !== expected) return { text: `FAIL: cluster.yaml account is ${expected}${sandbox}`, problem: true }
  return { text: `ok${sandbox}`, problem: false }
}

/** Reads every cluster's identity (once per set of credentials) and describes it. */
export async function identityReport(clusters: readonly ClusterInfo[], o: GuardOptions): Promise<IdentityReport> {
  const found = await readIdentities(clusters, o)
  const rows = [['CLUSTER', 'PROFILE', 'ACCOUNT', 'ARN', 'IDENTITY']]
  const warnings: string[] = []
  let problems = 0
  for (const f of found) {
    const { text, problem } = verdict(f)
    if (problem) problems++
    const known = f.answer.ok ? f.answer : undefined
    rows.push([f.cluster.name, f.caller.profile ?? '-', known?.account ?? '-', known?.arn ?? '-', text])
    if (unguarded(f.cluster, o.sandbox)) {
      const w = unguardedWarning(f.cluster.name, `${f.cluster.dir}/cluster.yaml`, known?.account)
      warnings.push(`warning: ${w.message}.`, `hint: ${w.hint}.`)
    }
  }
  return { rows, warnings, problems }
}

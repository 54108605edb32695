// `tasks doctor` and the pre-run tool check: which terraform and kops each cluster would run,
// their versions, and whether they meet the cluster's requirements.
import type { GuardOptions } from '../aws/mod.ts'
import type { Failure } from '../diag/mod.ts'
import type { ClusterInfo, Stage } from '../graph/mod.ts'
import { checkRequirement, installHint, requirementsOf, versionNumber } from '../tools/mod.ts'
import { identityReport } from './doctor-identity.ts'
import type { Session } from './session.ts'

export { guardOptions } from './doctor-identity.ts'

export const DOCTOR_TOOLS = ['terraform', 'kops']

interface Row {
  cluster: string
  tool: string
  path: string
  version: string
  requires: string
  result: string
  failure?: Failure
}

async function checkOne(session: Session, cluster: ClusterInfo, tool: string): Promise<Row> {
  const { versions } = session.gatherer
  const bin = cluster.bins[tool] ?? tool
  const path = (await versions.locate(bin, cluster.toolPath)) ?? '(not found)'
  const found = await versions.version(bin, cluster.toolPath)
  const req = requirementsOf(cluster, [tool])[0]
  const check = req ? checkRequirement(req, found) : found === 'not-found' ? { ok: false as const, reason: `${tool} was not found on PATH` } : { ok: true as const }
  const version = found === 'not-found' ? '-' : versionNumber(found)
  const row: Row = { cluster: cluster.name, tool, path, version, requires: req?.constraint ?? 'any', result: check.ok ? 'ok' : `FAIL: ${check.reason}` }
  if (!check.ok) {
    const hint = installHint(tool, req?.exact ? req.constraint : undefined)
    row.failure = { reason: 'tool-requirement', cluster: cluster.name, tool, setting: found === 'not-found' ? undefined : req?.setting, detail: check.reason, hint }
  }
  return row
}

/** Failures for the tools the given stages run, on each cluster; checked once per run per tool. */
export async function checkTools(session: Session, clusters: readonly ClusterInfo[], stages: readonly Stage[]): Promise<Failure[]> {
  const tools = [...new Set(stages.flatMap((s) => s.tools))]
  const failures: Failure[] = []
  for (const cluster of clusters) {
    for (const tool of tools) {
      const row = await checkOne(session, cluster, tool)
      if (row.failure) failures.push(row.failure)
    }
  }
  return failures
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n')
}

/**
 * The doctor's tables (tools, then identities), its failures (tool problems, printed) and its
 * count of problems, failures included (exit 2 when any).
 */
export async function doctor(session: Session, clusters: readonly ClusterInfo[], guard: GuardOptions): Promise<{ text: string; failures: Failure[]; problems: number }> {
  const rows: Row[] = []
  for (const cluster of clusters) for (const tool of DOCTOR_TOOLS) rows.push(await checkOne(session, cluster, tool))
  const header = ['CLUSTER', 'TOOL', 'VERSION', 'REQUIRES', 'PATH', 'RESULT']
  const body = rows.map((r) => [r.cluster, r.tool, r.version, r.requires, r.path, r.result])
  const failures = rows.flatMap((r) => (r.failure ? [r.failure] : []))
  const identities = await identityReport(clusters, guard)
  const problems = failures.length + identities.problems
  const verdict = problems ? `${problems} problem${problems === 1 ? '' : 's'} found.` : 'All tools found, all requirements met.'
  const warnings = identities.warnings.length ? `${identities.warnings.join('\n')}\n\n` : ''
  return { text: `${table([header, ...body])}\n\n${table(identities.rows)}\n\n${warnings}${verdict}\n`, failures, problems }
}

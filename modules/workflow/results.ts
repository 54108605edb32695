// Turning tool output into stage results: outputs with their secrets wrapped, the plan summary
// a reviewer reads, and what a rolling update would roll.
import { sha256 } from '../cache/mod.ts'
import { SUMMARY_DETAIL } from '../exec/events.ts'
import { isStageFailure, stageFailed, type CommandResult, type StageFailure } from '../graph/mod.ts'
import { DEFAULT_PROTECTED, destructive, refusalText, type Destructive } from '../guard/mod.ts'
import type { TerraformOutputs } from '../template/mod.ts'
import { parseOutputs, parseRollingUpdate, parseValidateJson, redactOutputs, summarizePlan, type PlanSummary, type Validation } from '../tools/mod.ts'
import type { WorkflowRunContext } from './context.ts'
import { unhealthy } from './shown.ts'

// What the show stages print for people (cluster-validate, versions) is part of this API.
export * from './shown.ts'

/** The line of a tool's stderr that says what went wrong: its last `Error:` line, else its last line. */
export function errorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean)
  return [...lines].reverse().find((l) => l.startsWith('Error:')) ?? lines.at(-1)
}

/** A parser's error under the command it is about, once (most already start with it). */
const about = (command: string, error: string): string => (error.startsWith(command) ? error : `${command}: ${error}`)

/** `terraform output -json` as a result: sensitive values wrapped, a redacted copy recorded for review. */
export async function outputsResult(ctx: WorkflowRunContext, stdout: string): Promise<TerraformOutputs | StageFailure> {
  const parsed = parseOutputs(stdout)
  if (!parsed.ok) return stageFailed(about('terraform output -json', parsed.error))
  const name = ctx.cluster.name
  if (Object.keys(parsed.value).length === 0) {
    return stageFailed(`1-prerequisites of cluster "${name}" has no outputs yet; apply it first: npx tasks 1-prerequisites:apply --cluster ${name}`)
  }
  await ctx.writeFile(`${ctx.cluster.dir}/outputs.json`, `${JSON.stringify(redactOutputs(parsed.value), null, 2)}\n`)
  return Object.fromEntries(Object.entries(parsed.value).map(([k, o]) => [k, o.sensitive ? { ...o, value: ctx.secret(o.value) } : o]))
}

export interface PlanResult extends Omit<PlanSummary, 'errored'> {
  changes: boolean
  /** Differs for every plan with changes, so an apply of a new plan is never taken as done. */
  planId: string
  /** What it deletes or replaces, protected ones first (guard/destructive.ts); absent in records made before. */
  destructive?: Destructive[]
}

/** The plan's exit code (-detailed-exitcode) and `show -json` as a result. */
export function planResult(exitCode: number, showJson: string, protect: readonly string[] = DEFAULT_PROTECTED): PlanResult | StageFailure {
  const summary = summarizePlan(showJson, { details: true })
  if (!summary.ok) return stageFailed(about('terraform show -json', summary.error))
  const { errored: _errored, ...rest } = summary.value
  const changes = exitCode === 2
  // The counts and addresses as before; the reasons live in `destructive` alone.
  const resourceChanges = rest.resourceChanges.map(({ address, type, actions }) => ({ address, type, actions }))
  return { ...rest, resourceChanges, changes, planId: changes ? sha256(showJson) : 'no-changes', destructive: destructive(summary.value, protect) }
}

/** `+3 ~1 -0`, with replacements and deletions named: the line a reviewer and the gate show. */
export function planLine(p: PlanResult): string {
  const parts = [`+${p.add} ~${p.change} -${p.destroy}`]
  if (p.replace.length) parts.push(`replaces ${p.replace.join(', ')}`)
  if (p.deletions.length) parts.push(`deletes ${p.deletions.join(', ')}`)
  if (p.outputChanges.length && !p.add && !p.change && !p.destroy) parts.push(`output changes: ${p.outputChanges.join(', ')}`)
  return parts.join('; ')
}

/** `kops rolling-update cluster` (dry run) as a result: the instance groups that need a roll. */
export function rollingResult(stdout: string): { needsUpdate: string[]; groups: string[] } | StageFailure {
  const parsed = parseRollingUpdate(stdout)
  if (!parsed.ok) return stageFailed(about('kops rolling-update', parsed.error))
  return { needsUpdate: parsed.value.needsUpdate, groups: parsed.value.groups.map((g) => g.name) }
}

/** What a reviewer calls a resource type, for flagging replacements and deletions. */
export function resourceKind(type: string): string {
  if (/^aws_(launch_template|autoscaling_)/.test(type)) return 'instance groups'
  if (type === 'aws_ebs_volume') return 'etcd volumes'
  if (/^aws_iam_/.test(type)) return 'IAM'
  if (/^aws_route53_/.test(type)) return 'Route53'
  if (/^aws_(security_group|vpc|subnet|route|nat_gateway|internet_gateway|eip)/.test(type)) return 'network'
  if (/^aws_(lb|elb)/.test(type)) return 'load balancers'
  if (type === 'aws_s3_object') return 'kOps state files'
  return type
}

const byKind = (addresses: string[]): string =>
  [...new Set(addresses.map((a) => resourceKind(a.split('.').at(-2) ?? a)))].map((k) => `${k} (${addresses.filter((a) => resourceKind(a.split('.').at(-2) ?? a) === k).length})`).join(', ')

/**
 * Terraform's own summary line of the plan: `Plan: 1 to add, 0 to change, 0 to destroy.` (with
 * `N to import, ` first when it imports), `Changes to Outputs: a, b.` or `No changes.`.
 */
export function planSummaryLine(p: PlanResult): string {
  if (!p.changes) return 'No changes.'
  if (!p.resourceChanges.length && !p.import && p.outputChanges.length) return `Changes to Outputs: ${p.outputChanges.join(', ')}.`
  return `Plan: ${p.import ? `${p.import} to import, ` : ''}${p.add} to add, ${p.change} to change, ${p.destroy} to destroy.`
}

/**
 * The plan's line in the run summary, replacements and deletions flagged by kind, and as data with
 * Terraform's summary line (said after the run, with the log that holds the whole plan).
 */
export function planReport(p: PlanResult): { note: string; data: Record<string, unknown>; pending: boolean; lines?: string[] } {
  const parts = [p.changes ? `+${p.add} ~${p.change} -${p.destroy}` : 'no changes']
  if (p.replace.length) parts.push(`REPLACES ${byKind(p.replace)}`)
  if (p.deletions.length) parts.push(`DELETES ${byKind(p.deletions)}`)
  const flag = (list: string[]) => list.map((address) => ({ address, kind: resourceKind(address.split('.').at(-2) ?? address) }))
  const listed = p.destructive ?? []
  const data = {
    add: p.add, change: p.change, destroy: p.destroy, replacements: flag(p.replace), deletions: flag(p.deletions),
    ...(listed.length ? { destructive: listed } : {}), [SUMMARY_DETAIL]: planSummaryLine(p),
  }
  // Each resource it replaces or deletes, protected ones first and marked: what a reviewer must see.
  const lines = refusalText(listed).map((line, i) => (listed[i].protected ? `PROTECTED ${line}` : line))
  return { note: parts.join('; '), data, pending: p.changes, ...(lines.length ? { lines } : {}) }
}

/** The rolling-update line: which instance groups need a roll. */
export const rollingReport = (r: { needsUpdate: string[] }): { note: string; data: Record<string, unknown> } => ({
  note: r.needsUpdate.length ? `needs a roll: ${r.needsUpdate.join(', ')}` : 'no roll needed',
  data: { needsUpdate: r.needsUpdate },
})

/**
 * `kops validate cluster -o json` read; no JSON is an error saying so (with the tool's error line
 * when `quote`), healthy or not is the caller's business.
 */
export function readValidation(out: CommandResult, quote = true): Validation | StageFailure {
  const v = parseValidateJson(out.stdout)
  if (!v.ok && out.stdout.trim() === '') {
    const said = quote ? errorLine(out.stderr) : undefined
    return stageFailed(`kops validate cluster exited with code ${out.exitCode} and printed nothing on stdout${said ? `; it said: ${said}` : ''}`)
  }
  if (!v.ok) return stageFailed(about('kops validate cluster', v.error))
  return v.value
}

/** `kops validate cluster -o json` as a result; not healthy (after `wait`, when given) fails the stage. */
export function validateResult(out: CommandResult, wait?: string): { nodes: number } | StageFailure {
  const v = readValidation(out)
  if (isStageFailure(v)) return v
  if (!v.ready) return stageFailed(`not healthy${wait ? ` after waiting up to ${wait}` : ''}: ${unhealthy(v)}`)
  return { nodes: v.nodes.length }
}

/** `kops delete cluster --unregister --yes`: a cluster the store does not hold counts as unregistered. */
export function unregistered(ctx: WorkflowRunContext, del: CommandResult): { unregistered: boolean } | StageFailure {
  if (del.exitCode === 0) return { unregistered: true }
  if (/cluster "[^"]*" not found/.test(del.stderr)) {
    ctx.log('the state store does not hold the cluster: nothing to unregister')
    return { unregistered: false }
  }
  return stageFailed(`kops exited with code ${del.exitCode}`)
}

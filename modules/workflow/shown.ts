// What the stages whose output is the answer print for people: `kops validate cluster -o json` as
// a verdict and a table of nodes (and of failures), the tool versions one per line. Their raw output
// stays in the --json document; the text travels in the report's `shown` detail.
import { SHOWN_DETAIL } from '../exec/events.ts'
import { isStageFailure, stageFailed, type CommandResult, type StageFailure } from '../graph/mod.ts'
import { parseKopsVersion, parseVersionJson, type Validation, type ValidationFailure, type ValidationNode } from '../tools/mod.ts'
import type { WorkflowRunContext } from './context.ts'

/** A cluster-validate result: the kOps cluster name, whether it is healthy, its nodes and failures. */
export interface ClusterValidation {
  cluster: string
  ready: boolean
  nodes: ValidationNode[]
  failures: ValidationFailure[]
}

/** Rows padded into columns two spaces apart, the last column unpadded. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd())
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** `2 of 2 nodes ready (control-plane 1/1, node 1/1)`. */
function nodeCounts(nodes: readonly ValidationNode[]): string {
  const ready = (list: readonly ValidationNode[]) => list.filter((n) => n.status === 'True').length
  const roles = [...new Set(nodes.map((n) => n.role))].sort().map((role) => {
    const of = nodes.filter((n) => n.role === role)
    return `${role || 'no role'} ${ready(of)}/${of.length}`
  })
  return `${ready(nodes)} of ${plural(nodes.length, 'node')} ready${roles.length ? ` (${roles.join(', ')})` : ''}`
}

/**
 * `Cluster demo.k8s.local is ready: 2 of 2 nodes ready (control-plane 1/1, node 1/1).`, then the
 * nodes (NODE ROLE READY) and, when there are any, the failures (KIND NAME MESSAGE).
 */
export function validationText(v: ClusterValidation): string {
  const verdict = v.ready ? 'is ready' : 'is not ready'
  const failures = v.failures.length ? `, ${plural(v.failures.length, 'validation failure')}` : ''
  const lines = [`Cluster ${v.cluster} ${verdict}: ${nodeCounts(v.nodes)}${failures}.`]
  // Grouped by role (control plane first), as kOps lists instance groups.
  const nodes = [...v.nodes].sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name))
  if (nodes.length) lines.push('', ...table([['NODE', 'ROLE', 'READY'], ...nodes.map((n) => [n.name, n.role, n.status])]))
  if (v.failures.length) lines.push('', ...table([['KIND', 'NAME', 'MESSAGE'], ...v.failures.map((f) => [f.kind, f.name, f.message])]))
  return `${lines.join('\n')}\n`
}

/** Why a validation is not healthy, in one line: `Machine i-0f…: machine … has not yet joined cluster; …`. */
export const unhealthy = (v: Validation): string => v.failures.map((f) => `${f.kind} ${f.name}: ${f.message}`).join('; ')

/**
 * The cluster-validate stage, given what kops printed (read by results.ts's readValidation, whose
 * failure passes through): the verdict goes to the log either way (so a failure's tail shows it);
 * not healthy fails the stage.
 */
export function clusterValidation(ctx: Pick<WorkflowRunContext, 'log'>, v: Validation | StageFailure, cluster: string): ClusterValidation | StageFailure {
  if (isStageFailure(v)) return v
  const result = { cluster, ready: v.ready, nodes: v.nodes, failures: v.failures }
  // kops prints its JSON without a newline: end that line first.
  ctx.log('')
  for (const line of validationText(result).trimEnd().split('\n')) ctx.log(line)
  if (!v.ready) return stageFailed(`not healthy: ${unhealthy(v)}`)
  return result
}

export const validationReport = (v: ClusterValidation) => ({ note: '', data: { ...v, [SHOWN_DETAIL]: validationText(v) } })

/** `terraform version -json` and `kops version --short`, read. */
export function toolVersions([terraform, kops]: CommandResult[]): { terraform: string; kops: string } | StageFailure {
  const tf = parseVersionJson(terraform.stdout)
  if (!tf.ok) return stageFailed(tf.error)
  const k = parseKopsVersion(kops.stdout)
  if (!k.ok) return stageFailed(k.error)
  return { terraform: tf.value, kops: k.value }
}

/** `terraform 1.9.8` and `kops 1.28.4`, one per line. */
export const versionsReport = (v: { terraform: string; kops: string }) => ({
  note: '',
  data: { ...v, [SHOWN_DETAIL]: `terraform ${v.terraform}\nkops ${v.kops}\n` },
})

// What a spec push would change: the rendered cluster.yml against what the kOps state store holds
// (`kops get all -o yaml`), compared by the specs of the Cluster and of each InstanceGroup, so the
// gate can say "spec: 2 changes — spec.instanceGroups[bastions].machineType t3.micro → t3.small"
// and an unchanged spec is no change at all.
import { Secret } from '../cache/mod.ts'
import { stageFailed, type CommandResult, type StageFailure } from '../graph/mod.ts'
import type { WorkflowRunContext } from './context.ts'
import { errorLine } from './results.ts'

type Doc = { kind?: unknown; metadata?: { name?: unknown }; spec?: unknown }

/** The result of reading the state store before a push. */
export interface SpecRead {
  /** Whether the state store holds the cluster at all. */
  exists: boolean
  /** What the push would change, one line each; empty when the store holds this spec. */
  changes: string[]
}

/** How long a shown value may be before it is cut. */
const SHOWN = 60

const show = (v: unknown): string => {
  const text = v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v)
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text
}

/** Leaves of a spec as path → value; nulls and empty maps or lists are unset (kOps drops them on storing). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value === null || value === undefined) return out
  if (Array.isArray(value)) {
    // Lists of named objects (subnets, etcd members) are keyed by name, so a reorder is no change.
    const named = value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')
    value.forEach((v, i) => leaves(v, `${path}[${named ? (v as { name: string }).name : i}]`, out))
    if (!value.length) return out
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out)
  } else out.set(path, value)
  return out
}

/**
 * The documents of a multi-document YAML text, as plain objects. The parser loads on first use:
 * the graph imports this module, and help or an up-to-date run never compare specs.
 */
export async function yamlDocuments(text: string): Promise<Doc[]> {
  const { parseDocuments } = await import('./yaml-docs.ts')
  return parseDocuments<Doc>(text)
}

/** Cluster spec leaves under `spec.`, each InstanceGroup's under `spec.instanceGroups[NAME].`. */
function specLeaves(docs: readonly Doc[]): { leaves: Map<string, unknown>; groups: Set<string> } {
  const out = new Map<string, unknown>()
  const groups = new Set<string>()
  for (const d of docs) {
    if (d.kind === 'Cluster') leaves(d.spec, 'spec', out)
    if (d.kind === 'InstanceGroup') {
      const name = String(d.metadata?.name)
      groups.add(name)
      leaves(d.spec, `spec.instanceGroups[${name}]`, out)
    }
  }
  return { leaves: out, groups }
}

/** The instance group a leaf path belongs to, if any. */
const groupOf = (path: string): string | undefined => /^spec\.instanceGroups\[([^\]]+)\]/.exec(path)?.[1]

/** The lines a push of `rendered` over `live` would change (an added group as one line). */
export function specChanges(rendered: readonly Doc[], live: readonly Doc[]): string[] {
  const want = specLeaves(rendered)
  const have = specLeaves(live)
  const added = [...want.groups].filter((g) => !have.groups.has(g)).sort()
  // A group in only one of them is not compared leaf by leaf: an added one is one line, and one
  // only in the store is no change (kops replace leaves groups it is not given alone).
  const compared = (p: string): boolean => {
    const g = groupOf(p)
    return g === undefined || (want.groups.has(g) && have.groups.has(g))
  }
  const changes = added.map((g) => `spec.instanceGroups[${g}] added`)
  const paths = [...new Set([...want.leaves.keys(), ...have.leaves.keys()])].filter(compared).sort()
  for (const p of paths) {
    const [a, b] = [have.leaves.get(p), want.leaves.get(p)]
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(`${p} ${show(a)} → ${show(b)}`)
  }
  return changes
}

/** How many changes the gate line names before "and N more". */
const NAMED = 3

/** The gate's one line for a push. */
export function specSummary(read: SpecRead, cluster: string, state: string): string {
  if (!read.exists) return `creates cluster ${cluster} in ${state}`
  const n = read.changes.length
  const named = read.changes.slice(0, NAMED).join('; ')
  return `spec: ${n} change${n === 1 ? '' : 's'} — ${named}${n > NAMED ? `; and ${n - NAMED} more` : ''}`
}

/**
 * `kops get all -o yaml` against the rendered manifest: what a push would change, each change in the
 * stage's log. A store without the cluster (kOps's `cluster "X" not found`) is a push that creates it.
 */
export async function specRead(ctx: WorkflowRunContext, manifest: string, get: CommandResult): Promise<SpecRead | StageFailure> {
  if (get.exitCode !== 0) {
    if (/cluster "[^"]*" not found/.test(get.stderr)) return { exists: false, changes: [] }
    const said = errorLine(get.stderr) ?? ''
    return stageFailed(`kops get all exited with code ${get.exitCode}${said ? `: ${said}` : ''}`)
  }
  const secrets = sensitiveValues(ctx.needs)
  const changes = specChanges(await yamlDocuments(await ctx.readFile(manifest)), await yamlDocuments(get.stdout)).map((c) => redact(c, secrets))
  for (const c of changes) ctx.log(`differs from the state store: ${c}`)
  return { exists: true, changes }
}

/** The texts of the sensitive outputs a spec may hold (a template may render one). */
function sensitiveValues(needs: unknown): string[] {
  const outputs = (needs as { outputs?: Record<string, { value?: unknown }> }).outputs ?? {}
  return Object.values(outputs).flatMap((o) => (o.value instanceof Secret ? [String(o.value.value)] : [])).filter((v) => v.length >= 4)
}

/** A change line with every sensitive value in it replaced: it reaches logs, records and the question. */
const redact = (line: string, secrets: readonly string[]): string => secrets.reduce((l, v) => l.replaceAll(v, '(sensitive)'), line)

/**
 * The spec read's line in the summary. A read-only target (plan) adds how to push a spec that was not
 * pushed: its kubernetes.tf may be behind; a target that pushes says nothing more (the push follows).
 */
export function specReport(r: SpecRead & { readOnly?: boolean }): { note: string; data: Record<string, unknown> } {
  const n = r.changes.length
  const push = r.readOnly ? '; kubernetes.tf may be behind: push it with tasks cluster-update' : ''
  const note = !r.exists
    ? `not in the kOps state store yet${push}`
    : n
      ? `differs from the kOps state store: ${n} change${n === 1 ? '' : 's'}, listed in its log${push}`
      : 'the state store holds this spec'
  return { note, data: { exists: r.exists, changes: r.changes } }
}

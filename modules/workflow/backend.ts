// A layer's Terraform backend: the -backend-config pairs from cluster.yaml `backends`, and the
// guard against switching it silently. Terraform keeps the backend a working directory was set up
// with in .terraform/terraform.tfstate; a different one there means the next plan would read
// another state (a typo in `key` reads an empty one, and plans to create everything again).
import { stageFailed, type Refusal, type StageFailure } from '../graph/mod.ts'
import type { BackendSwitch } from '../tools/mod.ts'
import type { LayerName } from './cluster.ts'
import type { BackendSettings, ClusterSettings, WorkflowContext, WorkflowParams, WorkflowRefuseContext } from './context.ts'

/** Where terraform keeps a layer's backend settings, as a stage's `reads` path. */
export const backendStatePath = (layer: LayerName): string => `{state}/work/{cluster}/${layer}/.terraform/terraform.tfstate`

const settingsKey = (layer: LayerName): 'prerequisites' | 'kops' => (layer === '1-prerequisites' ? 'prerequisites' : 'kops')

/** The layer's `backends.*` mapping of cluster.yaml, or undefined. */
export function backendOf(settings: ClusterSettings, layer: LayerName): BackendSettings | undefined {
  return settings.backends?.[settingsKey(layer)]
}

/** A value as Terraform's HCL expression syntax, for map, list and object settings (`endpoints={s3="…"}`). */
export function hclValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${hclValue(x)}`).join(', ')}}`
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

/** The -backend-config pairs of a layer, from cluster.yaml `backends` (a missing one is a failure that says where). */
export function backendConfig(ctx: WorkflowContext, layer: LayerName): Record<string, string> | StageFailure {
  const config = backendOf(ctx.cluster.settings, layer)
  if (!config) return stageFailed(`${ctx.cluster.dir}/cluster.yaml has no backends.${settingsKey(layer)}: add the bucket, key and region of the ${layer} state (see README.md, "cluster.yaml")`)
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v !== null && typeof v === 'object' ? hclValue(v) : String(v)]))
}

/** Settings as dotted paths to text, unset (null) ones left out: how both sides are compared. */
function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else out[prefix] = Array.isArray(value) ? JSON.stringify(value.map(String)) : String(value)
  return out
}

export interface BackendChange {
  setting: string
  from?: string
  to?: string
}

/** What differs between the backend a working directory was set up with and the wanted one; empty when nothing does. */
export function backendChanges(stored: string | undefined, wanted: Record<string, unknown>): BackendChange[] {
  if (stored === undefined) return []
  let backend: { type?: string; config?: unknown } | undefined
  try {
    backend = (JSON.parse(stored) as { backend?: { type?: string; config?: unknown } }).backend
  } catch {
    return []
  }
  if (!backend) return []
  if (backend.type !== 's3') return [{ setting: 'type', from: backend.type, to: 's3' }]
  const [was, now] = [flatten(backend.config), flatten(wanted)]
  const names = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()
  return names.filter((n) => was[n] !== now[n]).map((setting) => ({ setting, from: was[setting], to: now[setting] }))
}

export const describeBackendChange = (c: BackendChange): string => `${c.setting} ${c.from ?? '(unset)'} → ${c.to ?? '(unset)'}`

/** What this run's init does about a changed backend: `--migrate-state`, `--reconfigure`, or nothing. */
export function backendSwitch(params: WorkflowParams): BackendSwitch {
  if (params.migrateState === true) return 'migrate-state'
  return params.reconfigure === true ? 'reconfigure' : 'none'
}

/**
 * A changed backend refuses the run (exit 3) unless `--migrate-state` or `--reconfigure` says what
 * to do with the state; both run behind the gate.
 */
export const backendRefusal = (layer: LayerName) => ({ cluster, params, files }: WorkflowRefuseContext): Refusal | undefined => {
  if (!files || backendSwitch(params) !== 'none') return undefined
  const changes = backendChanges(files[backendStatePath(layer)], backendOf(cluster.settings, layer) ?? {})
  if (!changes.length) return undefined
  const init = `tasks init --cluster ${cluster.name}`
  return {
    reason: `the ${layer} backend of cluster "${cluster.name}" changed since its last init (${changes.map(describeBackendChange).join(', ')}): terraform would read another state`,
    hint: `if you moved the state there, run \`${init} --migrate-state\`; to use the new location as it is, \`${init} --reconfigure\` (both ask first); otherwise fix backends.${settingsKey(layer)} in cluster.yaml`,
  }
}

/** The gate's line for an init that switches backends. */
export const backendSwitchSummary = (ctx: WorkflowContext, layer: LayerName): string =>
  backendSwitch(ctx.params) === 'migrate-state'
    ? `migrates the ${layer} state to its new backend (terraform init -migrate-state)`
    : `points ${layer} at its new backend as it is (terraform init -reconfigure); the old state stays where it was`

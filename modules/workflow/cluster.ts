// What the kOps workflow's stages derive from a cluster: its working directories under the state
// directory, the environment of each tool call, and the targets of the terraform and kops builders.
import { join } from 'node:path'
import { Secret } from '../cache/mod.ts'
import { kubeconfigPath, toolEnv, type KopsTarget, type TfTarget } from '../tools/mod.ts'
import type { TerraformOutputs } from '../template/mod.ts'
import type { WorkflowContext, WorkflowRunContext } from './context.ts'

export type LayerName = '1-prerequisites' | '2-kops'

/** The cluster's private copy of a layer: .tasks/work/<cluster>/<layer>. */
export const layerDir = (ctx: WorkflowContext, layer: LayerName): string => join(ctx.workDir, layer)

/** Where kops writes kubernetes.tf and data/ before tasks strips and publishes them. */
export const kopsOutDir = (ctx: WorkflowContext): string => join(ctx.workDir, 'kops-out')

/** The saved plan of the 2-kops layer (relative to its working directory). */
export const PLAN_FILE = 'plan.tfplan'

/** A text setting as text (YAML may have read it as a number), or undefined when unset. */
const text = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v))

/** The environment of one tool call for this cluster: its AWS profile/region, kubeconfig, TF_DATA_DIR, PATH. */
export function clusterEnv(ctx: WorkflowContext, layer?: LayerName): Record<string, string> {
  const extra = ctx.cluster.settings.env ?? {}
  const env = toolEnv({
    cluster: ctx.cluster.name,
    profile: text(ctx.cluster.settings.profile),
    region: text(ctx.cluster.settings.region),
    kubeconfig: kubeconfigPath(ctx.stateDir, ctx.cluster.name),
    tfDataDir: layer ? join(layerDir(ctx, layer), '.terraform') : undefined,
    path: ctx.cluster.toolPath,
  })
  return { ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])), ...env }
}

/**
 * Where and how terraform runs for a layer. A `lockTimeout` run param (`--lock-timeout`) reaches
 * every command that takes the state lock; it is not a key part (no stage declares it).
 */
export const tfTarget = (ctx: WorkflowContext, layer: LayerName): TfTarget => ({
  dir: layerDir(ctx, layer),
  env: clusterEnv(ctx, layer),
  bin: ctx.cluster.bins.terraform,
  unlockTarget: layer === '1-prerequisites' ? '1-prerequisites:force-unlock' : 'force-unlock',
  ...(typeof ctx.params.lockTimeout === 'string' ? { lockTimeout: ctx.params.lockTimeout } : {}),
})

/** An output's plain value (sensitive ones unwrapped: they are only passed to tools, never written). */
export function outputValue(outputs: TerraformOutputs, name: string): unknown {
  const v = outputs[name]?.value
  return v instanceof Secret ? v.value : v
}

/** kops's --state and --name: the prerequisites' state bucket and cluster name (or cluster.yaml `name`). */
export function kopsTarget(ctx: WorkflowContext, outputs: TerraformOutputs): KopsTarget {
  return {
    state: `s3://${String(outputValue(outputs, 'kops_s3_bucket'))}`,
    name: text(ctx.cluster.settings.name) ?? String(outputValue(outputs, 'cluster_name')),
    cwd: ctx.root,
    env: clusterEnv(ctx),
    bin: ctx.cluster.bins.kops,
  }
}

/**
 * Fills a layer's working directory: the layer's own .tf files (stale ones removed) and the
 * cluster's variables as terraform.tfvars.json. Extra files (kubernetes.tf, data/) are the caller's.
 */
export async function prepareLayer(ctx: WorkflowRunContext, layer: LayerName, vars: Record<string, unknown>, keep: string[] = []): Promise<string[]> {
  const dir = layerDir(ctx, layer)
  const sources = (await ctx.list(layer)).filter((f) => f.endsWith('.tf'))
  for (const f of await ctx.list(dir)) if (f.endsWith('.tf') && !sources.includes(f) && !keep.includes(f)) await ctx.remove(join(dir, f))
  for (const f of sources) await ctx.copyFile(join(layer, f), join(dir, f))
  await ctx.writeFile(join(dir, 'terraform.tfvars.json'), `${JSON.stringify(vars, null, 2)}\n`)
  return sources
}

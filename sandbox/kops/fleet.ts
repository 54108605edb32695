// What kOps knows of the world beyond its state store. `.sandbox/applied.json` is the snapshot of
// the Cluster and InstanceGroups the last `update cluster` wrote (for the direct target's dry-run
// diff and the resources `delete cluster` lists). The instances are not kOps's: they live in the
// shared simulated cloud (common/cloud.ts), written by whoever applies the launch templates and
// ASGs — the sandbox terraform for `--target terraform`, `update cluster --yes` itself for
// `--target direct` — and read here by rolling-update, validate and delete cluster.
import { controlPlaneApplied, readCloud, type Cloud } from '../common/cloud.ts'
import { callCluster } from '../common/faults.ts'
import type { Ctx } from './types.ts'
import { specOf } from './api.ts'
import { int, text, type Rec } from './yaml-io.ts'
import { readPrivate, writePrivate, type Store } from './store.ts'

/** What the last `update cluster` wrote to the store. */
export interface Applied {
  cluster: Rec
  igs: Rec[]
}

/** The applied snapshot's file under `<cluster>/.sandbox/`. */
export const APPLIED_FILE = 'applied.json'

/** min/max of a group (ASG defaults 1; Karpenter groups default 0). */
export function groupSizes(ig: Rec): { min: number; max: number } {
  const spec = specOf(ig)
  const min = int(spec.minSize) ?? (text(spec.manager) === 'Karpenter' ? 0 : 1)
  return { min, max: int(spec.maxSize) ?? min }
}

/** What the last update wrote, or undefined when the cluster was never updated. */
export const readApplied = (store: Store, cluster: string): Applied | undefined => readPrivate<Applied | undefined>(store, cluster, APPLIED_FILE, undefined)

/** Records the snapshot an update wrote. */
export const recordApplied = (store: Store, cluster: string, applied: Applied): void => writePrivate(store, cluster, APPLIED_FILE, applied)

/** The cluster's groups and instances in the simulated cloud, or undefined when none were applied. */
export const clusterCloud = (ctx: Ctx, name: string): Cloud | undefined => readCloud(ctx.io.env, ctx.io.cwd, name)

/** Whether the API server of the cluster "exists": the cloud holds its control-plane ASG. */
export const apiReachable = (cloud: Cloud | undefined): boolean => controlPlaneApplied(cloud)

/**
 * Whether the instances of group `ig` never join (TASKS_SANDBOX_KOPS_NOT_READY): a comma list of
 * `GROUP[@CLUSTER]`, GROUP a name or `*`; CLUSTER is matched like the fault rules' (callCluster),
 * and an entry without it holds for every cluster.
 */
export function notReady(io: { argv: readonly string[]; env: Record<string, string | undefined> }, ig: string): boolean {
  const entries = (io.env.TASKS_SANDBOX_KOPS_NOT_READY ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const cluster = callCluster(io.argv, io.env)
  return entries.some((entry) => {
    const at = entry.indexOf('@')
    const group = (at >= 0 ? entry.slice(0, at) : entry).trim()
    const where = at >= 0 ? entry.slice(at + 1).trim() : undefined
    return (group === '*' || group === ig) && (where === undefined || where === cluster)
  })
}

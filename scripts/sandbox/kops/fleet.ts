// Simulator-private bookkeeping of the "cloud": what the last `update cluster` applied (a snapshot
// of the Cluster and InstanceGroups) and the instances of each group, each stamped with the spec
// hash it was launched with. An instance needs an update when its hash differs from its group's
// applied hash: the group's spec (minus sizes) or a cluster field that reaches nodes changed.
import { createHash } from 'node:crypto'
import { nameOf, roleOf, specOf } from './api.ts'
import { int, sortKeys, text, type Rec } from './yaml-io.ts'
import { readPrivate, writePrivate, type Store } from './store.ts'

/** One simulated EC2 instance: its id and the spec hash it was launched with. */
export interface Instance {
  id: string
  hash: string
}

/** The instances per instance group, and a serial that makes new instance ids unique. */
export interface Fleet {
  serial: number
  groups: Record<string, Instance[]>
}

/** What the last `update cluster` applied. */
export interface Applied {
  cluster: Rec
  igs: Rec[]
}

/** The fleet's file under `<cluster>/.sandbox/`: instances and the specs they were launched with. */
export const FLEET_FILE = 'rolled.json'
/** The applied snapshot's file under `<cluster>/.sandbox/`: what the last update applied. */
export const APPLIED_FILE = 'applied.json'

// Cluster fields that reach every node's configuration (user data / nodeup config).
const NODE_FIELDS = [
  'kubernetesVersion', 'kubelet', 'networking', 'containerd', 'containerRuntime', 'docker', 'kubeProxy', 'cloudLabels',
  'nodeTerminationHandler', 'iam', 'assets', 'fileAssets', 'hooks', 'sysctlParameters', 'egressProxy', 'cloudConfig', 'updatePolicy',
]
// …and those that reach control-plane nodes only.
const CONTROL_PLANE_FIELDS = [
  'masterKubelet', 'kubeAPIServer', 'kubeControllerManager', 'kubeScheduler', 'etcdClusters', 'authentication', 'authorization',
  'serviceAccountIssuerDiscovery', 'encryptionConfig',
]

/** The hash an instance of this group is launched with, given the cluster. */
export function specHash(cluster: Rec, ig: Rec): string {
  const spec = specOf(cluster)
  const fields = roleOf(ig) === 'ControlPlane' ? [...NODE_FIELDS, ...CONTROL_PLANE_FIELDS] : NODE_FIELDS
  const picked = Object.fromEntries(fields.filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]))
  const { minSize: _min, maxSize: _max, ...igSpec } = specOf(ig)
  return createHash('sha256').update(JSON.stringify(sortKeys({ cluster: picked, ig: igSpec }))).digest('hex').slice(0, 16)
}

/** min/max of a group as the cloud sees them (ASG defaults 1; Karpenter groups default 0). */
export function groupSizes(ig: Rec): { min: number; max: number } {
  const spec = specOf(ig)
  const min = int(spec.minSize) ?? (text(spec.manager) === 'Karpenter' ? 0 : 1)
  return { min, max: int(spec.maxSize) ?? min }
}

/** A new instance id, e.g. i-0123456789abcdef0 (17 hex digits), from the cluster and a serial. */
export const instanceId = (cluster: string, serial: number): string =>
  `i-${createHash('sha256').update(`${cluster}/${serial}`).digest('hex').slice(0, 17)}`

/** The fleet of a cluster (empty when never updated). */
export const readFleet = (store: Store, cluster: string): Fleet => readPrivate(store, cluster, FLEET_FILE, { serial: 0, groups: {} })

/** What the last update applied, or undefined when the cluster was never updated. */
export const readApplied = (store: Store, cluster: string): Applied | undefined => readPrivate<Applied | undefined>(store, cluster, APPLIED_FILE, undefined)

/** Launches a new instance of a group into the fleet. */
export function launchInstance(fleet: Fleet, cluster: string, hash: string): Instance {
  fleet.serial += 1
  return { id: instanceId(cluster, fleet.serial), hash }
}

/**
 * Records an update: the snapshot becomes the applied state; groups seen for the first time get
 * their instances (min size) launched, resized groups gain (up to date) or lose instances,
 * removed groups lose theirs. Existing instances keep their hash, so they now may need a roll.
 */
export function recordUpdate(store: Store, cluster: Rec, igs: Rec[]): Fleet {
  const name = nameOf(cluster)
  const fleet = readFleet(store, name)
  const groups: Record<string, Instance[]> = {}
  for (const ig of igs) {
    const current = [...(fleet.groups[nameOf(ig)] ?? [])]
    const { min } = groupSizes(ig)
    while (current.length < min) current.push(launchInstance(fleet, name, specHash(cluster, ig)))
    groups[nameOf(ig)] = current.slice(0, min)
  }
  const next = { serial: fleet.serial, groups }
  writePrivate(store, name, APPLIED_FILE, { cluster, igs } satisfies Applied)
  writePrivate(store, name, FLEET_FILE, next)
  return next
}

/** Whether the API server of the cluster "exists": the cluster was updated and has a control plane. */
export const apiReachable = (applied: Applied | undefined): boolean => applied !== undefined && applied.igs.some((ig) => roleOf(ig) === 'ControlPlane')

/** The instance groups whose instances have not joined (TASKS_SANDBOX_KOPS_NOT_READY: names or `*`). */
export function notReady(env: Record<string, string | undefined>, ig: string): boolean {
  const names = (env.TASKS_SANDBOX_KOPS_NOT_READY ?? '').split(',').map((s) => s.trim())
  return names.includes('*') || names.includes(ig)
}

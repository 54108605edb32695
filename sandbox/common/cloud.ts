// The simulated AWS "cloud" the two simulators share: per kOps cluster, its instance groups as EC2
// sees them — the launch template (id, latest version, content hash), the autoscaling group (sizes
// and the launch template version it launches) and the instances, each stamped with the launch
// template version it was launched with. One JSON file per cluster, `<sandboxDir>/cloud/<cluster>.json`,
// simulator-private (no real tool reads it). Writers: the sandbox terraform when an apply or destroy
// changes `aws_launch_template` / `aws_autoscaling_group` resources tagged `KubernetesCluster`
// (terraform/cloud-sync.ts), `kops update cluster --target direct --yes`, `kops rolling-update --yes`
// (replaced instances) and `kops delete cluster --yes` (removes the file). Readers: kOps's
// rolling-update, validate and delete cluster. An ASG keeps exactly `min` instances: it launches
// the missing ones with its current launch template version and terminates the last extra ones.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { sandboxDir } from './state-dir.ts'

/** An instance group role as kOps names it. */
export type CloudRole = 'ControlPlane' | 'Node' | 'Bastion' | 'APIServer'

/** A launch template version: the template's id and a version number. */
export interface TemplateRef {
  id: string
  version: number
}

/** A simulated EC2 instance and the launch template version it was launched with. */
export interface CloudInstance {
  id: string
  launchTemplate: TemplateRef
}

/** One instance group in the cloud. */
export interface CloudGroup {
  role: CloudRole
  /** The launch template: name, id, latest version, and a hash of its content. */
  launchTemplate?: TemplateRef & { name: string; hash: string }
  /** The autoscaling group, absent for launch-template-only (Karpenter) groups. */
  asg?: { name: string; min: number; max: number; launchTemplate: TemplateRef }
  instances: CloudInstance[]
}

/** A cluster's cloud: its groups by instance group name, and a serial for unique instance ids. */
export interface Cloud {
  cluster: string
  serial: number
  groups: Record<string, CloudGroup>
}

/** What a writer applies for a group: everything but the instances. */
export type DesiredGroup = Omit<CloudGroup, 'instances'>

type Env = Record<string, string | undefined>

/** The cloud file of a cluster. */
export const cloudPath = (env: Env, cwd: string, cluster: string): string => join(sandboxDir(env, cwd), 'cloud', `${cluster}.json`)

/** The cluster's cloud, or undefined when nothing of it was ever applied (or it was destroyed). */
export function readCloud(env: Env, cwd: string, cluster: string): Cloud | undefined {
  const path = cloudPath(env, cwd, cluster)
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Cloud) : undefined
}

/** Writes the cluster's cloud (atomically); a cloud without groups removes the file. */
export function writeCloud(env: Env, cwd: string, cloud: Cloud): void {
  const path = cloudPath(env, cwd, cloud.cluster)
  if (Object.keys(cloud.groups).length === 0) {
    rmSync(path, { force: true })
    return
  }
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, `${JSON.stringify(cloud, null, 2)}\n`)
  renameSync(tmp, path)
}

/** Removes the cluster's cloud (kOps deleted its resources). */
export const deleteCloud = (env: Env, cwd: string, cluster: string): void => rmSync(cloudPath(env, cwd, cluster), { force: true })

/** A new instance id, e.g. i-0123456789abcdef0 (17 hex digits), from the cluster and a serial. */
export const instanceId = (cluster: string, serial: number): string =>
  `i-${createHash('sha256').update(`${cluster}/${serial}`).digest('hex').slice(0, 17)}`

/** Launches an instance with the template version given, taking the next serial of the cloud. */
export function launch(cloud: Cloud, template: TemplateRef): CloudInstance {
  cloud.serial += 1
  return { id: instanceId(cloud.cluster, cloud.serial), launchTemplate: { ...template } }
}

/** Whether an instance runs another launch template version than its group's ASG launches now. */
export function needsUpdate(group: CloudGroup, instance: CloudInstance): boolean {
  const current = group.asg?.launchTemplate
  return current === undefined || instance.launchTemplate?.id !== current.id || instance.launchTemplate?.version !== current.version
}

/**
 * Applies the desired groups to the cloud: groups no longer desired are gone with their instances,
 * a group without an ASG has none, and each ASG is brought to its min size — existing instances
 * keep the version they were launched with (so they may now need a roll), missing ones are
 * launched with the ASG's current version, the last extra ones are terminated.
 */
export function applyGroups(previous: Cloud | undefined, cluster: string, desired: Record<string, DesiredGroup>): Cloud {
  const cloud: Cloud = { cluster, serial: previous?.serial ?? 0, groups: {} }
  for (const name of Object.keys(desired).sort()) {
    const want = desired[name]
    const instances = want.asg ? [...(previous?.groups[name]?.instances ?? [])] : []
    if (want.asg) {
      while (instances.length < want.asg.min) instances.push(launch(cloud, want.asg.launchTemplate))
      instances.length = want.asg.min
    }
    cloud.groups[name] = { ...want, instances }
  }
  return cloud
}

/** Whether the cluster's API server "exists": the cloud holds a control-plane ASG. */
export const controlPlaneApplied = (cloud: Cloud | undefined): boolean =>
  cloud !== undefined && Object.values(cloud.groups).some((g) => g.role === 'ControlPlane' && g.asg !== undefined)

// One InstanceGroup's spec (API_RULES §3): role, sizes, enumerated fields, user data and the warm
// pool. The Cluster's spec, when the stream has one, tells the cloud and the default warm pool.
import { ROLES, isControlPlane } from './groups.ts'
import { absent, child, int, items, malformed, ownerAt, text, valueAt, type At } from './nodes.ts'
import { checkEnum, field, requireField, type Findings } from './problem.ts'
import { checkNodeLabels, checkTaints } from './taints.ts'
import { checkVersion } from './version.ts'

export const MANAGERS = ['CloudGroup', 'Karpenter']
export const ROOT_VOLUME_TYPES = ['standard', 'gp3', 'gp2', 'io1', 'io2']
export const TENANCIES = ['default', 'dedicated', 'host']
export const UPDATE_POLICIES = ['automatic', 'external']
export const USER_DATA_TYPES = [
  'text/x-include-once-url', 'text/x-include-url', 'text/cloud-config-archive', 'text/upstart-job',
  'text/cloud-config', 'text/part-handler', 'text/x-shellscript', 'text/cloud-boothook',
]

/** Checks an InstanceGroup's spec; `cluster` is the Cluster's spec when the stream has one. */
export function checkInstanceGroup(f: Findings, spec: At, cluster?: At): void {
  const role = requireField(f, spec, 'role', 'Role must be set', `set role to one of ${ROLES.join(', ')}`)
  checkEnum(f, role, ROLES, 'ig-role')
  if (isControlPlane(text(role))) checkControlPlaneSubnets(f, spec)
  checkSizes(f, spec)
  checkEnum(f, child(spec, 'manager'), MANAGERS, 'ig-manager')
  checkEnum(f, child(spec, 'tenancy'), TENANCIES, 'ig-tenancy')
  checkEnum(f, child(spec, 'updatePolicy'), UPDATE_POLICIES, 'update-policy')
  const aws = cluster === undefined || (text(child(cluster, 'cloudProvider')) ?? 'aws') === 'aws'
  if (aws) checkEnum(f, child(spec, 'rootVolumeType'), ROOT_VOLUME_TYPES, 'ig-root-volume-type')
  checkVersion(f, child(spec, 'kubernetesVersion'))
  checkUserData(f, spec)
  checkTaints(f, child(spec, 'taints'))
  checkNodeLabels(f, child(spec, 'nodeLabels'))
  checkWarmPool(f, spec, cluster, aws)
}

// kOps: "master InstanceGroup must specify at least one Subnet".
function checkControlPlaneSubnets(f: Findings, spec: At): void {
  const subnets = child(spec, 'subnets')
  if (malformed(subnets, 'list') || items(subnets).length > 0) return
  const message = field.required('spec.subnets', 'master InstanceGroup must specify at least one Subnet')
  f.error(ownerAt(subnets ?? spec), 'ig-control-plane-subnets', message, "list the Cluster subnet (by name) the control plane runs in")
}

// maxSize ≥ minSize; root volume IOPS and throughput are not negative.
function checkSizes(f: Findings, spec: At): void {
  const minAt = child(spec, 'minSize')
  const maxAt = child(spec, 'maxSize')
  const min = int(minAt)
  const max = int(maxAt)
  if (maxAt && min !== undefined && max !== undefined && max < min) {
    const message = field.invalid('spec.maxSize', max, 'maxSize must be greater than or equal to minSize.')
    f.error(valueAt(maxAt), 'ig-max-size', message, `raise maxSize to at least minSize (${min}), or lower minSize`)
  }
  for (const [key, name] of [['rootVolumeIops', 'RootVolumeIOPS'], ['rootVolumeThroughput', 'RootVolumeThroughput']]) {
    const at = child(spec, key)
    const value = int(at)
    if (at === undefined || value === undefined || value >= 0) continue
    f.error(valueAt(at), 'ig-root-volume', field.invalid(at.path, value, `${name} must be greater than 0`), 'use a positive number, or leave it out for the default')
  }
}

// additionalUserData[]: name, content and a cloud-init MIME type.
function checkUserData(f: Findings, spec: At): void {
  for (const part of items(child(spec, 'additionalUserData'))) {
    requireField(f, part, 'name', 'field must be set', 'name the part, e.g. myscript.sh')
    requireField(f, part, 'content', 'field must be set', 'add the content of the part')
    const type = requireField(f, part, 'type', 'field must be set', 'set type, e.g. text/x-shellscript')
    checkEnum(f, type, USER_DATA_TYPES, 'ig-user-data-type')
  }
}

// A warm pool (the group's own, or the Cluster's for Node and APIServer groups), unless its maxSize is 0.
function checkWarmPool(f: Findings, spec: At, cluster: At | undefined, aws: boolean): void {
  const own = child(spec, 'warmPool')
  const shared = child(cluster, 'warmPool')
  const role = text(child(spec, 'role'))
  const pool = own ?? (role === 'Node' || role === 'APIServer' ? shared : undefined)
  if (pool === undefined || (int(child(own, 'maxSize')) ?? int(child(shared, 'maxSize'))) === 0) return
  const forbid = (where: At, detail: string, hint: string) => f.error(ownerAt(where), 'ig-warm-pool', field.forbidden('spec.warmPool', detail), hint)
  if (own && role !== undefined && role !== 'Node' && role !== 'APIServer') {
    forbid(own, 'warm pool only allowed on instance groups with role Node or APIServer', 'remove warmPool from this group')
  }
  if (own && !aws) forbid(own, 'warm pool only supported on AWS', 'remove warmPool')
  const mixed = child(spec, 'mixedInstancesPolicy')
  if (mixed) forbid(mixed, 'warm pool cannot be combined with a mixed instances policy', 'remove mixedInstancesPolicy, or set warmPool.maxSize: 0')
  const price = child(spec, 'maxPrice')
  if (price && !absent(price)) forbid(price, 'warm pool cannot be used with spot instances', 'remove maxPrice, or set warmPool.maxSize: 0')
}

// The whole-set validation `kops update cluster` runs before anything is written (DeepValidate,
// API_RULES.md §2, §4, §5 — the subset the sandbox checks): instance group counts, the cluster
// spec (version, subnets and CIDRs, etcd clusters and members), and each group against the
// cluster (subnets exist, control planes are etcd members). Returns kOps's error text, or undefined.
import { aggregate, nameOf, roleOf, specOf, unsupported, validateCluster, validateInstanceGroup } from './api.ts'
import { list, rec, text, type Rec } from './yaml-io.ts'

// An IPv4 CIDR as [network, prefix length], or undefined.
function cidr(value: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(value)
  if (!m) return undefined
  const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0)
  return [ip, Number(m[5])]
}

const within = (inner: [number, number], outer: [number, number]): boolean =>
  inner[1] >= outer[1] && Math.floor(inner[0] / 2 ** (32 - outer[1])) === Math.floor(outer[0] / 2 ** (32 - outer[1]))

function subnetErrors(spec: Rec): string[] {
  const errors: string[] = []
  const subnets = list(spec.subnets).map(rec)
  if (subnets.length === 0) errors.push('spec.subnets: Required value: must configure at least one subnet (use --zones)')
  const withId = subnets.filter((s) => text(s.id) !== '').length
  if (withId > 0 && withId < subnets.length) errors.push('spec.subnets: Forbidden: cannot mix subnets with specified ID and unspecified ID')
  const networks = [text(spec.networkCIDR), ...list(spec.additionalNetworkCIDRs).map(text)].map(cidr).filter((c) => c !== undefined)
  subnets.forEach((s, i) => {
    const own = cidr(text(s.cidr))
    if (!own || networks.length === 0 || networks.some((n) => within(own, n))) return
    const message = `subnet "${text(s.name)}" had a CIDR "${text(s.cidr)}" that was not a subnet of the NetworkCIDR "${text(spec.networkCIDR)}"`
    errors.push(`spec.subnets[${i}].cidr: Invalid value: "${text(s.cidr)}": ${message}`)
  })
  return errors
}

function etcdErrors(spec: Rec, igs: Rec[]): string[] {
  const errors: string[] = []
  list(spec.etcdClusters).map(rec).forEach((etcd, i) => {
    const path = `spec.etcdClusters[${i}]`
    if (!['main', 'events', 'cilium'].includes(text(etcd.name))) errors.push(unsupported(`${path}.name`, text(etcd.name), ['cilium', 'events', 'main']))
    const members = list(etcd.etcdMembers).map(rec)
    if (members.length === 0) errors.push(`${path}.etcdMembers: Required value: No members defined in etcd cluster`)
    else if (members.length % 2 === 0) {
      const why = 'Should be an odd number of control-plane-zones for quorum. Use --zones and --control-plane-zones to declare node zones and control-plane zones separately'
      errors.push(`${path}.etcdMembers: Forbidden: ${why}`)
    }
    const seen = new Set<string>()
    members.forEach((member, j) => {
      const at = `${path}.etcdMembers[${j}]`
      const name = text(member.name)
      const group = text(member.instanceGroup)
      if (name === '') errors.push(`${at}.name: Required value: etcdMember did not have name`)
      else if (seen.has(name)) errors.push(`${at}.name: Duplicate value: "${name}"`)
      seen.add(name)
      const ig = igs.find((g) => nameOf(g) === group)
      if (group === '') errors.push(`${at}.instanceGroup: Required value: etcdMember did not have instanceGroup`)
      else if (!ig) errors.push(`${at}.instanceGroup: Not found: "${group}"`)
      else if (roleOf(ig) !== 'ControlPlane') errors.push(`${at}.instanceGroup: Invalid value: "${group}": instance group does not have role ControlPlane`)
    })
  })
  return errors
}

function clusterErrors(cluster: Rec, igs: Rec[]): string[] {
  const spec = specOf(cluster)
  const errors = validateCluster(cluster)
  const version = text(spec.kubernetesVersion)
  if (version === '') errors.push('spec.kubernetesVersion: Required value')
  else if (!/^v?\d+\.\d+\.\d+/.test(version)) errors.push(`spec.kubernetesVersion: Invalid value: "${version}": unable to determine kubernetes version`)
  return [...errors, ...subnetErrors(spec), ...etcdErrors(spec, igs)]
}

function groupErrors(cluster: Rec, ig: Rec): string[] {
  const errors = validateInstanceGroup(ig)
  const names = list(specOf(cluster).subnets).map((s) => text(rec(s).name))
  const own = list(specOf(ig).subnets).map(text)
  own.forEach((s, i) => {
    if (!names.includes(s)) errors.push(`spec.subnets[${i}]: Not found: "${s}"`)
  })
  if (roleOf(ig) !== 'ControlPlane') return errors
  if (own.length === 0) errors.push('spec.subnets: Required value: master InstanceGroup must specify at least one Subnet')
  for (const etcd of list(specOf(cluster).etcdClusters).map(rec)) {
    if (list(etcd.etcdMembers).some((m) => text(rec(m).instanceGroup) === nameOf(ig))) continue
    errors.push(`spec.metadata.name: Forbidden: InstanceGroup "${nameOf(ig)}" with role ControlPlane must have a member in etcd cluster "${text(etcd.name)}"`)
  }
  return errors
}

/** kOps's DeepValidate: the first failing stage's error text, or undefined when valid. */
export function deepValidate(cluster: Rec, igs: Rec[]): string | undefined {
  if (igs.length === 0) return 'must configure at least one InstanceGroup'
  if (!igs.some((ig) => roleOf(ig) === 'ControlPlane')) return 'must configure at least one ControlPlane InstanceGroup'
  if (!igs.some((ig) => roleOf(ig) !== 'ControlPlane')) return 'must configure at least one Node InstanceGroup'
  const clusterLevel = clusterErrors(cluster, igs)
  if (clusterLevel.length) return aggregate(clusterLevel)
  const groupLevel = igs.flatMap((ig) => groupErrors(cluster, ig))
  return groupLevel.length ? aggregate(groupLevel) : undefined
}

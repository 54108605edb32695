// spec.etcdClusters (API_RULES §4): main/events (or cilium), each with an odd number of uniquely
// named members; and, with the instance groups at hand, members on control-plane groups only and
// every control-plane group a member of every etcd cluster.
import type { Group } from './groups.ts'
import { absent, child, items, malformed, named, ownerAt, text, valueAt, type At } from './nodes.ts'
import { checkEnum, checkUnique, field, requireField, type Findings } from './problem.ts'

export const ETCD_NAMES = ['main', 'events', 'cilium']

const ODD = 'Should be an odd number of control-plane-zones for quorum. Use --zones and --control-plane-zones to declare node zones and control-plane zones separately'

/** Checks the etcd clusters of a Cluster spec on their own. */
export function checkEtcd(f: Findings, spec: At): void {
  const list = child(spec, 'etcdClusters')
  const clusters = items(list)
  if (malformed(list, 'list')) return
  if (absent(list) || clusters.length === 0) {
    const hint = 'define the etcd clusters "main" and "events", each with one member per control-plane instance group'
    f.error(ownerAt(list ?? spec), 'required-field', field.required('spec.etcdClusters'), hint)
    return
  }
  for (const c of clusters) {
    const name = requireField(f, c, 'name', 'etcdCluster did not have name', 'name it "main" or "events"')
    checkEnum(f, name, ETCD_NAMES, 'etcd-name')
    checkMembers(f, c, text(name) ?? '')
  }
  const names = clusters.flatMap((c) => named(child(c, 'name')))
  checkUnique(f, names, 'etcd-duplicate-name', (value, at) => field.duplicate(at.path, value), 'define each etcd cluster once')
}

// One etcd cluster's members: at least one, an odd count, named, on an instance group each.
function checkMembers(f: Findings, c: At, cluster: string): void {
  const list = child(c, 'etcdMembers')
  const members = items(list)
  if (malformed(c, 'map') || malformed(list, 'list')) return
  if (absent(list) || members.length === 0) {
    const hint = 'add one member per control-plane instance group: {name: a, instanceGroup: master-…}'
    f.error(ownerAt(list ?? c), 'etcd-no-members', field.required(`${c.path}.etcdMembers`, 'No members defined in etcd cluster'), hint)
    return
  }
  if (members.length % 2 === 0 && list) {
    const hint = `use 1, 3 or 5 members (one per control-plane instance group); etcd cluster "${cluster}" has ${members.length}`
    f.error(ownerAt(list), 'etcd-odd-members', field.invalid(list.path, members.length, ODD), hint)
  }
  for (const m of members) {
    requireField(f, m, 'name', 'etcdMember did not have name', 'name the member, e.g. after its zone (a, b, c)')
    requireField(f, m, 'instanceGroup', 'etcdMember did not have instanceGroup', 'set instanceGroup to the control-plane instance group it runs on')
  }
  checkMemberNames(f, members, cluster)
}

// Member names are unique in their etcd cluster; two members on one group weaken it (a warning).
function checkMemberNames(f: Findings, members: At[], cluster: string): void {
  const same = (what: string) => (value: string) => `EtcdMembers ${what} ${JSON.stringify(value)} in etcd-cluster ${JSON.stringify(cluster)}`
  const names = members.flatMap((m) => named(child(m, 'name')))
  checkUnique(f, names, 'etcd-duplicate-member', same('found with same name'), 'give each member its own name')
  const seen = new Set<string>()
  for (const { value, at } of members.flatMap((m) => named(child(m, 'instanceGroup')))) {
    const message = `${same('are in the same InstanceGroup')(value)} (fault-tolerance may be reduced)`
    if (seen.has(value)) f.warning(valueAt(at), 'etcd-same-instance-group', message, 'put each member on its own control-plane instance group')
    seen.add(value)
  }
}

/** Cross-checks the etcd members against the cluster's instance groups. */
export function checkEtcdMembers(f: Findings, spec: At, groups: readonly Group[]): void {
  const clusters = items(child(spec, 'etcdClusters'))
  const controlPlanes = groups.filter((g) => g.controlPlane)
  const known = controlPlanes.map((g) => g.name).join(', ') || '(none)'
  for (const c of clusters) {
    for (const m of items(child(c, 'etcdMembers'))) {
      const at = child(m, 'instanceGroup')
      const name = text(at)
      if (at === undefined || !name) continue
      const group = groups.find((g) => g.name === name)
      const hint = `the control-plane instance groups are ${known}`
      if (group === undefined) f.error(valueAt(at), 'etcd-member-unknown-instance-group', field.notFound(at.path, name), hint)
      else if (group.role !== undefined && !group.controlPlane) {
        const detail = `InstanceGroup ${JSON.stringify(name)} has role ${group.role}, but etcd members run on control-plane instance groups`
        f.error(valueAt(at), 'etcd-member-not-control-plane', field.invalid(at.path, name, detail), hint)
      }
    }
  }
  for (const g of controlPlanes) checkMembership(f, g, clusters)
}

// A control-plane group needs a member in every etcd cluster (kOps's ValidateMasterInstanceGroup).
function checkMembership(f: Findings, g: Group, clusters: At[]): void {
  for (const c of clusters) {
    const cluster = text(child(c, 'name'))
    if (!cluster || items(child(c, 'etcdMembers')).some((m) => text(child(m, 'instanceGroup')) === g.name)) continue
    const message = `InstanceGroup ${JSON.stringify(g.name)} with role ${g.role} must have a member in etcd cluster ${JSON.stringify(cluster)}`
    f.error(valueAt(g.nameAt), 'etcd-missing-control-plane', message, `add {name: …, instanceGroup: ${g.name}} to the etcdMembers of "${cluster}" in the Cluster`)
  }
}

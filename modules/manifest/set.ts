// Whole-set rules (API_RULES §5, kOps's DeepValidate): a Cluster with its InstanceGroups needs a
// control plane and a node group; each group's subnets exist in the Cluster, its zones agree with
// theirs, a bastion needs private topology; and the etcd members match the control-plane groups.
import type { Location } from '../diag/mod.ts'
import { publicTopology } from './cluster.ts'
import { checkEtcdMembers } from './etcd.ts'
import type { Bundle, Group } from './groups.ts'
import { child, items, ownerAt, text, texts, valueAt, type At } from './nodes.ts'
import { chooseHint, field, type Findings } from './problem.ts'

/** Checks a Cluster against its InstanceGroups; `complete` when the stream must hold the whole set. */
export function checkSet(f: Findings, b: Bundle, complete: boolean): void {
  const spec = child(b.cluster?.root, 'spec')
  if (b.cluster === undefined || spec === undefined) return
  const where = ownerAt(b.cluster.root)
  if (b.docs.length === 0) {
    if (complete) f.error(where, 'set-no-instance-group', 'must configure at least one InstanceGroup', 'add the control-plane and node InstanceGroups after the Cluster')
    return
  }
  checkCounts(f, b, where)
  const zones = subnetZones(spec)
  for (const g of b.groups) {
    checkGroupSubnets(f, g, zones)
    checkGroupZones(f, g, zones)
    if (g.role === 'Bastion' && publicTopology(spec)) checkBastion(f, g)
  }
  checkEtcdMembers(f, spec, b.groups)
}

// At least one control-plane and one other group; judged only when every group has a name and a known role.
function checkCounts(f: Findings, b: Bundle, where: Location): void {
  if (b.groups.length !== b.docs.length || b.groups.some((g) => g.role === undefined)) return
  if (!b.groups.some((g) => g.controlPlane)) {
    f.error(where, 'set-no-control-plane', 'must configure at least one ControlPlane InstanceGroup', 'add an InstanceGroup with role: ControlPlane (or Master)')
  }
  if (!b.groups.some((g) => !g.controlPlane)) {
    f.error(where, 'set-no-node', 'must configure at least one Node InstanceGroup', 'add an InstanceGroup with role: Node')
  }
}

/** The Cluster's subnets: name → zone. */
function subnetZones(spec: At): Map<string, string | undefined> {
  const zones = new Map<string, string | undefined>()
  for (const s of items(child(spec, 'subnets'))) {
    const name = text(child(s, 'name'))
    if (name) zones.set(name, text(child(s, 'zone')))
  }
  return zones
}

// Each of the group's subnets is one of the Cluster's (kOps: `spec.subnets[0]: Not found: "x"`).
function checkGroupSubnets(f: Findings, g: Group, zones: Map<string, string | undefined>): void {
  const known = [...zones.keys()]
  for (const { value, at } of texts(child(g.spec, 'subnets'))) {
    if (zones.has(value)) continue
    const hint = known.length ? `${chooseHint(value, known)} (the Cluster's subnets: ${known.join(', ')})` : "the Cluster defines no subnets"
    f.error(valueAt(at), 'ig-subnet-not-found', field.notFound(at.path, value), hint)
  }
}

// With spec.zones set, the group's subnets lie in those zones, and each zone has one of its subnets.
function checkGroupZones(f: Findings, g: Group, zones: Map<string, string | undefined>): void {
  const own = texts(child(g.spec, 'zones'))
  if (own.length === 0) return
  const listed = own.map((z) => z.value)
  const used = texts(child(g.spec, 'subnets')).filter((s) => zones.has(s.value))
  for (const { value, at } of used) {
    const zone = zones.get(value)
    if (zone === undefined || listed.includes(zone)) continue
    const detail = `subnet ${JSON.stringify(value)} is in zone ${JSON.stringify(zone)}, which is not in the InstanceGroup's zones (${listed.join(', ')})`
    f.error(valueAt(at), 'ig-zones', field.invalid(at.path, value, detail), `add ${zone} to spec.zones, or use a subnet in ${listed.join(', ')}`)
  }
  const usedZones = used.map((s) => zones.get(s.value))
  for (const { value, at } of own) {
    if (used.length === 0 || usedZones.includes(value)) continue
    const detail = "none of the InstanceGroup's subnets is in this zone"
    f.error(valueAt(at), 'ig-zones', field.invalid(at.path, value, detail), 'remove the zone, or add a subnet of that zone to spec.subnets')
  }
}

// A Bastion group in a cluster whose topology says public (the rule of topology.bastion, per group).
function checkBastion(f: Findings, g: Group): void {
  const role = child(g.spec, 'role') as At
  const message = `InstanceGroup ${JSON.stringify(g.name)} has role Bastion, but bastion requires masters and nodes to have private topology`
  f.error(valueAt(role), 'bastion-topology', message, 'set topology.masters and topology.nodes to private in the Cluster, or remove the bastion')
}

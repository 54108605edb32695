// spec.subnets (API_RULES §2): a non-empty list of uniquely named subnets with a known type and a
// zone; all or none name an existing subnet (`id`); CIDRs canonical and inside the VPC.
import { contains, overlaps, type Cidr } from './cidr.ts'
import { checkCidr, isIPv6, type Networks } from './network.ts'
import { absent, child, items, malformed, named, ownerAt, text, valueAt, type At } from './nodes.ts'
import { checkEnum, checkUnique, field, requireField, type Findings } from './problem.ts'

export const SUBNET_TYPES = ['Public', 'Private', 'Utility', 'DualStack']
const EGRESS_PREFIXES = ['nat', 'eipalloc', 'i', 'tgw']

/** Checks the Cluster's subnets against each other and the VPC ranges. */
export function checkSubnets(f: Findings, spec: At, nets: Networks): void {
  const list = child(spec, 'subnets')
  const subnets = items(list)
  if (malformed(list, 'list')) return
  if (absent(list) || subnets.length === 0) {
    const where = list === undefined ? ownerAt(spec) : ownerAt(list)
    f.error(where, 'required-field', field.required('spec.subnets', 'must configure at least one subnet'), 'list the subnets, each with name, type and zone')
    return
  }
  const ipv6 = isIPv6(spec)
  for (const s of subnets) checkSubnet(f, s, ipv6)
  const names = subnets.flatMap((s) => named(child(s, 'name')))
  checkUnique(f, names, 'subnet-duplicate-name', (value, at) => field.duplicate(at.path, value), 'give each subnet its own name')
  checkIds(f, subnets)
  checkRanges(f, subnets, nets)
}

// One subnet: name, zone and a type (DualStack only in IPv6 clusters); its IPv6 range and egress.
function checkSubnet(f: Findings, s: At, ipv6: boolean): void {
  requireField(f, s, 'name', undefined, 'name the subnet (instance groups refer to it by name)')
  requireField(f, s, 'zone', undefined, 'set the availability zone, e.g. us-east-1a')
  const type = requireField(f, s, 'type', 'subnet type is required', `set type to one of ${SUBNET_TYPES.join(', ')}`)
  checkEnum(f, type, SUBNET_TYPES, 'subnet-type')
  if (type && text(type) === 'DualStack' && !ipv6) {
    f.error(valueAt(type), 'subnet-dualstack-ipv4', field.forbidden(type.path, 'subnet type DualStack may only be used in IPv6 clusters'), 'use Private or Public')
  }
  checkIPv6Cidr(f, child(s, 'ipv6CIDR'))
  checkEgress(f, s, ipv6)
}

// ipv6CIDR is an IPv6 range, or kOps's allocation form `/64#1` (the 2nd /64 of the VPC's range).
function checkIPv6Cidr(f: Findings, at: At | undefined): void {
  const value = text(at)
  if (at === undefined || value === undefined || /^\/\d{1,3}#[0-9a-fA-F]+$/.test(value)) return
  const cidr = checkCidr(f, at)
  if (cidr === undefined || cidr.family === 6) return
  f.error(valueAt(at), 'cidr-invalid', field.invalid(at.path, value, 'Network is not an IPv6 CIDR'), 'write an IPv6 range, e.g. 2001:db8::/64, or /64#0')
}

// egress: a NAT gateway, elastic IP, NAT instance, transit gateway or External; private subnets only.
function checkEgress(f: Findings, s: At, ipv6: boolean): void {
  const at = child(s, 'egress')
  const value = text(at)
  if (at === undefined || !value) return
  if (value !== 'External' && !EGRESS_PREFIXES.includes(value.split('-')[0])) {
    const detail = 'egress must be of type NAT Gateway, NAT Gateway with existing ElasticIP, NAT EC2 Instance, Transit Gateway, or External'
    f.error(valueAt(at), 'subnet-egress', field.invalid(at.path, value, detail), 'use nat-…, eipalloc-…, i-…, tgw-… or External')
  }
  const type = text(child(s, 'type'))
  if (value !== 'External' && type !== 'Private' && type !== 'DualStack' && (type !== 'Public' || !ipv6)) {
    const detail = 'egress can only be specified for private or IPv6-capable public subnets'
    f.error(valueAt(at), 'subnet-egress', field.forbidden(at.path, detail), 'remove egress, or make the subnet Private')
  }
}

// All subnets name an existing subnet, or none do: each that differs from the first is reported.
function checkIds(f: Findings, subnets: At[]): void {
  const hasId = (s: At) => !absent(child(s, 'id'))
  const first = hasId(subnets[0])
  for (const s of subnets.slice(1)) {
    if (hasId(s) === first) continue
    const where = hasId(s) ? valueAt(child(s, 'id') as At) : ownerAt(s)
    const hint = first ? 'give every subnet the id of its existing subnet' : 'remove id, or give every subnet an id'
    f.error(where, 'subnet-id-mixed', field.forbidden(`${s.path}.id`, 'cannot mix subnets with specified ID and unspecified ID'), hint)
  }
}

// Each subnet's cidr is canonical, inside the VPC's ranges, and clear of the other subnets.
function checkRanges(f: Findings, subnets: At[], nets: Networks): void {
  const seen: { name: string; text: string; cidr: Cidr }[] = []
  for (const s of subnets) {
    const at = child(s, 'cidr')
    const cidr = checkCidr(f, at)
    if (at === undefined || cidr === undefined) continue
    const name = text(child(s, 'name')) ?? ''
    const value = text(at) ?? ''
    if (nets.main && nets.all.length > 0 && !nets.all.some((n) => contains(n, cidr))) {
      const detail = `subnet ${JSON.stringify(name)} had a cidr ${JSON.stringify(value)} that was not a subnet of the networkCIDR ${JSON.stringify(nets.main.text)}`
      f.error(valueAt(at), 'subnet-cidr-outside-network', field.forbidden(at.path, detail), `pick a range inside ${nets.main.text}`)
    }
    const other = seen.find((o) => overlaps(o.cidr, cidr))
    if (other) {
      const detail = `subnet ${JSON.stringify(name)} cidr ${JSON.stringify(value)} overlaps subnet ${JSON.stringify(other.name)} cidr ${JSON.stringify(other.text)}`
      f.error(valueAt(at), 'subnet-cidr-overlap', field.forbidden(at.path, detail), 'give each subnet its own range')
    }
    seen.push({ name, text: value, cidr })
  }
}

// Network resources: the VPC with DHCP options and internet gateway (unless spec.networkID names an
// existing VPC, then a `data "aws_vpc"`), the subnets kOps owns (those without an `id`), the public
// route table, and per-zone private route tables with NAT gateways (or the subnet's `egress`).
import { attr, bool, expr, str, strMap, strs, type HclValue } from './hcl.ts'
import { baseTags, computeDomain, digest, ref, resource, subnetRef, tfName, vpcRef, type Model, type Part, type Subnet, type TfResource } from './model.ts'

const owned = (m: Model, types: readonly string[]): Subnet[] => m.subnets.filter((s) => !s.id && types.includes(s.type))

function vpc(m: Model): TfResource[] {
  if (m.vpcId) return []
  const tags = strMap(baseTags(m, m.name))
  return [
    resource('aws_vpc', m.name, [
      attr('assign_generated_ipv6_cidr_block', bool(true)),
      attr('cidr_block', str(String(m.spec.networkCIDR ?? ''))),
      attr('enable_dns_hostnames', bool(true)),
      attr('enable_dns_support', bool(true)),
      attr('tags', tags),
    ]),
    resource('aws_vpc_dhcp_options', m.name, [
      attr('domain_name', str(computeDomain(m.region))),
      attr('domain_name_servers', strs(['AmazonProvidedDNS'])),
      attr('tags', tags),
    ]),
    resource('aws_vpc_dhcp_options_association', m.name, [
      attr('dhcp_options_id', ref('aws_vpc_dhcp_options', m.name)),
      attr('vpc_id', vpcRef(m)),
    ]),
    resource('aws_internet_gateway', m.name, [attr('tags', tags), attr('vpc_id', vpcRef(m))]),
  ]
}

function subnetTags(m: Model, s: Subnet): HclValue {
  const tags: Array<[string, string]> = [...baseTags(m, `${s.name}.${m.name}`), ['SubnetType', s.type]]
  for (const g of m.groups) if (g.subnets.some((x) => x.name === s.name)) tags.push([`kops.k8s.io/instance-group/${g.name}`, 'true'])
  if (s.type === 'Public' || s.type === 'Utility') tags.push(['kubernetes.io/role/elb', '1'])
  if (s.type === 'Public' || s.type === 'Private') tags.push(['kubernetes.io/role/internal-elb', '1'])
  return strMap(tags)
}

function subnets(m: Model): TfResource[] {
  return m.subnets
    .filter((s) => !s.id)
    .map((s) =>
      resource('aws_subnet', `${s.name}.${m.name}`, [
        attr('availability_zone', str(s.zone)),
        attr('cidr_block', str(s.cidr)),
        attr('enable_resource_name_dns_a_record_on_launch', bool(true)),
        attr('private_dns_hostname_type_on_launch', str('resource-name')),
        attr('tags', subnetTags(m, s)),
        attr('vpc_id', vpcRef(m)),
      ]),
    )
}

const association = (m: Model, raw: string, table: string, s: Subnet): TfResource =>
  resource('aws_route_table_association', raw, [attr('route_table_id', ref('aws_route_table', table)), attr('subnet_id', subnetRef(m, s))])

function publicRouting(m: Model): TfResource[] {
  const subnetsOut = owned(m, ['Public', 'Utility', 'DualStack'])
  if (subnetsOut.length === 0) return []
  const gateway = m.vpcId ? str(`igw-${digest(m.vpcId, 17)}`) : ref('aws_internet_gateway', m.name)
  const table = ref('aws_route_table', m.name)
  const out = [
    resource('aws_route_table', m.name, [attr('tags', strMap([...baseTags(m, m.name), ['kubernetes.io/kops/role', 'public']])), attr('vpc_id', vpcRef(m))]),
    resource('aws_route', 'route-0.0.0.0/0', [attr('destination_cidr_block', str('0.0.0.0/0')), attr('gateway_id', gateway), attr('route_table_id', table)]),
  ]
  if (!m.vpcId) {
    out.push(resource('aws_route', 'route-::/0', [attr('destination_ipv6_cidr_block', str('::/0')), attr('gateway_id', gateway), attr('route_table_id', table)]))
  }
  return [...out, ...subnetsOut.map((s) => association(m, `${s.name}.${m.name}`, m.name, s))]
}

// The NAT of one zone: the subnet's egress, or a kOps-made EIP + NAT gateway in the zone's utility subnet.
function natFor(m: Model, zone: string, egress: string): { nat?: HclValue; resources: TfResource[] } {
  if (egress === 'External') return { resources: [] }
  if (egress.startsWith('nat-')) return { nat: str(egress), resources: [] }
  const utility = m.subnets.find((s) => s.type === 'Utility' && s.zone === zone) ?? m.subnets.find((s) => s.type === 'Utility')
  const raw = `${zone}.${m.name}`
  const tags = strMap(baseTags(m, raw))
  const gateway = resource('aws_nat_gateway', raw, [
    attr('allocation_id', ref('aws_eip', raw)),
    ...(utility ? [attr('subnet_id', subnetRef(m, utility))] : []),
    attr('tags', tags),
  ])
  return { nat: ref('aws_nat_gateway', raw), resources: [resource('aws_eip', raw, [attr('domain', str('vpc')), attr('tags', tags)]), gateway] }
}

function privateRouting(m: Model): TfResource[] {
  const out: TfResource[] = []
  const privates = owned(m, ['Private'])
  for (const zone of [...new Set(privates.map((s) => s.zone))].sort()) {
    const table = `private-${zone}.${m.name}`
    const inZone = privates.filter((s) => s.zone === zone)
    const { nat, resources } = natFor(m, zone, inZone[0].egress)
    out.push(...resources)
    const tags = strMap([...baseTags(m, table), ['kubernetes.io/kops/role', `private-${zone}`]])
    out.push(resource('aws_route_table', table, [attr('tags', tags), attr('vpc_id', vpcRef(m))]))
    if (nat) {
      const route = [attr('destination_cidr_block', str('0.0.0.0/0')), attr('nat_gateway_id', nat), attr('route_table_id', ref('aws_route_table', table))]
      out.push(resource('aws_route', `route-private-${zone}-0.0.0.0/0`, route))
    }
    out.push(...inZone.map((s) => association(m, `private-${s.name}.${m.name}`, table, s)))
  }
  return out
}

function networkLocals(m: Model): Array<[string, HclValue]> {
  const locals: Array<[string, HclValue]> = []
  if (owned(m, ['Public', 'Utility', 'DualStack']).length) locals.push(['route_table_public_id', ref('aws_route_table', m.name)])
  for (const zone of [...new Set(owned(m, ['Private']).map((s) => s.zone))]) {
    locals.push([`route_table_private-${zone}_id`, ref('aws_route_table', `private-${zone}.${m.name}`)])
  }
  for (const s of m.subnets) locals.push([`subnet_${s.name}_id`, subnetRef(m, s)])
  const shared = m.subnets.filter((s) => s.id)
  if (shared.length) locals.push(['subnet_ids', strs(shared.map((s) => s.id))])
  const vpcAttr = (a: string): HclValue => (m.vpcId ? expr(`data.aws_vpc.${tfName(m.name)}.${a}`) : ref('aws_vpc', m.name, a))
  locals.push(['vpc_cidr_block', vpcAttr('cidr_block')], ['vpc_id', vpcRef(m)], ['vpc_ipv6_cidr_block', vpcAttr('ipv6_cidr_block')])
  const length = 'local.vpc_ipv6_cidr_block == "" ? null : tonumber(regex(".*/(\\\\d+)", local.vpc_ipv6_cidr_block)[0])'
  locals.push(['vpc_ipv6_cidr_length', expr(length)])
  return locals
}

/** All network resources, their locals, and the `data "aws_vpc"` of a shared VPC. */
export function network(m: Model): Part {
  const data = m.vpcId ? [resource('aws_vpc', m.name, [attr('id', str(m.vpcId))])] : []
  return {
    resources: [...vpc(m), ...subnets(m), ...publicRouting(m), ...privateRouting(m)],
    locals: networkLocals(m),
    data,
  }
}

// Cluster subnets (API_RULES §2): names, types, zones, ids, egress and CIDRs inside the VPC,
// by mutating clusters/demo/cluster.yml.
import t from 'tap'
import { error, found, mutate, project, throughTheCli } from './helpers.ts'

const demo = project('demo')
const D = 'clusters/demo/cluster.yml'
const withCidr = (name: string, cidr: string): [string, string] => [`    name: ${name}\n`, `    cidr: ${cidr}\n    name: ${name}\n`]

t.test('each subnet has a unique name, a known type and a zone', async (t) => {
  t.strictSame(found(mutate(demo, ['name: utility-us-east-1b', 'name: utility-us-east-1a'])), [
    error(`${D}:92:11`, 'subnet-duplicate-name', 'spec.subnets[1].name: Duplicate value: "utility-us-east-1a"'),
  ], 'at the second occurrence')
  t.strictSame(found(mutate(demo, ['type: Utility', 'type: Utilty', 1])), [
    error(`${D}:89:11`, 'subnet-type', 'spec.subnets[0].type: Unsupported value: "Utilty": supported values: "Public", "Private", "Utility", "DualStack"'),
  ])
  t.strictSame(found(mutate(demo, ['type: Private\n    zone: us-east-1a', 'type: DualStack\n    zone: us-east-1a'])), [
    error(`${D}:100:11`, 'subnet-dualstack-ipv4', 'spec.subnets[2].type: Forbidden: subnet type DualStack may only be used in IPv6 clusters'),
  ])
  t.strictSame(found(mutate(demo, ['    zone: us-east-1a\n', '', 1])), [
    error(`${D}:87:5`, 'required-field', 'spec.subnets[0].zone: Required value'),
  ], 'at the list item that lacks it')
  t.strictSame(found(mutate(demo, ['  subnets:\n  #', '  subnetz:\n  #'])), [
    error(`${D}:7:1`, 'required-field', 'spec.subnets: Required value: must configure at least one subnet'),
    error(`${D}:152:5`, 'ig-subnet-not-found', 'spec.subnets[0]: Not found: "us-east-1a"'),
    error(`${D}:172:5`, 'ig-subnet-not-found', 'spec.subnets[0]: Not found: "us-east-1a"'),
    error(`${D}:173:5`, 'ig-subnet-not-found', 'spec.subnets[1]: Not found: "us-east-1b"'),
  ])
})

t.test('all subnets name an existing subnet (id), or none do', async (t) => {
  t.strictSame(found(mutate(demo, ['  - id: subnet-0d3m00000000000b1\n    name: utility-us-east-1b', '  - name: utility-us-east-1b'])), [
    error(`${D}:91:5`, 'subnet-id-mixed', 'spec.subnets[1].id: Forbidden: cannot mix subnets with specified ID and unspecified ID'),
  ])
  t.strictSame(found(mutate(demo, ['  - id: subnet-0d3m00000000000a1\n    name: utility-us-east-1a', '  - name: utility-us-east-1a'])), [
    error(`${D}:90:9`, 'subnet-id-mixed', 'spec.subnets[1].id: Forbidden: cannot mix subnets with specified ID and unspecified ID'),
    error(`${D}:97:9`, 'subnet-id-mixed', 'spec.subnets[2].id: Forbidden: cannot mix subnets with specified ID and unspecified ID'),
    error(`${D}:102:9`, 'subnet-id-mixed', 'spec.subnets[3].id: Forbidden: cannot mix subnets with specified ID and unspecified ID'),
  ], 'as kOps: each subnet that differs from the first')
})

t.test('egress is a known gateway kind, on private subnets', async (t) => {
  t.strictSame(found(mutate(demo, ['egress: nat-0d3m00000000000a', 'egress: igw-0d3m00000000000a'])), [
    error(`${D}:102:13`, 'subnet-egress', 'spec.subnets[2].egress: Invalid value: "igw-0d3m00000000000a": egress must be of type NAT Gateway, NAT Gateway with existing ElasticIP, NAT EC2 Instance, Transit Gateway, or External'),
  ])
  t.strictSame(found(mutate(demo, ['    name: utility-us-east-1b\n', '    name: utility-us-east-1b\n    egress: nat-0d3m00000000000b\n'])), [
    error(`${D}:93:13`, 'subnet-egress', 'spec.subnets[1].egress: Forbidden: egress can only be specified for private or IPv6-capable public subnets'),
  ])
})

t.test('subnet CIDRs lie inside networkCIDR or additionalNetworkCIDRs, and apart', async (t) => {
  t.strictSame(found(mutate(demo, withCidr('utility-us-east-1a', '10.1.0.0/22'))), [
    error(`${D}:88:11`, 'subnet-cidr-outside-network', 'spec.subnets[0].cidr: Forbidden: subnet "utility-us-east-1a" had a cidr "10.1.0.0/22" that was not a subnet of the networkCIDR "10.0.0.0/16"'),
  ])
  const additional: [string, string] = ['  networkID:', '  additionalNetworkCIDRs:\n  - 10.1.0.0/16\n  networkID:']
  t.strictSame(found(mutate(demo, withCidr('utility-us-east-1a', '10.1.0.0/22'), additional)), [], 'inside an additional range')
  t.strictSame(found(mutate(demo, withCidr('utility-us-east-1a', '10.0.0.0/22'), withCidr('utility-us-east-1b', '10.0.2.0/24'))), [
    error(`${D}:93:11`, 'subnet-cidr-overlap', 'spec.subnets[1].cidr: Forbidden: subnet "utility-us-east-1b" cidr "10.0.2.0/24" overlaps subnet "utility-us-east-1a" cidr "10.0.0.0/22"'),
  ])
  t.strictSame(found(mutate(demo, withCidr('utility-us-east-1a', '10.0.0.1/22'))), [
    error(`${D}:88:11`, 'cidr-not-canonical', 'spec.subnets[0].cidr: Invalid value: "10.0.0.1/22": Network contains bits outside prefix (did you mean "10.0.0.0/22")'),
  ])
  t.strictSame(found(mutate(demo, ['    name: utility-us-east-1a\n', '    ipv6CIDR: /64#0\n    name: utility-us-east-1a\n'])), [], "kOps's IPv6 allocation form")
  t.strictSame(found(mutate(demo, ['    name: utility-us-east-1a\n', '    ipv6CIDR: 10.0.0.0/24\n    name: utility-us-east-1a\n'])), [
    error(`${D}:88:15`, 'cidr-invalid', 'spec.subnets[0].ipv6CIDR: Invalid value: "10.0.0.0/24": Network is not an IPv6 CIDR'),
  ])
})

throughTheCli()

// What one value must look like for kOps and AWS: Kubernetes and etcd versions, IPv4 CIDRs, regions
// and zones, EC2 instance types, AMI and resource IDs, IAM ARNs, DNS names. Each kind says what is
// wrong with a value (undefined when it is fine) and how to write it.
import { formatCidr, isCanonical, network, parseCidr, parseIPv4 } from '../manifest/cidr.ts'
import { parseSemver } from '../manifest/version.ts'

export interface Kind {
  /** The rule name problems of this kind are reported under. */
  rule: string
  /** What is wrong with `value`, or undefined. Read as `"prerequisites.KEY" <problem>`. */
  problem(value: string): string | undefined
  hint: string
}

/** `must be WHAT, not "VALUE"` when `ok` fails. */
const shaped = (rule: string, what: string, ok: (v: string) => boolean, hint: string): Kind => ({
  rule,
  problem: (v) => (ok(v) ? undefined : `must be ${what}, not ${JSON.stringify(v)}`),
  hint,
})

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
const ZONE = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/
const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
const DNS_NAME = new RegExp(`^${LABEL}(\\.${LABEL})+$`)

// Why a text is not an IPv4 CIDR, in the words a user can act on; undefined when it is one.
function cidrProblem(v: string): string | undefined {
  const bad = `must be an IPv4 CIDR (ADDRESS/PREFIX), not ${JSON.stringify(v)}`
  const [address, prefix, extra] = v.split('/')
  if (prefix === undefined || extra !== undefined) return parseIPv4(v) === undefined ? bad : `${bad} (did you mean "${v}/32"?)`
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > 32) return `${bad}: the prefix must be a number from 0 to 32`
  if (parseIPv4(address) === undefined) return `${bad}: the address must be four numbers from 0 to 255, like 10.0.0.0`
  const cidr = parseCidr(v)
  if (cidr === undefined) return bad
  return isCanonical(cidr) ? undefined : `${bad}: it has bits set after the prefix (did you mean "${formatCidr(network(cidr))}"?)`
}

/** A resource ID: PREFIX- and lowercase letters and digits (AWS writes hex; the sandbox spells names). */
const resourceId = (prefix: string, what: string): Kind =>
  shaped(`${prefix}-id`, `${what} like ${prefix}-0123456789abcdef0`, (v) => new RegExp(`^${prefix}-[0-9a-z]+$`).test(v), `write ${prefix}- and the ID AWS shows for it`)

export const KINDS = {
  kubernetesVersion: shaped('kubernetes-version', 'a Kubernetes version (MAJOR.MINOR.PATCH)', (v) => parseSemver(v.replace(/^v/, '')) !== undefined, 'write it like 1.28.9 or v1.28.9'),
  etcdVersion: shaped('etcd-version', 'an etcd version (MAJOR.MINOR.PATCH)', (v) => parseSemver(v) !== undefined, 'write it like 3.5.9'),
  majorVersion: shaped('major-version', 'a major version like v3', (v) => /^v\d+$/.test(v), 'write v and a number, like v3'),
  cidr: { rule: 'cidr', problem: cidrProblem, hint: 'write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16' },
  region: shaped('region', 'an AWS region like us-east-1', (v) => REGION.test(v), 'write the region code, e.g. us-east-1 or eu-west-1'),
  zone: shaped('zone', 'an AWS availability zone like us-east-1a', (v) => ZONE.test(v), 'write the region and a zone letter, e.g. us-east-1a'),
  instanceType: shaped('instance-type', 'an EC2 instance type like m5.large (FAMILY.SIZE)', (v) => /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/.test(v), 'write FAMILY.SIZE, e.g. t3.medium or m5.large'),
  ami: shaped('ami-id', 'an AMI ID (ami- and 8 or 17 hex digits)', (v) => /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), 'write the image ID, e.g. ami-0123456789abcdef0'),
  vpcId: resourceId('vpc', 'a VPC ID'),
  subnetId: resourceId('subnet', 'a subnet ID'),
  natId: resourceId('nat', 'a NAT gateway ID'),
  securityGroup: shaped('sg-id', 'a security group ID like sg-0123456789abcdef0, or empty', (v) => v === '' || /^sg-[0-9a-z]+$/.test(v), 'write sg- and the ID, or "" for none'),
  roleArn: shaped(
    'role-arn',
    'an IAM role ARN like arn:aws:iam::123456789012:role/NAME',
    (v) => /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(v),
    'write arn:aws:iam::ACCOUNT:role/NAME, as the IAM console shows it',
  ),
  dnsName: shaped('dns-name', 'a lowercase DNS name with a dot, like dev.k8s.local', (v) => v.length <= 253 && DNS_NAME.test(v), 'write lowercase labels separated by dots, e.g. prod.example.com or dev.k8s.local'),
  dnsZone: shaped('dns-name', 'a lowercase DNS name, or empty', (v) => v === '' || DNS_NAME.test(v), 'write the zone, e.g. prod.example.com, or "" for the cluster name'),
} satisfies Record<string, Kind>

export type KindName = keyof typeof KINDS

/** The zone letter after the region (`us-east-1a` in us-east-1), or whether a zone is elsewhere. */
export const inRegion = (zone: string, region: string): boolean => zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone)

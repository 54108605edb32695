// What the simulator knows about resource types instead of provider schemas: which arguments force
// a replacement when they change, and which computed attributes exist and how to make their
// synthetic values (ids like vpc-0a1b2c3d4e5f60718, ARNs in account 123456789012). Synthetic
// values are deterministic: derived from the resource address and its configuration, so the same
// configuration always yields the same ids, and a replacement (changed configuration) new ones.
import { createHash } from 'node:crypto'
import { isObject, type Value, type ValueObject } from '../lang/values.ts'

/** The account id in every synthetic ARN. */
export const ACCOUNT = '123456789012'

/** Inputs to a synthetic value: the evaluated configuration, a hash seed, region and account. */
export interface Synth {
  cfg: ValueObject
  address: string
  hex: string
  region: string
  prior?: ValueObject
}

type Gen = (s: Synth) => Value

/** A resource type's simulated schema. */
export interface TypeSchema {
  /** Arguments whose change forces replacement; '*' = every argument. */
  forceNew: string[] | '*'
  /** Computed attributes and their generators (always includes `id`). */
  computed: Record<string, Gen>
  /** Computed attributes that change on every in-place update (unknown in the plan). */
  volatile?: string[]
}

const str = (v: Value | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))
const hex17 = (s: Synth): string => s.hex.slice(0, 17)
const digits = (s: Synth, n = 19): string => BigInt(`0x${s.hex.slice(0, 15)}`).toString().padStart(n, '1').slice(0, n)
const upper = (s: Synth, n: number): string => s.hex.slice(-n).toUpperCase()
const nameOr = (s: Synth, attr = 'name'): string => str(s.cfg[attr]) || `terraform-${digits(s, 26)}`
const arn = (service: string, rest: (s: Synth) => string, global = false): Gen => (s) => `arn:aws:${service}:${global ? '' : s.region}:${ACCOUNT}:${rest(s)}`
const prefixed = (prefix: string): Gen => (s) => `${prefix}-${hex17(s)}`
const ec2 = (prefix: string, kind: string, force: string[], extra: Record<string, Gen> = {}): TypeSchema => ({
  forceNew: force,
  computed: { id: prefixed(prefix), arn: arn('ec2', (s) => `${kind}/${prefixed(prefix)(s)}`), owner_id: () => ACCOUNT, ...extra },
})
const byBucket = (): TypeSchema => ({ forceNew: ['bucket'], computed: { id: (s) => str(s.cfg.bucket) } })

const SCHEMAS: Record<string, TypeSchema> = {
  aws_s3_bucket: {
    forceNew: ['bucket', 'bucket_prefix'],
    computed: {
      id: (s) => nameOr(s, 'bucket'), bucket: (s) => nameOr(s, 'bucket'), arn: (s) => `arn:aws:s3:::${nameOr(s, 'bucket')}`,
      bucket_domain_name: (s) => `${nameOr(s, 'bucket')}.s3.amazonaws.com`,
      bucket_regional_domain_name: (s) => `${nameOr(s, 'bucket')}.s3.${s.region}.amazonaws.com`,
      hosted_zone_id: () => 'Z3AQBSTGFYJSTF', region: (s) => s.region,
    },
  },
  aws_s3_bucket_versioning: byBucket(),
  aws_s3_bucket_server_side_encryption_configuration: byBucket(),
  aws_s3_bucket_public_access_block: byBucket(),
  aws_s3_bucket_ownership_controls: byBucket(),
  aws_s3_bucket_policy: byBucket(),
  aws_s3_bucket_acl: byBucket(),
  aws_s3_bucket_lifecycle_configuration: byBucket(),
  aws_s3_object: { forceNew: ['bucket', 'key'], computed: { id: (s) => str(s.cfg.key), etag: (s) => createHash('md5').update(str(s.cfg.content)).digest('hex'), version_id: () => '' } },
  aws_dynamodb_table: { forceNew: ['name', 'hash_key', 'range_key'], computed: { id: (s) => str(s.cfg.name), arn: arn('dynamodb', (s) => `table/${str(s.cfg.name)}`) } },
  aws_vpc: ec2('vpc', 'vpc', ['cidr_block', 'instance_tenancy'], {
    ipv6_cidr_block: (s) => (s.cfg.assign_generated_ipv6_cidr_block === true ? `2600:1f18:${s.hex.slice(0, 4)}:${s.hex.slice(4, 6)}00::/56` : ''),
    default_security_group_id: (s) => `sg-${s.hex.slice(1, 18)}`, main_route_table_id: (s) => `rtb-${s.hex.slice(2, 19)}`,
    default_route_table_id: (s) => `rtb-${s.hex.slice(2, 19)}`, default_network_acl_id: (s) => `acl-${s.hex.slice(3, 20)}`,
  }),
  aws_subnet: ec2('subnet', 'subnet', ['cidr_block', 'availability_zone', 'availability_zone_id', 'vpc_id'], { ipv6_cidr_block: () => '' }),
  aws_security_group: ec2('sg', 'security-group', ['name', 'name_prefix', 'description', 'vpc_id']),
  aws_security_group_rule: { forceNew: '*', computed: { id: (s) => `sgrule-${digits(s, 10)}`, security_group_rule_id: prefixed('sgr') } },
  aws_vpc_security_group_ingress_rule: ec2('sgr', 'security-group-rule', ['security_group_id']),
  aws_vpc_security_group_egress_rule: ec2('sgr', 'security-group-rule', ['security_group_id']),
  aws_internet_gateway: ec2('igw', 'internet-gateway', []),
  aws_egress_only_internet_gateway: ec2('eigw', 'egress-only-internet-gateway', ['vpc_id']),
  aws_route_table: ec2('rtb', 'route-table', ['vpc_id']),
  aws_route: { forceNew: ['route_table_id', 'destination_cidr_block', 'destination_ipv6_cidr_block'], computed: { id: (s) => `r-${str(s.cfg.route_table_id)}${digits(s, 10)}` } },
  aws_route_table_association: { forceNew: ['subnet_id', 'gateway_id'], computed: { id: prefixed('rtbassoc') } },
  aws_nat_gateway: ec2('nat', 'natgateway', ['subnet_id', 'allocation_id', 'connectivity_type'], { public_ip: (s) => `203.0.113.${parseInt(s.hex.slice(0, 2), 16)}`, private_ip: (s) => `10.0.0.${parseInt(s.hex.slice(2, 4), 16)}` }),
  aws_eip: ec2('eipalloc', 'elastic-ip', ['domain'], { allocation_id: prefixed('eipalloc'), public_ip: (s) => `198.51.100.${parseInt(s.hex.slice(0, 2), 16)}` }),
  aws_vpc_dhcp_options: ec2('dopt', 'dhcp-options', ['domain_name', 'domain_name_servers', 'ntp_servers']),
  aws_vpc_dhcp_options_association: { forceNew: ['vpc_id'], computed: { id: (s) => `${str(s.cfg.dhcp_options_id)}-${str(s.cfg.vpc_id)}` } },
  aws_iam_role: {
    forceNew: ['name', 'name_prefix', 'path'],
    computed: { id: (s) => nameOr(s), name: (s) => nameOr(s), arn: arn('iam', (s) => `role${str(s.cfg.path) || '/'}${nameOr(s)}`, true), unique_id: (s) => `AROA${upper(s, 17)}`, create_date: () => '2024-01-01T00:00:00Z' },
  },
  aws_iam_instance_profile: { forceNew: ['name', 'name_prefix', 'path'], computed: { id: (s) => nameOr(s), name: (s) => nameOr(s), arn: arn('iam', (s) => `instance-profile${str(s.cfg.path) || '/'}${nameOr(s)}`, true), unique_id: (s) => `AIPA${upper(s, 17)}` } },
  aws_iam_role_policy: { forceNew: ['name', 'name_prefix', 'role'], computed: { id: (s) => `${str(s.cfg.role)}:${nameOr(s)}`, name: (s) => nameOr(s) } },
  aws_iam_policy: { forceNew: ['name', 'name_prefix', 'path', 'description'], computed: { id: arn('iam', (s) => `policy/${nameOr(s)}`, true), arn: arn('iam', (s) => `policy/${nameOr(s)}`, true), policy_id: (s) => `ANPA${upper(s, 17)}` } },
  aws_iam_role_policy_attachment: { forceNew: ['role', 'policy_arn'], computed: { id: (s) => `${str(s.cfg.role)}-${digits(s, 26)}` } },
  aws_iam_openid_connect_provider: { forceNew: ['url'], computed: { id: arn('iam', (s) => `oidc-provider/${str(s.cfg.url).replace(/^https:\/\//, '')}`, true), arn: arn('iam', (s) => `oidc-provider/${str(s.cfg.url).replace(/^https:\/\//, '')}`, true) } },
  aws_key_pair: { forceNew: ['key_name', 'key_name_prefix', 'public_key'], computed: { id: (s) => nameOr(s, 'key_name'), key_name: (s) => nameOr(s, 'key_name'), key_pair_id: prefixed('key'), arn: arn('ec2', (s) => `key-pair/${nameOr(s, 'key_name')}`), fingerprint: (s) => (s.hex.slice(0, 32).match(/../g) ?? []).join(':') } },
  aws_launch_template: {
    forceNew: ['name', 'name_prefix'], volatile: ['latest_version'],
    computed: { id: prefixed('lt'), arn: arn('ec2', (s) => `launch-template/${prefixed('lt')(s)}`), latest_version: (s) => (typeof s.prior?.latest_version === 'number' ? s.prior.latest_version + 1 : 1), default_version: () => 1 },
  },
  aws_autoscaling_group: { forceNew: ['name', 'name_prefix'], computed: { id: (s) => nameOr(s), name: (s) => nameOr(s), arn: arn('autoscaling', (s) => `autoScalingGroup:${s.hex.slice(0, 8)}-${s.hex.slice(8, 12)}-${s.hex.slice(12, 16)}-${s.hex.slice(16, 20)}-${s.hex.slice(20, 32)}:autoScalingGroupName/${nameOr(s)}`) } },
  aws_autoscaling_lifecycle_hook: { forceNew: ['name', 'autoscaling_group_name'], computed: { id: (s) => str(s.cfg.name) } },
  aws_ebs_volume: ec2('vol', 'volume', ['availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id']),
  aws_route53_zone: {
    forceNew: ['name', 'delegation_set_id'],
    computed: {
      id: (s) => `Z${upper(s, 20)}`, zone_id: (s) => `Z${upper(s, 20)}`, arn: (s) => `arn:aws:route53:::hostedzone/Z${upper(s, 20)}`,
      name_servers: (s) => [1, 2, 3, 4].map((i) => `ns-${parseInt(s.hex.slice(i * 3, i * 3 + 3), 16) % 2048}.awsdns-${(i * 17) % 64}.${['com', 'net', 'org', 'co.uk'][i - 1]}`),
    },
  },
  aws_route53_record: { forceNew: ['zone_id', 'name', 'type'], computed: { id: (s) => `${str(s.cfg.zone_id)}_${str(s.cfg.name)}_${str(s.cfg.type)}`, fqdn: (s) => str(s.cfg.name) } },
  aws_sqs_queue: { forceNew: ['name', 'name_prefix', 'fifo_queue'], computed: { id: (s) => `https://sqs.${s.region}.amazonaws.com/${ACCOUNT}/${nameOr(s)}`, url: (s) => `https://sqs.${s.region}.amazonaws.com/${ACCOUNT}/${nameOr(s)}`, arn: arn('sqs', (s) => nameOr(s)) } },
  aws_cloudwatch_event_rule: { forceNew: ['name', 'name_prefix', 'event_bus_name'], computed: { id: (s) => nameOr(s), arn: arn('events', (s) => `rule/${nameOr(s)}`) } },
  aws_cloudwatch_event_target: { forceNew: ['rule', 'target_id', 'event_bus_name'], computed: { id: (s) => `${str(s.cfg.rule)}-${str(s.cfg.target_id) || `terraform-${digits(s, 26)}`}`, target_id: (s) => str(s.cfg.target_id) || `terraform-${digits(s, 26)}` } },
  aws_lb: { forceNew: ['name', 'name_prefix', 'internal', 'load_balancer_type'], computed: { id: arn('elasticloadbalancing', (s) => `loadbalancer/net/${nameOr(s)}/${s.hex.slice(0, 16)}`), arn: arn('elasticloadbalancing', (s) => `loadbalancer/net/${nameOr(s)}/${s.hex.slice(0, 16)}`), dns_name: (s) => `${nameOr(s)}-${s.hex.slice(0, 16)}.elb.${s.region}.amazonaws.com`, zone_id: () => 'Z26RNL4JYFTOTI' } },
  aws_lb_target_group: { forceNew: ['name', 'name_prefix', 'port', 'protocol', 'vpc_id', 'target_type'], computed: { id: arn('elasticloadbalancing', (s) => `targetgroup/${nameOr(s)}/${s.hex.slice(0, 16)}`), arn: arn('elasticloadbalancing', (s) => `targetgroup/${nameOr(s)}/${s.hex.slice(0, 16)}`) } },
  aws_lb_listener: { forceNew: ['load_balancer_arn'], computed: { id: arn('elasticloadbalancing', (s) => `listener/net/${s.hex.slice(0, 16)}/${s.hex.slice(16, 32)}`), arn: arn('elasticloadbalancing', (s) => `listener/net/${s.hex.slice(0, 16)}/${s.hex.slice(16, 32)}`) } },
  null_resource: { forceNew: '*', computed: { id: (s) => digits(s) } },
  terraform_data: { forceNew: ['triggers_replace'], computed: { id: (s) => `${s.hex.slice(0, 8)}-${s.hex.slice(8, 12)}-${s.hex.slice(12, 16)}-${s.hex.slice(16, 20)}-${s.hex.slice(20, 32)}`, output: (s) => s.cfg.input ?? null } },
  local_file: { forceNew: '*', computed: { id: (s) => createHash('sha1').update(str(s.cfg.content)).digest('hex') } },
  random_id: { forceNew: '*', computed: { id: (s) => Buffer.from(s.hex.slice(0, 2 * Number(s.cfg.byte_length ?? 8)), 'hex').toString('base64url'), hex: (s) => s.hex.slice(0, 2 * Number(s.cfg.byte_length ?? 8)) } },
  random_string: { forceNew: '*', computed: { id: (s) => s.hex.slice(0, Number(s.cfg.length ?? 16)), result: (s) => s.hex.slice(0, Number(s.cfg.length ?? 16)) } },
  random_password: { forceNew: '*', computed: { id: () => 'none', result: (s) => s.hex.slice(0, Number(s.cfg.length ?? 16)) } },
}

const GENERIC: TypeSchema = { forceNew: [], computed: { id: (s) => `sim-${hex17(s)}` } }

const zones = (s: Synth): Value[] => ['a', 'b', 'c'].map((z) => `${s.region}${z}`)

/** Data sources whose results differ from the resource of the same name. */
const DATA_SCHEMAS: Record<string, TypeSchema> = {
  aws_caller_identity: { forceNew: [], computed: { id: () => ACCOUNT, account_id: () => ACCOUNT, arn: () => `arn:aws:iam::${ACCOUNT}:user/sandbox`, user_id: (s) => `AIDA${upper(s, 17)}` } },
  aws_region: { forceNew: [], computed: { id: (s) => s.region, name: (s) => s.region, endpoint: (s) => `ec2.${s.region}.amazonaws.com` } },
  aws_partition: { forceNew: [], computed: { id: () => 'aws', partition: () => 'aws', dns_suffix: () => 'amazonaws.com' } },
  aws_availability_zones: { forceNew: [], computed: { id: (s) => s.region, names: zones, zone_ids: (s) => zones(s).map((_, i) => `use1-az${i + 1}`) } },
  aws_ami: { forceNew: [], computed: { id: (s) => `ami-${hex17(s)}`, image_id: (s) => `ami-${hex17(s)}`, architecture: () => 'x86_64' } },
  aws_vpc: { forceNew: [], computed: { id: prefixed('vpc'), cidr_block: () => '10.0.0.0/16', ipv6_cidr_block: () => '', owner_id: () => ACCOUNT, arn: arn('ec2', (s) => `vpc/${str(s.cfg.id) || prefixed('vpc')(s)}`) } },
  aws_subnet: { forceNew: [], computed: { id: prefixed('subnet'), cidr_block: () => '10.0.1.0/24', vpc_id: prefixed('vpc'), availability_zone: (s) => `${s.region}a`, owner_id: () => ACCOUNT } },
}

/** The simulated schema of a resource type (a generic one with just `id` for unknown types). */
export function schemaOf(type: string, mode: 'managed' | 'data' = 'managed'): TypeSchema {
  return (mode === 'data' ? DATA_SCHEMAS[type] : undefined) ?? SCHEMAS[type] ?? GENERIC
}

/** Whether changing `attr` forces replacement of a resource of this type. */
export function forcesNew(type: string, attr: string): boolean {
  const f = schemaOf(type).forceNew
  return f === '*' || f.includes(attr)
}

/** The hash seed of a resource's synthetic values: its address and configuration. */
export function seedOf(address: string, cfg: ValueObject): string {
  return createHash('sha256').update(`${address}\n${JSON.stringify(sortDeep(cfg))}`).digest('hex')
}

function sortDeep(v: Value): Value {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]))
  return v
}

/** The synthetic computed attributes of a new (or updated, with `prior`) object; `only` limits them. */
export function synthesize(type: string, mode: 'managed' | 'data', s: Synth, only?: readonly string[]): ValueObject {
  const out: ValueObject = {}
  for (const [attr, gen] of Object.entries(schemaOf(type, mode).computed)) {
    if (only && !only.includes(attr)) continue
    const given = s.cfg[attr]
    out[attr] = given !== undefined && given !== null && (attr !== 'id' || mode === 'data') ? given : gen(s)
  }
  return out
}

/** The computed attribute names of a type. */
export function computedAttrs(type: string, mode: 'managed' | 'data' = 'managed'): string[] {
  return Object.keys(schemaOf(type, mode).computed)
}

// The cluster.yaml check a run and `tasks validate` share: the demo's cluster.yaml with one edit,
// against this repository's own layers; each rule at its file:line:column with its exact words.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkClusterSettings } from '../../modules/config/cluster-schema.ts'
import { parseYaml } from '../../modules/config/yaml-doc.ts'
import { readLayerContract } from '../../modules/validate/layer-variables.ts'
import { REPO } from '../helpers/repo-copy.ts'

const FILE = 'clusters/demo/cluster.yaml'
const DEMO = readFileSync(join(REPO, FILE), 'utf8')
const contract = await readLayerContract(
  async (dir) => readdirSync(join(REPO, dir)),
  async (path) => readFileSync(join(REPO, path), 'utf8'),
)

/** Every problem of `text` as `line:column [rule] message | hint`. */
function problems(text: string): string[] {
  const parsed = parseYaml(FILE, text)
  if (!parsed.ok) throw new Error('not YAML')
  return checkClusterSettings(FILE, parsed.doc, 'demo', contract).problems.map((p) => `${p.at.line}:${p.at.column} [${p.rule}] ${p.message} | ${p.hint}`)
}

/** The demo's cluster.yaml with `from` replaced by `to` (which must be there). */
function edited(from: string, to: string): string {
  if (!DEMO.includes(from)) throw new Error(`demo has no ${from}`)
  return DEMO.replace(from, to)
}

t.test("the repository's clusters pass", async (t) => {
  for (const c of ['demo', 'example-dev', 'example-prod']) t.same(problems(readFileSync(join(REPO, 'clusters', c, 'cluster.yaml'), 'utf8')).length, 0, c)
})

const CASES: [name: string, from: string, to: string, expected: string[]][] = [
  ['a Kubernetes version', 'cluster_version: 1.28.9', 'cluster_version: banana', [
    '22:20 [kubernetes-version] "prerequisites.cluster_version" must be a Kubernetes version (MAJOR.MINOR.PATCH), not "banana" | write it like 1.28.9 or v1.28.9',
  ]],
  ['a version YAML reads as a number', 'cluster_version: 1.28.9', 'cluster_version: 1.28', [
    '22:20 [kubernetes-version] "prerequisites.cluster_version" must be a Kubernetes version (MAJOR.MINOR.PATCH), not "1.28" | write it like 1.28.9 or v1.28.9',
  ]],
  ['a CIDR prefix above 32', '10.0.0.0/16', '10.0.0.0/33', [
    '26:19 [cidr] "prerequisites.vpc_cidr_block" must be an IPv4 CIDR (ADDRESS/PREFIX), not "10.0.0.0/33": the prefix must be a number from 0 to 32 | write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16',
  ]],
  ['a CIDR octet above 255', '10.0.0.0/16', '10.0.256.0/16', [
    '26:19 [cidr] "prerequisites.vpc_cidr_block" must be an IPv4 CIDR (ADDRESS/PREFIX), not "10.0.256.0/16": the address must be four numbers from 0 to 255, like 10.0.0.0 | write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16',
  ]],
  ['a CIDR with host bits', '172.18.0.0/20', '172.18.0.1/20', [
    '27:26 [cidr] "prerequisites.shared_vpc_cidr_block" must be an IPv4 CIDR (ADDRESS/PREFIX), not "172.18.0.1/20": it has bits set after the prefix (did you mean "172.18.0.0/20"?) | write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16',
  ]],
  ['an address without a prefix', '172.18.0.0/20', '172.18.0.1', [
    '27:26 [cidr] "prerequisites.shared_vpc_cidr_block" must be an IPv4 CIDR (ADDRESS/PREFIX), not "172.18.0.1" (did you mean "172.18.0.1/32"?) | write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16',
  ]],
  ['a zone of another region', 'availability_zones: [us-east-1a, us-east-1b]', 'availability_zones: [us-east-1a, us-west-2b]', [
    '28:36 [zone-region] "prerequisites.availability_zones" names "us-west-2b", which is not a zone of the cluster\'s region us-east-1 | zones of us-east-1 are named us-east-1a, us-east-1b, …; fix the zone, or the region',
  ]],
  ['a region instead of a zone', 'cluster_master_azs: [us-east-1a]', 'cluster_master_azs: [us-east-1]', [
    '23:24 [zone] "prerequisites.cluster_master_azs.0" must be an AWS availability zone like us-east-1a, not "us-east-1" | write the region and a zone letter, e.g. us-east-1a',
  ]],
  ['a region that is none', 'region: us-east-1\n', 'region: us-east\n', [
    '5:9 [region] "region" must be an AWS region like us-east-1, not "us-east" | write the region code, e.g. us-east-1 or eu-west-1',
  ]],
  ['control-plane zones outside availability_zones', 'cluster_master_azs: [us-east-1a]', 'cluster_master_azs: [us-east-1c]', [
    '23:24 [master-zones] "prerequisites.cluster_master_azs" names "us-east-1c", which is not one of availability_zones (us-east-1a, us-east-1b) | add it to availability_zones, or pick one of those (did you mean "us-east-1a"?)',
  ]],
  ['an even number of control-plane zones', 'cluster_master_azs: [us-east-1a]', 'cluster_master_azs: [us-east-1a, us-east-1b]', [
    '23:23 [master-count] "prerequisites.cluster_master_azs" names 2 zones: etcd needs an odd number of control-plane nodes to keep a majority | list 1 or 3 zones',
  ]],
  ['a zone listed twice', 'availability_zones: [us-east-1a, us-east-1b]', 'availability_zones: [us-east-1a, us-east-1b, us-east-1a]', [
    '28:48 [zone-duplicate] "prerequisites.availability_zones" names "us-east-1a" twice | list each zone once',
  ]],
  ['a subnet map without a zone', 'nat_gateway_ids: { us-east-1a: nat-0d3m00000000000a, us-east-1b: nat-0d3m00000000000b }', 'nat_gateway_ids: { us-east-1a: nat-0d3m00000000000a }', [
    '31:20 [zone-map] "prerequisites.nat_gateway_ids" has no entry for zone "us-east-1b" of availability_zones | add us-east-1b: <its NAT gateway ID>',
  ]],
  ['a subnet map keyed by another zone', 'us-east-1b: subnet-0d3m00000000000b1', 'us-east-1c: subnet-0d3m00000000000b1', [
    '29:22 [zone-map] "prerequisites.public_subnet_ids" has no entry for zone "us-east-1b" of availability_zones | add us-east-1b: <its subnet ID>',
    '29:62 [zone-map] "prerequisites.public_subnet_ids" has an entry for "us-east-1c", which is not one of availability_zones (us-east-1a, us-east-1b) | key it by a zone of availability_zones (did you mean "us-east-1a"?), or add the zone there',
  ]],
  ['an instance type without its size', '  kops_ami_id:', '  kops_master_machine_type: m5large\n  kops_ami_id:', [
    '24:29 [instance-type] "prerequisites.kops_master_machine_type" must be an EC2 instance type like m5.large (FAMILY.SIZE), not "m5large" | write FAMILY.SIZE, e.g. t3.medium or m5.large',
  ]],
  ['an AMI ID that is not hex', 'ami-0123456789abcdef0', 'ami-0123456789abcdefg', [
    '24:16 [ami-id] "prerequisites.kops_ami_id" must be an AMI ID (ami- and 8 or 17 hex digits), not "ami-0123456789abcdefg" | write the image ID, e.g. ami-0123456789abcdef0',
  ]],
  ['a VPC ID without its prefix', 'vpc_id: vpc-0d3m0000000000001', 'vpc_id: 0d3m0000000000001', [
    '25:11 [vpc-id] "prerequisites.vpc_id" must be a VPC ID like vpc-0123456789abcdef0, not "0d3m0000000000001" | write vpc- and the ID AWS shows for it',
  ]],
  ['a subnet ID of another kind', 'us-east-1a: subnet-0d3m00000000000a2', 'us-east-1a: sn-0d3m00000000000a2', [
    '30:37 [subnet-id] "prerequisites.private_subnet_ids.us-east-1a" must be a subnet ID like subnet-0123456789abcdef0, not "sn-0d3m00000000000a2" | write subnet- and the ID AWS shows for it',
  ]],
  ['a role name instead of its ARN', 'devops_role: arn:aws:iam::000000000000:role/demo-devops', 'devops_role: demo-devops', [
    '33:16 [role-arn] "prerequisites.devops_role" must be an IAM role ARN like arn:aws:iam::123456789012:role/NAME, not "demo-devops" | write arn:aws:iam::ACCOUNT:role/NAME, as the IAM console shows it',
  ]],
  ['an unknown variable, with the closest one', 'cluster_version: 1.28.9', 'cluster_verison: 1.28.9', [
    '18:1 [prerequisites-missing] missing required variable in "prerequisites": cluster_version (no default in 1-prerequisites) | add it under prerequisites:, as 1-prerequisites/variables.tf describes',
    '22:3 [prerequisites-unknown] unknown variable "prerequisites.cluster_verison" (did you mean "cluster_version"?): 1-prerequisites declares no such variable | fix its name, or remove it: the variables of the layer are declared in 1-prerequisites/*.tf',
  ]],
  ['a single value where a list belongs', 'cluster_master_azs: [us-east-1a]', 'cluster_master_azs: us-east-1a', [
    '23:23 [prerequisites-type] "prerequisites.cluster_master_azs" must be a list (type list(string) in 1-prerequisites), not "us-east-1a" | write a YAML list, e.g. [us-east-1a, us-east-1b]',
  ]],
  ['a list where a mapping belongs', '  kops_ami_id:', '  node_cloud_labels: [team]\n  kops_ami_id:', [
    '24:22 [prerequisites-type] "prerequisites.node_cloud_labels" must be a mapping (type map(string) in 1-prerequisites), not a list | write a YAML mapping, e.g. { key: value }',
  ]],
  ['a variable written without its value', 'kops_ami_id: ami-0123456789abcdef0', 'kops_ami_id:', [
    '24:3 [prerequisites-type] "prerequisites.kops_ami_id" has no value | write its value: the variable has no default',
  ]],
  ['min size above max size', '  kops_ami_id:', '  kops_worker_machine_min_size: 5\n  kops_ami_id:', [
    '24:33 [size-range] "prerequisites.kops_worker_machine_min_size" is 5, more than kops_worker_machine_max_size (3) | lower the min size or raise the max size',
  ]],
  ['a gossip cluster with a DNS name', 'cluster_name: demo.k8s.local', 'cluster_name: demo.example.com', [
    '21:17 [gossip-name] "prerequisites.cluster_name" "demo.example.com" does not end in .k8s.local, as a gossip cluster\'s name must (gossip_cluster is true by default) | end the name in .k8s.local, or set gossip_cluster: false to use a Route53 zone',
  ]],
  ['a missing backend', '  kops: { bucket: demo-terraform-state, key: demo/2-kops.tfstate, region: us-east-1 }\n', '', [
    '15:1 [required-setting] missing required setting "backends.kops" (the S3 backend of the 2-kops layer) | add backends.kops: { bucket: <state bucket>, key: demo/2-kops.tfstate, region: <its region> }',
  ]],
]

for (const [name, from, to, expected] of CASES) {
  t.test(name, async (t) => t.same(problems(edited(from, to)), expected))
}

t.test('an empty cluster.yaml (or only comments) stops at 1:1, with the keys it needs', async (t) => {
  const hint = 'write its settings: profile, region, backends.prerequisites, backends.kops and prerequisites (project_short, environment, cluster_name, cluster_version, cluster_master_azs, kops_ami_id, vpc_id, vpc_cidr_block, shared_vpc_cidr_block, availability_zones, public_subnet_ids, private_subnet_ids, nat_gateway_ids, ssh_pub_key_path, devops_role); README.md ("cluster.yaml") describes them'
  for (const text of ['', '# to be written\n', '---\n']) t.same(problems(text), [`1:1 [cluster-empty] cluster.yaml holds no settings: every run of this cluster would stop | ${hint}`], JSON.stringify(text))
})

t.test('an incomplete cluster.yaml: each missing setting at the file', async (t) => {
  t.same(problems('# half done\nregion: us-east-1\nprofile: demo\n'), [
    '1:1 [required-setting] missing required setting "backends.prerequisites" (the S3 backend of the 1-prerequisites layer) | add backends.prerequisites: { bucket: <state bucket>, key: demo/1-prerequisites.tfstate, region: <its region> }',
    '1:1 [required-setting] missing required setting "backends.kops" (the S3 backend of the 2-kops layer) | add backends.kops: { bucket: <state bucket>, key: demo/2-kops.tfstate, region: <its region> }',
    '1:1 [prerequisites-missing] missing required variables in "prerequisites": project_short, environment, cluster_name, cluster_version, cluster_master_azs, kops_ami_id, vpc_id, vpc_cidr_block, shared_vpc_cidr_block, availability_zones, public_subnet_ids, private_subnet_ids, nat_gateway_ids, ssh_pub_key_path, devops_role (no default in 1-prerequisites) | add them under prerequisites:, as 1-prerequisites/variables.tf describes',
  ])
  t.same(problems(edited('region: us-east-1\n', '')), [
    '1:1 [required-setting] missing required setting "region" (AWS region (AWS_REGION); the 1-prerequisites layer needs it) | add region: us-east-1',
  ], 'region, which the layer gets from the top level')
})

t.test('prerequisites that is not a mapping: the schema says so once, no variable is reported missing', async (t) => {
  t.same(problems(edited('prerequisites:\n  project_short: demo\n', 'prerequisites: [project_short]\nunused:\n  project_short: demo\n')), [
    '18:16 [cluster-yaml] "prerequisites" must be a mapping (variables of the 1-prerequisites layer), not a list | undefined',
    '19:1 [cluster-yaml] unknown setting "unused"; known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template | undefined',
  ])
})

t.test('without the kOps layers (a graph of its own) only the schema and emptiness count', async (t) => {
  const parsed = parseYaml(FILE, 'region: anywhere\nprerequisites: { cluster_version: banana }\n')
  t.ok(parsed.ok)
  if (parsed.ok) t.same(checkClusterSettings(FILE, parsed.doc, 'demo').problems, [])
})

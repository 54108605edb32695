// The two Terraform layers parse with a real HCL parser, and 1-prerequisites' outputs are the
// values contract the cluster template reads.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@cdktf/hcl2json'
import { REPO } from '../helpers/repo-copy.ts'

type Hcl = Record<string, Record<string, unknown>>

async function layer(name: string): Promise<Record<string, Hcl>> {
  const dir = join(REPO, name)
  const parsed: Record<string, Hcl> = {}
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.tf'))) parsed[f] = (await parse(f, readFileSync(join(dir, f), 'utf8'))) as Hcl
  return parsed
}

const CONTRACT = [
  'project_short', 'profile', 'region', 'environment', 'cluster_name', 'cluster_version', 'etcd_clusters_version',
  'networking_calico_major_version', 'cluster_master_azs', 'cluster_api_elb_extra_security_group', 'kops_master_machine_type',
  'kops_master_machine_max_size', 'kops_master_machine_min_size', 'node_cloud_labels', 'kops_worker_machine_type',
  'kops_worker_machine_max_size', 'kops_worker_machine_min_size', 'kops_worker_machine_types_karpenter', 'kops_s3_bucket',
  'kops_ami_id', 'gossip_cluster', 'hosted_zone_id', 'vpc_id', 'vpc_cidr_block', 'availability_zones', 'public_subnet_ids',
  'private_subnet_ids', 'nat_gateway_ids', 'shared_vpc_cidr_block', 'ssh_pub_key_path', 'devops_role', 'irsa_enabled',
  'irsa_bucket_name', 'karpenter_enabled',
]

t.test('1-prerequisites: every file parses; the outputs are the template\'s values contract', async (t) => {
  const files = await layer('1-prerequisites')
  t.same(Object.keys(files).sort(), ['config.tf', 'dns.tf', 'irsa.tf', 'locals.tf', 'outputs.tf', 'state-bucket.tf', 'variables.tf'])
  t.same(Object.keys(files['outputs.tf'].output).sort(), [...CONTRACT].sort())
  const template = readFileSync(join(REPO, '2-kops/cluster-template.yml.eta'), 'utf8')
  const used = [...new Set([...template.matchAll(/\bit\.([a-z_0-9]+)/g)].map((m) => m[1]))].filter((n) => n !== 'settings' && n !== 'outputs')
  t.same(used.filter((n) => !CONTRACT.includes(n)), [], 'the template reads no value the layer does not output')
  const resources = files['state-bucket.tf'].resource
  t.same(Object.keys(resources).sort(), ['aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning'])
  t.match(JSON.stringify(resources.aws_s3_bucket_policy), /aws:SecureTransport/, 'the state bucket is TLS-only')
  const config = files['config.tf'] as unknown as { terraform: { backend: { s3: unknown[] }; required_version: string }[] }
  t.same(config.terraform[0].backend.s3, [{}], 'a partial S3 backend: bucket, key and region come from -backend-config')
})

t.test('2-kops: the default provider, the aws.files alias kOps needs, a partial S3 backend', async (t) => {
  const files = await layer('2-kops')
  const config = files['config.tf'] as unknown as { provider: { aws: { alias?: string }[] }; terraform: { backend: { s3: unknown[] } }[] }
  t.same(config.provider.aws.map((p) => p.alias ?? '(default)'), ['(default)', 'files'])
  t.same(config.terraform[0].backend.s3, [{}], 'bucket, key and region come from -backend-config')
})

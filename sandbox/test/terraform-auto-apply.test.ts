// The sandbox's opt-in auto-apply, on the real 1-prerequisites layer: `terraform output -json` of a
// never-applied state yields the layer's declared outputs from the cluster's variables.
import t from 'tap'
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runTerraform } from '../terraform/cmd/main.ts'

const LAYER = fileURLToPath(new URL('../../1-prerequisites/', import.meta.url))
const VARS = {
  project_short: 'demo', profile: 'demo', region: 'us-east-1', environment: 'demo', cluster_name: 'demo.k8s.local',
  cluster_version: '1.28.9', cluster_master_azs: ['us-east-1a'], kops_ami_id: 'ami-0123456789abcdef0', vpc_id: 'vpc-0a1',
  vpc_cidr_block: '10.0.0.0/16', shared_vpc_cidr_block: '172.18.0.0/20', availability_zones: ['us-east-1a', 'us-east-1b'],
  public_subnet_ids: { 'us-east-1a': 'subnet-a', 'us-east-1b': 'subnet-b' }, private_subnet_ids: { 'us-east-1a': 'subnet-pa', 'us-east-1b': 'subnet-pb' },
  nat_gateway_ids: { 'us-east-1a': 'nat-a', 'us-east-1b': 'nat-b' }, ssh_pub_key_path: 'clusters/demo/id_rsa.pub', devops_role: 'arn:aws:iam::000000000000:role/devops',
}

function layer(vars: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'prereq-'))
  for (const f of readdirSync(LAYER).filter((f) => f.endsWith('.tf'))) copyFileSync(join(LAYER, f), join(dir, f))
  writeFileSync(join(dir, 'terraform.tfvars.json'), JSON.stringify(vars))
  return { dir, env: { TASKS_SANDBOX_DIR: join(dir, '.sandbox'), TF_IN_AUTOMATION: '1' } }
}

t.test('a never-applied state prints {} unless auto-apply is on', async (t) => {
  const { dir, env } = layer(VARS)
  t.equal((await runTerraform(['init', '-input=false', '-backend-config=bucket=sb', '-backend-config=key=demo/1.tfstate', '-backend-config=region=us-east-1'], dir, env)).code, 0)
  t.same(await runTerraform(['output', '-json'], dir, env), { code: 0, stdout: '{}\n', stderr: '' }, 'faithful by default')
  const auto = await runTerraform(['output', '-json'], dir, { ...env, TASKS_SANDBOX_AUTO_APPLY: '1' })
  t.equal(auto.code, 0)
  const outputs = JSON.parse(auto.stdout)
  t.equal(Object.keys(outputs).length, 34, 'every output of outputs.tf')
  t.same(outputs.kops_s3_bucket, { sensitive: false, type: 'string', value: 'demo-demo-kops-state-demo-k8s-local' })
  t.same(outputs.hosted_zone_id, { sensitive: false, type: 'string', value: '' }, 'gossip: no zone')
  t.same(outputs.irsa_bucket_name.value, 'demo-demo-irsa-demo-k8s-local')
  t.same(outputs.public_subnet_ids.value, VARS.public_subnet_ids)
  const plan = await runTerraform(['plan', '-input=false', '-no-color', '-detailed-exitcode'], dir, env)
  t.equal(plan.code, 0, 'the state now holds the applied layer: nothing to change')
})

t.test('a non-gossip cluster gets its Route53 zone id', async (t) => {
  const { dir, env } = layer({ ...VARS, gossip_cluster: false, cluster_name: 'prod.k8s.acme.io' })
  await runTerraform(['init', '-input=false', '-backend-config=bucket=sb', '-backend-config=key=prod/1.tfstate', '-backend-config=region=us-east-1'], dir, env)
  const outputs = JSON.parse((await runTerraform(['output', '-json'], dir, { ...env, TASKS_SANDBOX_AUTO_APPLY: '1' })).stdout)
  t.match(outputs.hosted_zone_id.value, /^Z[0-9A-Z]+$/)
})

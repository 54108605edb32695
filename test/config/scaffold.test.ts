// The pure half of `tasks new-cluster`: a cluster.yaml made from another's, with its own names,
// state keys and paths, and everything else (comments, layout, quoting) exactly as written.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { scaffoldClusterYaml, type ScaffoldInput } from '../../modules/config/scaffold.ts'
import { scaffoldOutputs } from '../../modules/config/scaffold-outputs.ts'
import { REPO } from '../helpers/repo-copy.ts'

const lines = (...l: string[]): string => `${l.join('\n')}\n`
const input = (text: string, from: string, name: string): ScaffoldInput => ({ text, from, name, clustersDir: 'clusters', stateDir: '.tasks' })

/** clusters/demo/cluster.yaml as it was when this was written (the live file is checked below too). */
const DEMO = lines(
  '# The demo cluster: runs on the sandbox simulators (sandbox/), no AWS account needed.',
  'description: A gossip cluster on the sandbox, for trying tasks out',
  'sandbox: true',
  'profile: demo',
  'region: us-east-1',
  '# The sandbox is signed in to 000000000000 (TASKS_SANDBOX_ACCOUNT): every demo run checks it.',
  'account: "000000000000"',
  'sshPublicKey: clusters/demo/id_ed25519.pub',
  'env:',
  '  # The sandbox terraform applies a never-applied 1-prerequisites state when its outputs are read,',
  '  # so `cluster-update` works on a fresh clone (real clusters run 1-prerequisites:apply first).',
  '  TASKS_SANDBOX_AUTO_APPLY: "1"',
  "  # A fixed clock for the simulators, so the demo's generated files are the same on every machine.",
  '  TASKS_SANDBOX_NOW: "2026-01-01T00:00:00Z"',
  'backends:',
  '  prerequisites: { bucket: demo-terraform-state, key: demo/1-prerequisites.tfstate, region: us-east-1 }',
  '  kops: { bucket: demo-terraform-state, key: demo/2-kops.tfstate, region: us-east-1 }',
  'prerequisites:',
  '  project_short: demo',
  '  environment: demo',
  '  cluster_name: demo.k8s.local',
  '  cluster_version: 1.28.9',
  '  cluster_master_azs: [us-east-1a]',
  '  kops_ami_id: ami-0123456789abcdef0',
  '  vpc_id: vpc-0d3m0000000000001',
  '  vpc_cidr_block: 10.0.0.0/16',
  '  shared_vpc_cidr_block: 172.18.0.0/20',
  '  availability_zones: [us-east-1a, us-east-1b]',
  '  public_subnet_ids: { us-east-1a: subnet-0d3m00000000000a1, us-east-1b: subnet-0d3m00000000000b1 }',
  '  private_subnet_ids: { us-east-1a: subnet-0d3m00000000000a2, us-east-1b: subnet-0d3m00000000000b2 }',
  '  nat_gateway_ids: { us-east-1a: nat-0d3m00000000000a, us-east-1b: nat-0d3m00000000000b }',
  '  ssh_pub_key_path: clusters/demo/id_ed25519.pub',
  '  devops_role: arn:aws:iam::000000000000:role/demo-devops',
)

const DEMO_CHANGES = [
  { path: 'sshPublicKey', from: 'clusters/demo/id_ed25519.pub', to: 'clusters/demo-b/id_ed25519.pub' },
  { path: 'backends.prerequisites.key', from: 'demo/1-prerequisites.tfstate', to: 'demo-b/1-prerequisites.tfstate' },
  { path: 'backends.kops.key', from: 'demo/2-kops.tfstate', to: 'demo-b/2-kops.tfstate' },
  { path: 'prerequisites.project_short', from: 'demo', to: 'demo-b' },
  { path: 'prerequisites.environment', from: 'demo', to: 'demo-b' },
  { path: 'prerequisites.cluster_name', from: 'demo.k8s.local', to: 'demo-b.k8s.local' },
  { path: 'prerequisites.ssh_pub_key_path', from: 'clusters/demo/id_ed25519.pub', to: 'clusters/demo-b/id_ed25519.pub' },
]

t.test('demo → demo-b: its own names, keys and paths; every comment and line of layout kept', async (t) => {
  const made = scaffoldClusterYaml(input(DEMO, 'demo', 'demo-b'))
  t.equal(made.text, lines(
    '# The demo cluster: runs on the sandbox simulators (sandbox/), no AWS account needed.',
    'description: A gossip cluster on the sandbox, for trying tasks out',
    'sandbox: true',
    'profile: demo',
    'region: us-east-1',
    '# The sandbox is signed in to 000000000000 (TASKS_SANDBOX_ACCOUNT): every demo run checks it.',
    'account: "000000000000"',
    'sshPublicKey: clusters/demo-b/id_ed25519.pub',
    'env:',
    '  # The sandbox terraform applies a never-applied 1-prerequisites state when its outputs are read,',
    '  # so `cluster-update` works on a fresh clone (real clusters run 1-prerequisites:apply first).',
    '  TASKS_SANDBOX_AUTO_APPLY: "1"',
    "  # A fixed clock for the simulators, so the demo's generated files are the same on every machine.",
    '  TASKS_SANDBOX_NOW: "2026-01-01T00:00:00Z"',
    'backends:',
    '  prerequisites: { bucket: demo-terraform-state, key: demo-b/1-prerequisites.tfstate, region: us-east-1 }',
    '  kops: { bucket: demo-terraform-state, key: demo-b/2-kops.tfstate, region: us-east-1 }',
    'prerequisites:',
    '  project_short: demo-b',
    '  environment: demo-b',
    '  cluster_name: demo-b.k8s.local',
    '  cluster_version: 1.28.9',
    '  cluster_master_azs: [us-east-1a]',
    '  kops_ami_id: ami-0123456789abcdef0',
    '  vpc_id: vpc-0d3m0000000000001',
    '  vpc_cidr_block: 10.0.0.0/16',
    '  shared_vpc_cidr_block: 172.18.0.0/20',
    '  availability_zones: [us-east-1a, us-east-1b]',
    '  public_subnet_ids: { us-east-1a: subnet-0d3m00000000000a1, us-east-1b: subnet-0d3m00000000000b1 }',
    '  private_subnet_ids: { us-east-1a: subnet-0d3m00000000000a2, us-east-1b: subnet-0d3m00000000000b2 }',
    '  nat_gateway_ids: { us-east-1a: nat-0d3m00000000000a, us-east-1b: nat-0d3m00000000000b }',
    '  ssh_pub_key_path: clusters/demo-b/id_ed25519.pub',
    '  devops_role: arn:aws:iam::000000000000:role/demo-devops',
  ))
  t.same(made.changes, DEMO_CHANGES, 'in document order')
  t.same(made.files, ['id_ed25519.pub'], 'the key file its paths point at')
  t.same(made.review, {
    account: ['account', 'profile', 'region', 'prerequisites.devops_role'],
    network: ['prerequisites.vpc_id', 'prerequisites.vpc_cidr_block', 'prerequisites.public_subnet_ids', 'prerequisites.private_subnet_ids', 'prerequisites.nat_gateway_ids'],
    mentions: ['backends.prerequisites.bucket', 'backends.kops.bucket'],
    comments: [1, 6, 13],
  })
})

t.test("the repository's own demo gets the same changes", async (t) => {
  const made = scaffoldClusterYaml(input(readFileSync(`${REPO}/clusters/demo/cluster.yaml`, 'utf8'), 'demo', 'demo-b'))
  t.same(made.changes, DEMO_CHANGES)
})

t.test('a cluster named apart from its cluster_name: the name part and the key segment follow cluster_name', async (t) => {
  const text = readFileSync(`${REPO}/clusters/example-prod/cluster.yaml`, 'utf8')
  const made = scaffoldClusterYaml(input(text, 'example-prod', 'prod-b'))
  t.same(made.changes.map((c) => `${c.path}: ${c.from} → ${c.to}`), [
    'sshPublicKey: clusters/example-prod/id_rsa.pub → clusters/prod-b/id_rsa.pub',
    'backends.prerequisites.key: k8s/prod/1-prerequisites.tfstate → k8s/prod-b/1-prerequisites.tfstate',
    'backends.kops.key: k8s/prod/2-kops.tfstate → k8s/prod-b/2-kops.tfstate',
    'prerequisites.cluster_name: prod.k8s.acme.io → prod-b.k8s.acme.io',
    'prerequisites.dns_zone_name: prod.k8s.acme.io → prod-b.k8s.acme.io',
    'prerequisites.ssh_pub_key_path: clusters/example-prod/id_rsa.pub → clusters/prod-b/id_rsa.pub',
  ])
  t.same(made.review.mentions, ['backends.prerequisites.bucket', 'backends.prerequisites.dynamodb_table', 'backends.kops.bucket', 'backends.kops.dynamodb_table', 'prerequisites.environment'])
  t.equal(made.text.split('\n').filter((l, i) => l !== text.split('\n')[i]).length, 6, 'six lines differ, no other')
})

t.test('every path into the source directory, quoting kept, a name that would not read back as text quoted', async (t) => {
  const made = scaffoldClusterYaml({ ...input(lines(
    '# prod-eu: the EU production cluster',
    'name: prod-eu.example.com',
    "profile: 'acme-prod-eu'",
    'sshPublicKey: "./clusters/prod-eu/keys/admin.pub"',
    'env:',
    '  KUBECONFIG_COPY: .tasks/kube/prod-eu/config',
    '  CA: /srv/repo/clusters/prod-eu/ca.pem',
    '  OTHER: clusters/prod-eu-old/x  # not ours',
    '  NOTE: |',
    '    clusters/prod-eu/notes stays in a block',
    'backends:',
    '  prerequisites: { bucket: tf, key: terraform.tfstate }',
    "  kops: { bucket: tf, key: 'eu/prod-eu.tfstate' }",
    'prerequisites:',
    '  project_short: prod-eu',
    '  environment: production',
    '  cluster_name: prod-eu.example.com',
    '  dns_zone_name: example.com',
    '  ssh_pub_key_path: clusters/prod-eu/outputs.json',
    '  extra_key_path: clusters/prod-eu/../shared/admin.pub',
  ), 'prod-eu', 'true'), clustersDir: './clusters/' })
  t.equal(made.text, lines(
    '# prod-eu: the EU production cluster',
    'name: true.example.com',
    "profile: 'acme-prod-eu'",
    'sshPublicKey: "./clusters/true/keys/admin.pub"',
    'env:',
    '  KUBECONFIG_COPY: .tasks/kube/true/config',
    '  CA: /srv/repo/clusters/true/ca.pem',
    '  OTHER: clusters/prod-eu-old/x  # not ours',
    '  NOTE: |',
    '    clusters/prod-eu/notes stays in a block',
    'backends:',
    '  prerequisites: { bucket: tf, key: true/terraform.tfstate }',
    "  kops: { bucket: tf, key: 'eu/true.tfstate' }",
    'prerequisites:',
    '  project_short: "true"',
    '  environment: production',
    '  cluster_name: true.example.com',
    '  dns_zone_name: example.com',
    '  ssh_pub_key_path: clusters/true/outputs.json',
    '  extra_key_path: clusters/true/../shared/admin.pub',
  ))
  t.same(made.files, ['keys/admin.pub'], 'a generated file (outputs.json), a path outside the project or out through .. is not copied')
  t.same(made.review, { account: ['profile'], network: ['prerequisites.dns_zone_name'], mentions: ['env.OTHER', 'env.NOTE'], comments: [1] })
})

t.test('when NAME is the source cluster_name, nothing derived from it changes (the command refuses the clash)', async (t) => {
  const made = scaffoldClusterYaml(input(lines('prerequisites:', '  cluster_name: dev.k8s.local', 'backends:', '  kops: { bucket: b, key: k8s/dev/2-kops.tfstate }'), 'example-dev', 'dev'))
  t.same(made.changes, [{ path: 'backends.kops.key', from: 'k8s/dev/2-kops.tfstate', to: 'dev/k8s/dev/2-kops.tfstate' }], 'the key still differs: NAME/ in front')
})

t.test('mock outputs: the new values, bucket names derived only where the source followed the layer naming', async (t) => {
  const out = (value: unknown, sensitive = false) => ({ sensitive, type: 'string', value })
  const before = { profile: 'demo', prerequisites: { project_short: 'demo', environment: 'demo', cluster_name: 'demo.k8s.local' } }
  const after = { profile: 'demo', prerequisites: { project_short: 'demo-b', environment: 'demo-b', cluster_name: 'demo-b.k8s.local' } }
  const text = JSON.stringify({
    cluster_name: out('demo.k8s.local'),
    kops_s3_bucket: out('demo-demo-kops-state-demo-k8s-local'),
    irsa_bucket_name: out('hand-made-bucket'),
    profile: out('demo'),
    token: out('(sensitive)', true),
  })
  const made = scaffoldOutputs(text, before, after)
  t.same(made?.changes, [
    { path: 'cluster_name', from: 'demo.k8s.local', to: 'demo-b.k8s.local' },
    { path: 'kops_s3_bucket', from: 'demo-demo-kops-state-demo-k8s-local', to: 'demo-b-demo-b-kops-state-demo-b-k8s-local' },
  ])
  t.same(JSON.parse(made?.text ?? '{}').irsa_bucket_name, out('hand-made-bucket'), 'not the layer naming: kept')
  t.same(JSON.parse(made?.text ?? '{}').token, out('(sensitive)', true))
  t.match(made?.text, /^\{\n {2}"cluster_name": \{\n {4}"sensitive": false,/, 'terraform output -json layout')
  t.equal(scaffoldOutputs('not json', before, after), undefined)
  t.equal(scaffoldOutputs('[]', before, after), undefined)
})

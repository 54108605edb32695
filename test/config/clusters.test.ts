// cluster.yaml is checked on load, as `tasks validate` checks it: each problem at its file:line:column.
import t from 'tap'
import { readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { formatFailure } from '../../modules/diag/mod.ts'
import { listClusters, loadCluster, scanClusters, sharedSettings } from '../../modules/config/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'
import { REPO } from '../helpers/repo-copy.ts'

async function load(yaml: string) {
  const root = makeProject({ 'clusters/prod/cluster.yaml': yaml })
  const r = await loadCluster(nodeFileSystem, root, 'clusters', 'prod')
  return r.ok ? r.cluster : formatFailure(r.failure)
}

t.test('a complete cluster.yaml loads', async (t) => {
  const cluster = await load([
    'profile: acme-prod',
    'region: eu-west-1',
    'protected: true',
    'kopsVersion: "1.28.4"',
    'terraformVersion: ">= 1.5, < 2.0"',
    'backends:',
    '  prerequisites: { bucket: acme-tf, key: prod/1-prerequisites.tfstate, region: eu-west-1 }',
    '  kops: { bucket: acme-tf, key: prod/2-kops.tfstate }',
    'prerequisites:',
    '  cluster_name: prod.k8s.acme.io',
    '  cluster_master_azs: [eu-west-1a, eu-west-1b, eu-west-1c]',
    'template:',
    '  topology: private',
    '  bastion: { machineType: t3.micro }',
    '  instanceGroups:',
    '  - { name: spot, machineType: m5.large, minSize: 0, maxSize: 10, spot: true, labels: { workload: batch } }',
    '',
  ].join('\n'))
  t.match(cluster, { name: 'prod', dir: 'clusters/prod', settings: { profile: 'acme-prod', protected: true, template: { instanceGroups: [{ name: 'spot' }] } } })
})

t.test('problems point at the offending key or value', async (t) => {
  t.equal(await load('region: eu-west-1\nprotectd: true\n'), [
    'clusters/prod/cluster.yaml:2:1 unknown setting "protectd" (did you mean "protected"?); known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template',
    '  protectd: true',
    '  ^',
  ].join('\n'))
  // protect: a list of globs; "!GLOB" must name a default exactly.
  t.equal(await load('region: eu-west-1\nprotect:\n- aws_iam_role.*\n- "!aws_ebs_volume.etcd*"\n'), [
    'clusters/prod/cluster.yaml:4:3 "!aws_ebs_volume.etcd*" names no default protected glob; the defaults are aws_ebs_volume.*, aws_s3_bucket.*, aws_route53_zone.*, aws_kms_key.*, aws_dynamodb_table.*, aws_efs_file_system.*, aws_db_instance.*, aws_rds_cluster.*, aws_secretsmanager_secret.* (a "!" entry must repeat a default exactly)',
    '  - "!aws_ebs_volume.etcd*"',
    '    ^',
  ].join('\n'))
  t.equal(await load('region: eu-west-1\nprotect: true\n'), 'clusters/prod/cluster.yaml:2:1 "protect" must be a list (resource address globs a plan may not delete or replace without --allow-replace; "!GLOB" stops protecting a default), not true\n  protect: true\n  ^')
  t.equal(await load('region: eu-west-1\nprotected: "yes"\n'), 'clusters/prod/cluster.yaml:2:1 "protected" must be a boolean (refuse teardown without --allow-protected), not "yes"\n  protected: "yes"\n  ^')
  t.equal(await load('template:\n  topology: hybrid\n'), 'clusters/prod/cluster.yaml:2:3 "template.topology" must be one of private, public, not "hybrid"\n    topology: hybrid\n    ^')
  t.equal(
    await load('template:\n  instanceGroups:\n  - name: a\n    machineType: m5.large\n    minSize: 0\n    maxSize: 2\n  - name: b\n    minSize: 1\n    maxSize: 2\n'),
    'clusters/prod/cluster.yaml:7:5 missing required setting "template.instanceGroups.1.machineType" (EC2 instance type)\n    - name: b\n      ^',
  )
  t.equal(await load('backends:\n  kops: { bucket: b }\n'), 'clusters/prod/cluster.yaml:2:3 missing required setting "backends.kops.key" (state object key)\n    kops: { bucket: b }\n    ^')
  t.equal(await load('- a\n- b\n'), 'clusters/prod/cluster.yaml:1:1 the file must be a mapping (cluster settings), not a list\n  - a\n  ^')
})

// ── with the kOps layers: a run refuses what `tasks validate` refuses ──

const DEMO = readFileSync(join(REPO, 'clusters/demo/cluster.yaml'), 'utf8')

/** A project with this repository's layers (their .tf files) and the given cluster.yaml files. */
function layered(clusters: Record<string, string>): string {
  const files: Record<string, string> = { '2-kops/config.tf': readFileSync(join(REPO, '2-kops/config.tf'), 'utf8') }
  for (const f of readdirSync(join(REPO, '1-prerequisites'))) files[`1-prerequisites/${f}`] = readFileSync(join(REPO, '1-prerequisites', f), 'utf8')
  for (const [name, yaml] of Object.entries(clusters)) files[`clusters/${name}/cluster.yaml`] = yaml
  return makeProject(files)
}

async function loadIn(root: string, name = 'demo') {
  const r = await loadCluster(nodeFileSystem, root, 'clusters', name)
  return r.ok ? r.cluster : formatFailure(r.failure)
}

t.test('a complete cluster loads; a wrong prerequisites value stops the run at its value, counting the rest', async (t) => {
  t.match(await loadIn(layered({ demo: DEMO })), { name: 'demo', settings: { prerequisites: { cluster_version: '1.28.9' } } })
  const broken = DEMO.replace('cluster_version: 1.28.9', 'cluster_version: banana').replace('10.0.0.0/16', '10.0.0.0/33')
  t.equal(await loadIn(layered({ demo: broken })), [
    'clusters/demo/cluster.yaml:22:20 "prerequisites.cluster_version" must be a Kubernetes version (MAJOR.MINOR.PATCH), not "banana"',
    '    cluster_version: banana',
    '                     ^',
    'hint: write it like 1.28.9 or v1.28.9; `npx tasks validate --cluster demo` lists both problems of this file.',
  ].join('\n'))
})

t.test('an empty cluster.yaml stops the run at 1:1, listing what it needs', async (t) => {
  t.equal(await loadIn(layered({ demo: '# to do\n' })), [
    'clusters/demo/cluster.yaml:1:1 cluster.yaml holds no settings: every run of this cluster would stop',
    '  # to do',
    '  ^',
    'hint: write its settings: profile, region, backends.prerequisites, backends.kops and prerequisites (project_short, environment, cluster_name, cluster_version, cluster_master_azs, kops_ami_id, vpc_id, vpc_cidr_block, shared_vpc_cidr_block, availability_zones, public_subnet_ids, private_subnet_ids, nat_gateway_ids, ssh_pub_key_path, devops_role); README.md ("cluster.yaml") describes them.',
  ].join('\n'))
  t.equal(await load(''), 'clusters/prod/cluster.yaml:1:1 cluster.yaml holds no settings: every run of this cluster would stop\n  \n  ^\nhint: write its settings: profile and region; README.md ("cluster.yaml") describes them.', 'a project without the layers too')
})

t.test('a cluster without its backends stops on load, not in terraform init', async (t) => {
  const yaml = DEMO.replace(/^backends:\n( {2}.*\n)+/m, '')
  t.equal(await loadIn(layered({ demo: yaml })), [
    'clusters/demo/cluster.yaml:1:1 missing required setting "backends.prerequisites" (the S3 backend of the 1-prerequisites layer)',
    '  # The demo cluster: runs on the sandbox simulators (sandbox/), no AWS account needed.',
    '  ^',
    'hint: add backends.prerequisites: { bucket: <state bucket>, key: demo/1-prerequisites.tfstate, region: <its region> }; `npx tasks validate --cluster demo` lists both problems of this file.',
  ].join('\n'))
})

t.test('sharedSettings: a copy of a cluster is refused, naming the file it copies', async (t) => {
  const root = layered({ demo: DEMO, 'demo-b': DEMO, other: DEMO.replaceAll('demo', 'other') })
  const failures = await sharedSettings(nodeFileSystem, root, 'clusters', ['demo-b'], ['demo', 'demo-b', 'other'])
  t.same(failures.map((f) => formatFailure(f).split('\n')[0]), [
    'clusters/demo-b/cluster.yaml:16:55 backends.prerequisites (bucket "demo-terraform-state", key "demo/1-prerequisites.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:16:55): the clusters would share one Terraform state',
    'clusters/demo-b/cluster.yaml:17:46 backends.kops (bucket "demo-terraform-state", key "demo/2-kops.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:17:46): the clusters would share one Terraform state',
    'clusters/demo-b/cluster.yaml:21:17 "prerequisites.cluster_name" "demo.k8s.local" is also the cluster name of cluster "demo" (clusters/demo/cluster.yaml:21:17): kOps would manage both as one cluster',
  ])
  t.equal(formatFailure(failures[2]), 'clusters/demo-b/cluster.yaml:21:17 "prerequisites.cluster_name" "demo.k8s.local" is also the cluster name of cluster "demo" (clusters/demo/cluster.yaml:21:17): kOps would manage both as one cluster\n    cluster_name: demo.k8s.local\n                  ^\nhint: give each cluster its own name, e.g. demo-b.k8s.local.')
  t.same(await sharedSettings(nodeFileSystem, root, 'clusters', ['other'], ['demo', 'demo-b', 'other']), [], 'a cluster of its own')
})

t.test('a long value is quoted cut, not whole', async (t) => {
  t.equal(await load(`protected: ${'y'.repeat(5000)}\n`), `clusters/prod/cluster.yaml:1:1 "protected" must be a boolean (refuse teardown without --allow-protected), not "${'y'.repeat(80)}"…\n  protected: ${'y'.repeat(189)}…\n  ^`)
})

t.test('entries of the clusters directory that cannot be looked into are skipped, with why', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': 'region: eu-west-1\n', 'clusters/locked/cluster.yaml': 'region: eu-west-1\n', 'clusters/README.md': '# clusters\n' })
  symlinkSync('nowhere', join(root, 'clusters/gone'))
  symlinkSync('loop', join(root, 'clusters/loop'))
  const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
  const fs = { ...nodeFileSystem, stat: async (path: string) => (path.includes('/locked/') ? Promise.reject(denied) : nodeFileSystem.stat(path)) }
  t.same(await scanClusters(fs, root, 'clusters'), {
    names: ['a'],
    unreadable: [
      { path: 'clusters/gone', why: 'a symbolic link to nothing' },
      { path: 'clusters/locked', why: 'permission denied (EACCES)' },
      { path: 'clusters/loop', why: 'a loop of symbolic links (ELOOP)' },
    ],
  })
  const warned: string[] = []
  t.same(await listClusters(fs, root, 'clusters', (m) => warned.push(m)), ['a'])
  t.same(warned, ['skipping clusters/gone: a symbolic link to nothing', 'skipping clusters/locked: permission denied (EACCES)', 'skipping clusters/loop: a loop of symbolic links (ELOOP)'])
  const loaded = await loadCluster(nodeFileSystem, root, 'clusters', 'loop')
  t.same(loaded, { ok: false, failure: { reason: 'unreadable', path: 'clusters/loop/cluster.yaml', what: 'cluster settings', detail: 'a loop of symbolic links (ELOOP)', hint: 'clusters/loop must be a directory holding a readable cluster.yaml: fix or remove it.' } })
})

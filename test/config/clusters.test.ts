// cluster.yaml is checked against its schema, each problem at its file:line:column.
import t from 'tap'
import { formatFailure } from '../../modules/diag/mod.ts'
import { loadCluster } from '../../modules/config/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'

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
  t.equal(await load('region: eu-west-1\nprotect: true\n'), [
    'clusters/prod/cluster.yaml:2:1 unknown setting "protect" (did you mean "protected"?); known settings here are description, profile, region, account, name, sandbox, protected, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template',
    '  protect: true',
    '  ^',
  ].join('\n'))
  t.equal(await load('region: eu-west-1\nprotected: "yes"\n'), 'clusters/prod/cluster.yaml:2:1 "protected" must be a boolean (refuse teardown without --allow-protected), not "yes"\n  protected: "yes"\n  ^')
  t.equal(await load('template:\n  topology: hybrid\n'), 'clusters/prod/cluster.yaml:2:3 "template.topology" must be one of private, public, not "hybrid"\n    topology: hybrid\n    ^')
  t.equal(
    await load('template:\n  instanceGroups:\n  - name: a\n    machineType: m5.large\n    minSize: 0\n    maxSize: 2\n  - name: b\n    minSize: 1\n    maxSize: 2\n'),
    'clusters/prod/cluster.yaml:7:5 missing required setting "template.instanceGroups.1.machineType" (EC2 instance type)\n    - name: b\n      ^',
  )
  t.equal(await load('backends:\n  kops: { bucket: b }\n'), 'clusters/prod/cluster.yaml:2:3 missing required setting "backends.kops.key" (state object key)\n    kops: { bucket: b }\n    ^')
  t.equal(await load('- a\n- b\n'), 'clusters/prod/cluster.yaml:1:1 the file must be a mapping (cluster settings), not a list\n  - a\n  ^')
})

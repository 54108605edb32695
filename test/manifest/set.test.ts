// Whole-set rules (API_RULES §5): they apply when the file holds a Cluster and InstanceGroups
// (or, with `complete`, must hold both), by mutating the project's rendered manifests.
import t from 'tap'
import { error, found, mutate, project, throughTheCli } from './helpers.ts'

const demo = project('demo')
const D = 'clusters/demo/cluster.yml'
const split = demo.text.indexOf('---')
const clusterOnly = { file: demo.file, text: demo.text.slice(0, split) }
const groupsOnly = { file: demo.file, text: demo.text.slice(split) }

t.test('a control-plane group and a node group', async (t) => {
  t.strictSame(found(mutate(demo, ['role: Master', 'role: Node'])), [
    error(`${D}:4:1`, 'set-no-control-plane', 'must configure at least one ControlPlane InstanceGroup'),
    error(`${D}:46:22`, 'etcd-member-not-control-plane', 'spec.etcdClusters[0].etcdMembers[0].instanceGroup: Invalid value: "master-us-east-1a": InstanceGroup "master-us-east-1a" has role Node, but etcd members run on control-plane instance groups'),
    error(`${D}:52:22`, 'etcd-member-not-control-plane', 'spec.etcdClusters[1].etcdMembers[0].instanceGroup: Invalid value: "master-us-east-1a": InstanceGroup "master-us-east-1a" has role Node, but etcd members run on control-plane instance groups'),
  ])
  t.strictSame(found(mutate(demo, ['role: Node', 'role: Master'])), [
    error(`${D}:4:1`, 'set-no-node', 'must configure at least one Node InstanceGroup'),
    error(`${D}:163:9`, 'etcd-missing-control-plane', 'InstanceGroup "nodes" with role Master must have a member in etcd cluster "main"'),
    error(`${D}:163:9`, 'etcd-missing-control-plane', 'InstanceGroup "nodes" with role Master must have a member in etcd cluster "events"'),
  ])
})

t.test("each group's subnets are the Cluster's", async (t) => {
  t.strictSame(found(mutate(demo, ['  - us-east-1b\n', '  - us-east-1d\n'])), [
    error(`${D}:173:5`, 'ig-subnet-not-found', 'spec.subnets[1]: Not found: "us-east-1d"'),
  ])
})

t.test("a group's zones agree with its subnets' zones", async (t) => {
  t.strictSame(found(mutate(demo, ['  role: Node\n', '  role: Node\n  zones:\n  - us-east-1a\n  - us-east-1c\n'])), [
    error(`${D}:173:5`, 'ig-zones', 'spec.zones[1]: Invalid value: "us-east-1c": none of the InstanceGroup\'s subnets is in this zone'),
    error(`${D}:176:5`, 'ig-zones', 'spec.subnets[1]: Invalid value: "us-east-1b": subnet "us-east-1b" is in zone "us-east-1b", which is not in the InstanceGroup\'s zones (us-east-1a, us-east-1c)'),
  ])
  t.strictSame(found(mutate(demo, ['  role: Node\n', '  role: Node\n  zones:\n  - us-east-1a\n  - us-east-1b\n'])), [])
})

t.test('instance group names are unique', async (t) => {
  t.strictSame(found(mutate(demo, ['  name: nodes', '  name: master-us-east-1a'])), [
    error(`${D}:163:9`, 'ig-duplicate-name', 'metadata.name: Duplicate value: "master-us-east-1a"'),
  ])
})

t.test('a Cluster-only or InstanceGroup-only file is legal; `complete` asks for both', async (t) => {
  t.strictSame(found(clusterOnly), [])
  t.strictSame(found(groupsOnly), [])
  t.strictSame(found(clusterOnly, { complete: true }), [
    error(`${D}:4:1`, 'set-no-instance-group', 'must configure at least one InstanceGroup'),
  ])
  t.strictSame(found(groupsOnly, { complete: true }), [
    error(`${D}:1:1`, 'set-no-cluster', 'no Cluster document: a cluster manifest needs one kind: Cluster'),
  ])
  t.strictSame(found(demo, { complete: true }), [])
  t.strictSame(found({ file: 'empty.yml', text: '' }), [])
})

t.test('several Clusters in one file: groups belong to the Cluster their label names', async (t) => {
  const dev = project('example-dev')
  const prod = project('example-prod')
  t.strictSame(found({ file: 'both.yml', text: `${dev.text}---\n${prod.text}` }), [])
  const stray = mutate(dev, ['kops.k8s.io/cluster: dev.k8s.local\n  name: batch-spot', 'kops.k8s.io/cluster: stage.k8s.local\n  name: batch-spot'])
  t.strictSame(found({ file: 'both.yml', text: `${stray.text}---\n${prod.text}` }), [
    error('both.yml:183:26', 'ig-cluster-label-mismatch', 'metadata.labels["kops.k8s.io/cluster"]: Invalid value: "stage.k8s.local": does not name a Cluster of this file ("dev.k8s.local", "prod.k8s.acme.io")'),
  ])
  t.strictSame(found({ file: 'twice.yml', text: `${demo.text}---\n${demo.text}` }), [
    error('twice.yml:180:9', 'cluster-duplicate-name', 'metadata.name: Duplicate value: "demo.k8s.local"'),
    error('twice.yml:317:9', 'ig-duplicate-name', 'metadata.name: Duplicate value: "master-us-east-1a"'),
    error('twice.yml:337:9', 'ig-duplicate-name', 'metadata.name: Duplicate value: "nodes"'),
  ])
})

throughTheCli()

// etcd rules (API_RULES §4), by mutating clusters/demo/cluster.yml (one control plane) and
// clusters/example-prod/cluster.yml (three).
import t from 'tap'
import { error, found, mutate, project, warning, throughTheCli } from './helpers.ts'

const demo = project('demo')
const prod = project('example-prod')
const D = 'clusters/demo/cluster.yml'
const P = 'clusters/example-prod/cluster.yml'
const ODD = 'Should be an odd number of control-plane-zones for quorum. Use --zones and --control-plane-zones to declare node zones and control-plane zones separately'

t.test('an even number of members is an error', async (t) => {
  t.strictSame(found(mutate(prod, ['    - instanceGroup: master-eu-west-1c\n      name: c\n      encryptedVolume: true\n    name: main', '    name: main'])), [
    error(`${P}:46:5`, 'etcd-odd-members', `spec.etcdClusters[0].etcdMembers: Invalid value: 2: ${ODD}`),
    error(`${P}:198:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-eu-west-1c" with role Master must have a member in etcd cluster "main"'),
  ])
})

t.test('two members on one instance group is a warning', async (t) => {
  t.strictSame(found(mutate(prod, ['instanceGroup: master-eu-west-1c', 'instanceGroup: master-eu-west-1b', 2])), [
    warning(`${P}:65:22`, 'etcd-same-instance-group', 'EtcdMembers are in the same InstanceGroup "master-eu-west-1b" in etcd-cluster "events" (fault-tolerance may be reduced)'),
    error(`${P}:201:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-eu-west-1c" with role Master must have a member in etcd cluster "events"'),
  ])
})

t.test('etcd clusters are main, events or cilium, each once, each with members', async (t) => {
  t.strictSame(found(mutate(demo, ['name: events', 'name: event'])), [
    error(`${D}:55:11`, 'etcd-name', 'spec.etcdClusters[1].name: Unsupported value: "event": supported values: "main", "events", "cilium"'),
  ])
  t.strictSame(found(mutate(demo, ['name: events', 'name: main'])), [
    error(`${D}:55:11`, 'etcd-duplicate-name', 'spec.etcdClusters[1].name: Duplicate value: "main"'),
  ])
  const events = '  - etcdMembers:\n    - instanceGroup: master-us-east-1a\n      name: a\n      encryptedVolume: true\n    name: events'
  t.strictSame(found(mutate(demo, [events, '  - etcdMembers: []\n    name: events'])), [
    error(`${D}:51:5`, 'etcd-no-members', 'spec.etcdClusters[1].etcdMembers: Required value: No members defined in etcd cluster'),
    error(`${D}:140:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-us-east-1a" with role Master must have a member in etcd cluster "events"'),
  ])
  t.strictSame(found(mutate(demo, ['  etcdClusters:', '  etcdClusterz:'])), [
    error(`${D}:7:1`, 'required-field', 'spec.etcdClusters: Required value'),
  ])
})

t.test('members have a unique name and an instance group', async (t) => {
  t.strictSame(found(mutate(prod, ['name: b', 'name: a', 1])), [
    error(`${P}:51:13`, 'etcd-duplicate-member', 'EtcdMembers found with same name "a" in etcd-cluster "main"'),
  ])
  t.strictSame(found(mutate(demo, ['      name: a\n', '', 1])), [
    error(`${D}:46:7`, 'required-field', 'spec.etcdClusters[0].etcdMembers[0].name: Required value: etcdMember did not have name'),
  ])
  t.strictSame(found(mutate(demo, ['    - instanceGroup: master-us-east-1a\n      name: a', '    - name: a', 2])), [
    error(`${D}:52:7`, 'required-field', 'spec.etcdClusters[1].etcdMembers[0].instanceGroup: Required value: etcdMember did not have instanceGroup'),
    error(`${D}:142:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-us-east-1a" with role Master must have a member in etcd cluster "events"'),
  ])
})

t.test('members run on existing control-plane groups, and every control plane is in every etcd cluster', async (t) => {
  t.strictSame(found(mutate(demo, ['instanceGroup: master-us-east-1a', 'instanceGroup: master-us-east-1b', 1])), [
    error(`${D}:46:22`, 'etcd-member-unknown-instance-group', 'spec.etcdClusters[0].etcdMembers[0].instanceGroup: Not found: "master-us-east-1b"'),
    error(`${D}:143:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-us-east-1a" with role Master must have a member in etcd cluster "main"'),
  ])
  t.strictSame(found(mutate(demo, ['instanceGroup: master-us-east-1a', 'instanceGroup: nodes', 2])), [
    error(`${D}:52:22`, 'etcd-member-not-control-plane', 'spec.etcdClusters[1].etcdMembers[0].instanceGroup: Invalid value: "nodes": InstanceGroup "nodes" has role Node, but etcd members run on control-plane instance groups'),
    error(`${D}:143:9`, 'etcd-missing-control-plane', 'InstanceGroup "master-us-east-1a" with role Master must have a member in etcd cluster "events"'),
  ])
  t.strictSame(found(mutate(demo, ['role: Master', 'role: ControlPlane'])), [], 'ControlPlane is the newer spelling of Master')
})

t.test('without instance groups in the file, members are not cross-checked', async (t) => {
  const clusterOnly = { file: demo.file, text: mutate(demo, ['instanceGroup: master-us-east-1a', 'instanceGroup: master-us-east-1b', 1]).text.split('---')[0] }
  t.strictSame(found(clusterOnly), [])
})

throughTheCli()

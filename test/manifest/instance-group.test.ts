// InstanceGroup rules (API_RULES §3), by mutating the project's rendered manifests.
import t from 'tap'
import { error, found, mutate, project, throughTheCli } from './helpers.ts'

const demo = project('demo')
const dev = project('example-dev')
const D = 'clusters/demo/cluster.yml'
const V = 'clusters/example-dev/cluster.yml'
/** Adds lines to the demo's "nodes" group, after its role. */
const nodes = (lines: string) => mutate(demo, ['  role: Node\n', `  role: Node\n${lines}`])

t.test('role is required and one of the v1alpha2 roles', async (t) => {
  t.strictSame(found(mutate(demo, ['role: Master', 'role: Mastr'])), [
    error(`${D}:150:9`, 'ig-role', 'spec.role: Unsupported value: "Mastr": supported values: "ControlPlane", "Master", "Node", "Bastion", "APIServer"'),
  ], 'the set and etcd checks do not pile on')
  t.strictSame(found(mutate(demo, ['  role: Node\n', ''])), [
    error(`${D}:164:1`, 'required-field', 'spec.role: Required value: Role must be set'),
  ])
})

t.test('a control-plane group names at least one subnet', async (t) => {
  t.strictSame(found(mutate(demo, ['  subnets:\n  - us-east-1a\n---', '  subnets: []\n---'])), [
    error(`${D}:151:3`, 'ig-control-plane-subnets', 'spec.subnets: Required value: master InstanceGroup must specify at least one Subnet'),
  ])
})

t.test('maxSize is at least minSize', async (t) => {
  t.strictSame(found(mutate(demo, ['maxSize: 3', 'maxSize: 0'])), [
    error(`${D}:168:12`, 'ig-max-size', 'spec.maxSize: Invalid value: 0: maxSize must be greater than or equal to minSize.'),
  ])
})

t.test('enumerated fields take known values', async (t) => {
  t.strictSame(found(mutate(project('example-prod'), ['manager: Karpenter', 'manager: karpenter'])), [
    error('clusters/example-prod/cluster.yml:223:12', 'ig-manager', 'spec.manager: Unsupported value: "karpenter": supported values: "CloudGroup", "Karpenter"'),
  ])
  t.strictSame(found(nodes('  rootVolumeType: gp4\n  rootVolumeIops: -1\n')), [
    error(`${D}:171:19`, 'ig-root-volume-type', 'spec.rootVolumeType: Unsupported value: "gp4": supported values: "standard", "gp3", "gp2", "io1", "io2"'),
    error(`${D}:172:19`, 'ig-root-volume', 'spec.rootVolumeIops: Invalid value: -1: RootVolumeIOPS must be greater than 0'),
  ])
  t.strictSame(found(nodes('  tenancy: shared\n  updatePolicy: sometimes\n')), [
    error(`${D}:171:12`, 'ig-tenancy', 'spec.tenancy: Unsupported value: "shared": supported values: "default", "dedicated", "host"'),
    error(`${D}:172:17`, 'update-policy', 'spec.updatePolicy: Unsupported value: "sometimes": supported values: "automatic", "external"'),
  ])
  t.strictSame(found(nodes('  rootVolumeType: io2\n  tenancy: dedicated\n  updatePolicy: external\n  manager: CloudGroup\n')), [])
  t.strictSame(found(mutate(demo, ['kubernetesVersion: 1.28.9', 'kubernetesVersion: latest', 3])), [
    error(`${D}:166:22`, 'kubernetes-version', 'spec.kubernetesVersion: Invalid value: "latest": unable to determine kubernetes version'),
  ])
})

t.test('additional user data has a name, content and a cloud-init type', async (t) => {
  const parts = '  additionalUserData:\n  - name: a.sh\n    type: text/x-shellscrip\n    content: echo\n  - name: b.sh\n    type: text/x-shellscript\n'
  t.strictSame(found(nodes(parts)), [
    error(`${D}:173:11`, 'ig-user-data-type', 'spec.additionalUserData[0].type: Unsupported value: "text/x-shellscrip": supported values: "text/x-include-once-url", "text/x-include-url", "text/cloud-config-archive", "text/upstart-job", "text/cloud-config", "text/part-handler", "text/x-shellscript", "text/cloud-boothook"'),
    error(`${D}:175:5`, 'required-field', 'spec.additionalUserData[1].content: Required value: field must be set'),
  ])
})

t.test('taints parse, with one taint per key; node label keys have at most one slash', async (t) => {
  t.strictSame(found(mutate(dev, ['dedicated=batch:NoSchedule', 'dedicated=batch:NoSchedul'])), [
    error(`${V}:206:5`, 'ig-taint', 'spec.taints[0]: Invalid value: "dedicated=batch:NoSchedul": invalid taint value'),
  ])
  t.strictSame(found(mutate(dev, ['  - dedicated=batch:NoSchedule\n', '  - dedicated=batch:NoSchedule\n  - dedicated=other:NoExecute\n'])), [
    error(`${V}:207:5`, 'ig-taint-duplicate-key', 'spec.taints[1]: Forbidden: cannot add multiple taints with key "dedicated"'),
  ])
  t.strictSame(found(mutate(dev, ['  - dedicated=batch:NoSchedule\n', '  - dedicated:NoSchedule\n  - spot=true:PreferNoSchedule\n'])), [], 'a value is optional')
  t.strictSame(found(mutate(dev, ['    workload: "batch"', '    example.com/a/workload: "batch"'])), [
    error(`${V}:200:5`, 'ig-node-label', 'spec.nodeLabels: Invalid value: "example.com/a/workload": Node label may only contain a single slash'),
  ])
  t.strictSame(found(mutate(dev, ['    workload: "batch"', '    example.com/workload: "batch"'])), [])
})

t.test('a warm pool: Node or APIServer groups only, no mixed instances, no spot', async (t) => {
  t.strictSame(found(mutate(dev, ['  minSize: 0\n', '  minSize: 0\n  warmPool:\n    maxSize: 2\n'])), [
    error(`${V}:189:3`, 'ig-warm-pool', 'spec.warmPool: Forbidden: warm pool cannot be combined with a mixed instances policy'),
  ])
  t.strictSame(found(mutate(dev, ['  minSize: 0\n', '  minSize: 0\n  warmPool:\n    maxSize: 0\n'])), [], 'maxSize 0 turns it off')
  t.strictSame(found(mutate(dev, ['  role: Master\n', '  role: Master\n  warmPool: {}\n'])), [
    error(`${V}:151:3`, 'ig-warm-pool', 'spec.warmPool: Forbidden: warm pool only allowed on instance groups with role Node or APIServer'),
  ])
  t.strictSame(found(mutate(dev, ['  kubelet:\n    anonymousAuth: false\n', '  kubelet:\n    anonymousAuth: false\n  warmPool:\n    minSize: 1\n'])), [
    error(`${V}:191:3`, 'ig-warm-pool', 'spec.warmPool: Forbidden: warm pool cannot be combined with a mixed instances policy'),
  ], "the Cluster's warm pool applies to its Node groups")
  t.strictSame(found(nodes('  maxPrice: "0.05"\n  warmPool: {}\n')), [
    error(`${D}:171:3`, 'ig-warm-pool', 'spec.warmPool: Forbidden: warm pool cannot be used with spot instances'),
  ])
})

throughTheCli()

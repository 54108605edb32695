// Cluster spec rules (API_RULES §2): required fields, version, networking, address ranges,
// topology, the API load balancer and the update policy, by mutating clusters/demo/cluster.yml.
import t from 'tap'
import { error, found, mutate, project, throughTheCli } from './helpers.ts'

const demo = project('demo')
const D = 'clusters/demo/cluster.yml'
const CALICO = 'networking:\n    calico:\n      majorVersion: v3\n'
const POD_RANGE = 'nonMasqueradeCIDR: 100.64.0.0/10'

t.test('kubernetesVersion and cloudProvider are required; the version must parse', async (t) => {
  t.strictSame(found(mutate(demo, ['  kubernetesVersion: 1.28.9\n  masterInternalName', '  masterInternalName'])), [
    error(`${D}:7:1`, 'required-field', 'spec.kubernetesVersion: Required value'),
  ], 'at the spec: key')
  t.strictSame(found(mutate(demo, ['kubernetesVersion: 1.28.9\n  masterInternalName', 'kubernetesVersion: 1.28.x\n  masterInternalName'])), [
    error(`${D}:64:22`, 'kubernetes-version', 'spec.kubernetesVersion: Invalid value: "1.28.x": unable to determine kubernetes version'),
  ])
  t.strictSame(found(mutate(demo, ['kubernetesVersion: 1.28.9\n  masterInternalName', 'kubernetesVersion: v1.28.9\n  masterInternalName'])), [])
  t.strictSame(found(mutate(demo, ['  cloudProvider: aws\n', ''])), [
    error(`${D}:7:1`, 'required-field', 'spec.cloudProvider: Required value'),
  ])
})

t.test('exactly one networking option', async (t) => {
  t.strictSame(found(mutate(demo, [CALICO, 'networking: {}\n'])), [
    error(`${D}:72:3`, 'networking-none', 'spec.networking: Required value: no networking option set'),
  ])
  t.strictSame(found(mutate(demo, [`  ${CALICO}`, ''])), [
    error(`${D}:7:1`, 'networking-none', 'spec.networking: Required value: no networking option set'),
  ])
  t.strictSame(found(mutate(demo, [CALICO, `${CALICO}    cilium: {}\n`])), [
    error(`${D}:75:5`, 'networking-multiple', 'spec.networking.cilium: Forbidden: only one networking option permitted'),
  ])
  t.strictSame(found(mutate(demo, [CALICO, 'networking:\n    classic: {}\n'])), [
    error(`${D}:73:5`, 'networking-classic', 'spec.networking: Invalid value: "classic": classic networking is not supported'),
  ])
  t.strictSame(found(mutate(demo, [CALICO, 'networking:\n    kubenet: {}\n'], [POD_RANGE, 'nonMasqueradeCIDR: ::/0'])), [
    error(`${D}:73:5`, 'networking-kubenet-ipv6', 'spec.networking.kubenet: Forbidden: Kubenet does not support IPv6'),
  ])
})

t.test('CIDRs parse and are canonical, IPv4 and IPv6 (prefix lists allowed in access lists)', async (t) => {
  t.strictSame(found(mutate(demo, ['networkCIDR: 10.0.0.0/16', 'networkCIDR: 10.0.0.1/16'])), [
    error(`${D}:67:16`, 'cidr-not-canonical', 'spec.networkCIDR: Invalid value: "10.0.0.1/16": Network contains bits outside prefix (did you mean "10.0.0.0/16")'),
  ])
  t.strictSame(found(mutate(demo, ['172.18.0.0/20', '2001:db8::1/64', 1])), [
    error(`${D}:63:5`, 'cidr-not-canonical', 'spec.kubernetesApiAccess[0]: Invalid value: "2001:db8::1/64": Network contains bits outside prefix (did you mean "2001:db8::/64")'),
  ])
  t.strictSame(found(mutate(demo, ['172.18.0.0/20', '172.18.0.1', 2])), [
    error(`${D}:82:5`, 'cidr-invalid', 'spec.sshAccess[0]: Invalid value: "172.18.0.1": Could not be parsed as a CIDR (did you mean "172.18.0.1/32")'),
  ])
  t.strictSame(found(mutate(demo, ['172.18.0.0/20', '172.18.0.0/33', 1])), [
    error(`${D}:63:5`, 'cidr-invalid', 'spec.kubernetesApiAccess[0]: Invalid value: "172.18.0.0/33": Could not be parsed as a CIDR'),
  ])
  t.strictSame(found(mutate(demo, ['172.18.0.0/20', '2001:db8::zz/64', 1])), [
    error(`${D}:63:5`, 'cidr-invalid', 'spec.kubernetesApiAccess[0]: Invalid value: "2001:db8::zz/64": Could not be parsed as a CIDR'),
  ])
  t.strictSame(found(mutate(demo, ['172.18.0.0/20', 'pl-0123456789abcdef0', 1])), [], 'an AWS prefix list')
})

t.test('the pod range does not overlap the VPC, unless pods live in it', async (t) => {
  const overlap = [POD_RANGE, 'nonMasqueradeCIDR: 10.0.0.0/8'] as [string, string]
  t.strictSame(found(mutate(demo, overlap)), [
    error(`${D}:75:22`, 'non-masquerade-overlap', 'spec.nonMasqueradeCIDR: Forbidden: nonMasqueradeCIDR "10.0.0.0/8" cannot overlap with networkCIDR "10.0.0.0/16"'),
  ])
  t.strictSame(found(mutate(demo, overlap, [CALICO, 'networking:\n    cilium: {}\n'])), [
    error(`${D}:74:22`, 'non-masquerade-overlap', 'spec.nonMasqueradeCIDR: Forbidden: nonMasqueradeCIDR "10.0.0.0/8" cannot overlap with networkCIDR "10.0.0.0/16"'),
  ])
  t.strictSame(found(mutate(demo, overlap, [CALICO, 'networking:\n    amazonvpc: {}\n'])), [], 'amazonvpc routes pods in the VPC')
  t.strictSame(found(mutate(demo, overlap, [CALICO, 'networking:\n    cilium:\n      ipam: eni\n'])), [], 'so does cilium with ENI IPAM')
  t.strictSame(found(mutate(demo, ['  networkID:', '  additionalNetworkCIDRs:\n  - 100.64.0.0/16\n  networkID:'])), [
    error(`${D}:77:22`, 'non-masquerade-overlap', 'spec.nonMasqueradeCIDR: Forbidden: nonMasqueradeCIDR "100.64.0.0/10" cannot overlap with additionalNetworkCIDRs[0] "100.64.0.0/16"'),
  ])
  t.strictSame(found(mutate(demo, [POD_RANGE, 'nonMasqueradeCIDR: fd00::/64'])), [
    error(`${D}:75:22`, 'non-masquerade-ipv6', 'spec.nonMasqueradeCIDR: Forbidden: IPv6 clusters must have a nonMasqueradeCIDR of "::/0"'),
  ])
  t.strictSame(found(mutate(demo, [`  ${POD_RANGE}\n`, ''])), [
    error(`${D}:7:1`, 'required-field', 'spec.nonMasqueradeCIDR: Required value: Cluster did not have nonMasqueradeCIDR set'),
  ])
  t.strictSame(found(mutate(demo, ['  networkCIDR: 10.0.0.0/16\n', ''])), [
    error(`${D}:7:1`, 'required-field', 'spec.networkCIDR: Required value: Cluster did not have networkCIDR set'),
  ])
})

t.test('the service range lies inside the pod range', async (t) => {
  t.strictSame(found(mutate(demo, [`  ${POD_RANGE}\n`, `  ${POD_RANGE}\n  serviceClusterIPRange: 10.96.0.0/12\n`])), [
    error(`${D}:76:26`, 'service-range-outside-non-masquerade', 'spec.serviceClusterIPRange: Forbidden: serviceClusterIPRange "10.96.0.0/12" must be a subnet of nonMasqueradeCIDR "100.64.0.0/10"'),
  ])
  t.strictSame(found(mutate(demo, [`  ${POD_RANGE}\n`, `  ${POD_RANGE}\n  serviceClusterIPRange: 100.64.0.0/13\n`])), [])
})

t.test('topology, API load balancer and update policy take known values', async (t) => {
  t.strictSame(found(mutate(demo, ['masters: private', 'masters: Private'])), [
    error(`${D}:114:14`, 'topology', 'spec.topology.masters: Unsupported value: "Private": supported values: "public", "private"'),
  ])
  t.strictSame(found(mutate(demo, ['type: Private\n    masters', 'type: private\n    masters'])), [
    error(`${D}:113:13`, 'topology-dns-type', 'spec.topology.dns.type: Unsupported value: "private": supported values: "Public", "Private", "None"'),
  ])
  t.strictSame(found(mutate(demo, ['type: Internal', 'type: internal'])), [
    error(`${D}:14:13`, 'api-load-balancer-type', 'spec.api.loadBalancer.type: Unsupported value: "internal": supported values: "Public", "Internal"'),
  ])
  t.strictSame(found(mutate(demo, ['class : Network', 'class : NLB'])), [
    error(`${D}:15:15`, 'api-load-balancer-class', 'spec.api.loadBalancer.class: Unsupported value: "NLB": supported values: "Classic", "Network"'),
  ])
  t.strictSame(found(mutate(demo, ['  kubelet:\n    anonymousAuth: false\n', '  kubelet:\n    anonymousAuth: false\n  updatePolicy: manual\n'])), [
    error(`${D}:133:17`, 'update-policy', 'spec.updatePolicy: Unsupported value: "manual": supported values: "automatic", "external"'),
  ])
})

t.test('a bastion needs private topology', async (t) => {
  const prod = project('example-prod')
  const P = 'clusters/example-prod/cluster.yml'
  t.strictSame(found(mutate(prod, ['masters: private', 'masters: public'])), [
    error(`${P}:134:5`, 'bastion-topology', 'spec.topology.bastion: Forbidden: bastion requires masters and nodes to have private topology'),
    error(`${P}:259:9`, 'bastion-topology', 'InstanceGroup "bastions" has role Bastion, but bastion requires masters and nodes to have private topology'),
  ], 'both the topology.bastion block and the Bastion group')
})

throughTheCli()

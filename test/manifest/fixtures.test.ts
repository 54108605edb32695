// The same rules on the kOps test manifests bundled in test/fixtures (other eras, legacy apiVersion, shared
// VPCs and subnets, bastions, Karpenter): one mutation each, the exact problem.
import t from 'tap'
import { fixture } from '../helpers/shared.ts'
import { error, found, mutate, throughTheCli, type Manifest } from './helpers.ts'

const kops = (name: string): Manifest => {
  const file = `kops/manifests/${name}/in-v1alpha2.yaml`
  return { file, text: fixture(file) }
}
const at = (name: string, pos: string) => `kops/manifests/${name}/in-v1alpha2.yaml:${pos}`

t.test('mutated kOps fixtures', async (t) => {
  t.strictSame(found(mutate(kops('ha'), ['    - instanceGroup: master-us-test-1c\n      name: c\n    name: main', '    name: main'])), [
    error(at('ha', '13:5'), 'etcd-odd-members', 'spec.etcdClusters[0].etcdMembers: Invalid value: 2: Should be an odd number of control-plane-zones for quorum. Use --zones and --control-plane-zones to declare node zones and control-plane zones separately'),
    error(at('ha', '100:9'), 'etcd-missing-control-plane', 'InstanceGroup "master-us-test-1c" with role Master must have a member in etcd cluster "main"'),
  ], 'ha: two of three members')
  t.strictSame(found(mutate(kops('ha'), ['apiVersion: kops/v1alpha2\nkind: Cluster', 'apiVersion: kops/v1alpha3\nkind: Cluster'])), [
    error(at('ha', '1:13'), 'api-version', 'apiVersion: Unsupported value: "kops/v1alpha3": supported values: "kops.k8s.io/v1alpha2", "kops/v1alpha2"'),
  ], 'ha: an unknown API version')
  t.strictSame(found(mutate(kops('minimal'), ['networkCIDR: 172.20.0.0/16', 'networkCIDR: 10.0.0.0/16'])), [
    error(at('minimal', '33:11'), 'subnet-cidr-outside-network', 'spec.subnets[0].cidr: Forbidden: subnet "us-test-1a" had a cidr "172.20.32.0/19" that was not a subnet of the networkCIDR "10.0.0.0/16"'),
  ], 'minimal: a subnet outside the VPC')
  t.strictSame(found(mutate(kops('minimal_gossip'), ['- cidr: 172.20.32.0/19', '- cidr: 172.20.32.1/19'])), [
    error(at('minimal_gossip', '36:11'), 'cidr-not-canonical', 'spec.subnets[0].cidr: Invalid value: "172.20.32.1/19": Network contains bits outside prefix (did you mean "172.20.32.0/19")'),
  ], 'minimal_gossip: a non-canonical subnet')
  t.strictSame(found(mutate(kops('minimal_gossip'), ['type: Public', 'type: Pubic'])), [
    error(at('minimal_gossip', '38:11'), 'subnet-type', 'spec.subnets[0].type: Unsupported value: "Pubic": supported values: "Public", "Private", "Utility", "DualStack"'),
  ], 'minimal_gossip: a subnet type')
  t.strictSame(found(mutate(kops('karpenter'), ['manager: Karpenter', 'manager: Karpentr', 2])), [
    error(at('karpenter', '121:12'), 'ig-manager', 'spec.manager: Unsupported value: "Karpentr": supported values: "CloudGroup", "Karpenter"'),
  ], 'karpenter: a manager')
  t.strictSame(found(mutate(kops('bastionadditional_user-data'), ['type: text/x-shellscript', 'type: text/shellscript', 2])), [
    error(at('bastionadditional_user-data', '114:11'), 'ig-user-data-type', 'spec.additionalUserData[0].type: Unsupported value: "text/shellscript": supported values: "text/x-include-once-url", "text/x-include-url", "text/cloud-config-archive", "text/upstart-job", "text/cloud-config", "text/part-handler", "text/x-shellscript", "text/cloud-boothook"'),
  ], 'bastionadditional_user-data: a user data type')
  t.strictSame(found(mutate(kops('bastionadditional_user-data'), ['    nodes: private', '    nodes: public'])), [
    error(at('bastionadditional_user-data', '34:5'), 'bastion-topology', 'spec.topology.bastion: Forbidden: bastion requires masters and nodes to have private topology'),
    error(at('bastionadditional_user-data', '109:9'), 'bastion-topology', 'InstanceGroup "bastion" has role Bastion, but bastion requires masters and nodes to have private topology'),
  ], 'bastionadditional_user-data: a bastion in public topology')
  t.strictSame(found(mutate(kops('privatecalico'), ['masters: private', 'masters: public'])), [
    error(at('privatecalico', '103:9'), 'bastion-topology', 'InstanceGroup "bastion" has role Bastion, but bastion requires masters and nodes to have private topology'),
  ], 'privatecalico: a Bastion group in public topology')
  t.strictSame(found(mutate(kops('shared_vpc'), ['kubernetesVersion: v1.21.0', 'kubernetesVersion: v1.21.0.1'])), [
    error(at('shared_vpc', '24:22'), 'kubernetes-version', 'spec.kubernetesVersion: Invalid value: "v1.21.0.1": unable to determine kubernetes version'),
  ], 'shared_vpc: a version')
  t.strictSame(found(mutate(kops('shared_subnet'), ['kops.k8s.io/cluster: sharedsubnet.example.com\nspec:', 'kops.k8s.io/cluster: shared.example.com\nspec:', 2])), [
    error(at('shared_subnet', '68:26'), 'ig-cluster-label-mismatch', 'metadata.labels["kops.k8s.io/cluster"]: Invalid value: "shared.example.com": does not match the Cluster\'s metadata.name "sharedsubnet.example.com"'),
  ], 'shared_subnet: a label naming another cluster')
})

throughTheCli()

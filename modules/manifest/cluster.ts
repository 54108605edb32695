// A Cluster's spec on its own (API_RULES §2, §4): required fields, version, networking, address
// ranges, subnets, etcd, topology, the API endpoint and the update policy.
import { checkEtcd } from './etcd.ts'
import { UPDATE_POLICIES } from './instance-group.ts'
import { checkNetworking, checkNetworks } from './network.ts'
import { child, ownerAt, text, type At } from './nodes.ts'
import { checkEnum, field, requireField, type Findings } from './problem.ts'
import { checkSubnets } from './subnets.ts'
import { checkVersion } from './version.ts'

export const TOPOLOGIES = ['public', 'private']
export const DNS_TYPES = ['Public', 'Private', 'None']
export const LOAD_BALANCER_TYPES = ['Public', 'Internal']
export const LOAD_BALANCER_CLASSES = ['Classic', 'Network']

/** Checks a Cluster's spec. */
export function checkCluster(f: Findings, spec: At): void {
  const version = requireField(f, spec, 'kubernetesVersion', undefined, 'set the Kubernetes version to run, e.g. 1.28.9')
  checkVersion(f, version)
  const cloud = text(requireField(f, spec, 'cloudProvider', undefined, 'set cloudProvider: aws')) ?? 'aws'
  checkNetworking(f, spec)
  checkSubnets(f, spec, checkNetworks(f, spec, cloud))
  checkEtcd(f, spec)
  checkTopology(f, spec)
  const loadBalancer = child(child(spec, 'api'), 'loadBalancer')
  checkEnum(f, child(loadBalancer, 'type'), LOAD_BALANCER_TYPES, 'api-load-balancer-type')
  checkEnum(f, child(loadBalancer, 'class'), LOAD_BALANCER_CLASSES, 'api-load-balancer-class')
  checkEnum(f, child(spec, 'updatePolicy'), UPDATE_POLICIES, 'update-policy')
}

/** True when the Cluster's topology says masters or nodes are public (older kOps writes it; newer omits it). */
export function publicTopology(spec: At | undefined): boolean {
  const topology = child(spec, 'topology')
  return text(child(topology, 'masters')) === 'public' || text(child(topology, 'nodes')) === 'public'
}

// topology.masters / nodes are public or private; dns.type is Public, Private or None; a bastion needs private.
function checkTopology(f: Findings, spec: At): void {
  const topology = child(spec, 'topology')
  checkEnum(f, child(topology, 'masters'), TOPOLOGIES, 'topology')
  checkEnum(f, child(topology, 'nodes'), TOPOLOGIES, 'topology')
  checkEnum(f, child(child(topology, 'dns'), 'type'), DNS_TYPES, 'topology-dns-type')
  const bastion = child(topology, 'bastion')
  if (bastion === undefined || !publicTopology(spec)) return
  const message = field.forbidden(bastion.path, 'bastion requires masters and nodes to have private topology')
  f.error(ownerAt(bastion), 'bastion-topology', message, 'set topology.masters and topology.nodes to private, or remove topology.bastion')
}

// The types kOps's decoder insists on: it reads YAML as JSON into Go structs, so `minSize: "2"`,
// an unquoted `kubernetesVersion: 1.28` (a number) or a list where a mapping belongs fails
// `kops replace` before any validation. Only the fields the other checks read are listed.
import { isAlias, isMap, isScalar, isSeq } from 'yaml'
import { absent, child, entries, items, text, valueAt, type At } from './nodes.ts'
import type { Findings } from './problem.ts'

type Shape = 'string' | 'int' | 'map' | 'list' | { map: Record<string, Shape> } | { list: Shape } | { values: Shape }

const strings = (...keys: string[]): Record<string, Shape> => Object.fromEntries(keys.map((k) => [k, 'string']))
const ints = (...keys: string[]): Record<string, Shape> => Object.fromEntries(keys.map((k) => [k, 'int']))

const METADATA: Shape = { map: { name: 'string', labels: { values: 'string' }, annotations: { values: 'string' } } }

const CLUSTER_SPEC: Shape = {
  map: {
    ...strings('kubernetesVersion', 'cloudProvider', 'configBase', 'networkCIDR', 'networkID', 'nonMasqueradeCIDR'),
    ...strings('serviceClusterIPRange', 'updatePolicy', 'sshKeyName', 'masterPublicName', 'masterInternalName'),
    additionalNetworkCIDRs: { list: 'string' },
    sshAccess: { list: 'string' },
    kubernetesApiAccess: { list: 'string' },
    nodePortAccess: { list: 'string' },
    cloudLabels: { values: 'string' },
    networking: 'map',
    topology: { map: { ...strings('masters', 'nodes'), dns: { map: strings('type') }, bastion: 'map' } },
    api: { map: { dns: 'map', loadBalancer: { map: strings('type', 'class') } } },
    subnets: { list: { map: strings('name', 'zone', 'cidr', 'ipv6CIDR', 'type', 'id', 'egress') } },
    etcdClusters: { list: { map: { name: 'string', etcdMembers: { list: { map: strings('name', 'instanceGroup') } } } } },
    warmPool: { map: ints('minSize', 'maxSize') },
  },
}

const IG_SPEC: Shape = {
  map: {
    ...strings('role', 'image', 'machineType', 'manager', 'tenancy', 'rootVolumeType', 'kubernetesVersion', 'maxPrice', 'updatePolicy'),
    ...ints('minSize', 'maxSize', 'rootVolumeSize', 'rootVolumeIops', 'rootVolumeThroughput'),
    subnets: { list: 'string' },
    zones: { list: 'string' },
    taints: { list: 'string' },
    nodeLabels: { values: 'string' },
    cloudLabels: { values: 'string' },
    additionalUserData: { list: { map: strings('name', 'type', 'content') } },
    warmPool: { map: ints('minSize', 'maxSize') },
    mixedInstancesPolicy: 'map',
  },
}

const DOCUMENT = (spec: Shape): Shape => ({ map: { ...strings('apiVersion', 'kind'), metadata: METADATA, spec } })

/** The document shapes by kind. */
export const SHAPES: Record<string, Shape> = { Cluster: DOCUMENT(CLUSTER_SPEC), InstanceGroup: DOCUMENT(IG_SPEC) }

// What a node is, for "must be a string, found the number 1.28".
function found(at: At): string {
  const node = at.node
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return typeof node.value === 'string' ? `the string ${JSON.stringify(node.value)}` : `the ${typeof node.value} ${text(at)}`
  return 'something else'
}

const WANTED: Record<string, [string, string]> = {
  string: ['a string', 'quote it'],
  int: ['a whole number', 'write a whole number without quotes, e.g. 3'],
  map: ['a mapping', 'write it as "key: value" lines'],
  list: ['a list', 'write it as "- item" lines'],
}

// The wanted kind of node: 'string', 'int', 'map' or 'list'.
const kindOf = (shape: Shape): string =>
  typeof shape === 'string' ? shape : 'list' in shape ? 'list' : 'map'

// True when the node is of the wanted kind (an integer for 'int').
function matches(at: At, kind: string): boolean {
  const node = at.node
  if (kind === 'map') return isMap(node)
  if (kind === 'list') return isSeq(node)
  if (!isScalar(node)) return false
  return kind === 'string' ? typeof node.value === 'string' : typeof node.value === 'number' && Number.isInteger(node.value)
}

/** Reports every value whose type differs from `shape` (rule `field-type`); empty values are left to the required checks. */
export function checkShape(f: Findings, at: At | undefined, shape: Shape): void {
  if (at === undefined || absent(at) || isAlias(at.node)) return
  const kind = kindOf(shape)
  if (!matches(at, kind)) {
    const [want, fix] = WANTED[kind]
    const hint = kind === 'string' && isScalar(at.node) ? `${fix}: "${text(at)}"` : fix
    f.error(valueAt(at), 'field-type', `${at.path}: must be ${want}, found ${found(at)}`, hint)
    return
  }
  if (typeof shape === 'string') return
  if ('list' in shape) for (const item of items(at)) checkShape(f, item, shape.list)
  else if ('values' in shape) for (const [, value] of entries(at)) checkShape(f, value, shape.values)
  else for (const [key, sub] of Object.entries(shape.map)) checkShape(f, child(at, key), sub)
}

// The kOps API objects the simulator handles (Cluster, InstanceGroup, SSHCredential in
// kops.k8s.io/v1alpha2 or the legacy kops/v1alpha2), decoding with kopscodecs-like errors, and the
// per-object validation kOps runs when an object is written (API_RULES.md §2–§3, the subset the
// sandbox checks); field errors read like Kubernetes' field.Error.
import { KopsError } from './types.ts'
import { int, list, rec, text, type Rec } from './yaml-io.ts'

/** The API version kOps writes. */
export const API_VERSION = 'kops.k8s.io/v1alpha2'
const ACCEPTED_VERSIONS = [API_VERSION, 'kops/v1alpha2']
const KINDS = ['Cluster', 'InstanceGroup', 'SSHCredential']
const REGISTERED = ['Keyset', 'Instance', 'ClusterList', 'InstanceGroupList']

/** A decoded kOps object: its kind and its document (apiVersion normalised). */
export interface KObject {
  kind: 'Cluster' | 'InstanceGroup' | 'SSHCredential'
  doc: Rec
}

/** An instance group role as kOps 1.28 prints it (v1alpha2 `Master` is ControlPlane). */
export type Role = 'ControlPlane' | 'Node' | 'Bastion' | 'APIServer'

/** The label an InstanceGroup carries to name its cluster. */
export const CLUSTER_LABEL = 'kops.k8s.io/cluster'

const ROLES: Record<string, Role> = { Master: 'ControlPlane', ControlPlane: 'ControlPlane', Node: 'Node', Bastion: 'Bastion', APIServer: 'APIServer' }
const SUBNET_TYPES = ['DualStack', 'Private', 'Public', 'Utility']

/** metadata.name of an object. */
export const nameOf = (doc: Rec): string => text(rec(doc.metadata).name)

/** spec of an object. */
export const specOf = (doc: Rec): Rec => rec(doc.spec)

/** An IG's role, or undefined when missing or unknown. */
export const roleOf = (ig: Rec): Role | undefined => ROLES[text(specOf(ig).role)]

/** The ASG (and launch template) name of a group: `<ig>.masters.<cluster>` for control planes, else `<ig>.<cluster>`. */
export const asgName = (cluster: string, ig: Rec): string => (roleOf(ig) === 'ControlPlane' ? `${nameOf(ig)}.masters.${cluster}` : `${nameOf(ig)}.${cluster}`)

/** Parses a CLI role name leniently (`master`, `control-plane`, `nodes`, …), as kOps does. */
export function parseRole(name: string): Role | undefined {
  const n = name.toLowerCase().replace(/s$/, '')
  if (['master', 'controlplane', 'control-plane'].includes(n)) return 'ControlPlane'
  if (n === 'node') return 'Node'
  if (n === 'bastion') return 'Bastion'
  if (n === 'apiserver') return 'APIServer'
  return undefined
}

/** Kubernetes' aggregate error text: one message, or `[a, b]`. */
export const aggregate = (errors: readonly string[]): string => (errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`)

const quoteAll = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ')

/** field.NotSupported's text. */
export const unsupported = (path: string, value: string, allowed: readonly string[]): string =>
  `${path}: Unsupported value: "${value}": supported values: ${quoteAll(allowed)}`

// Go's decoder rejects a non-integer where the type is int32.
function checkInt(doc: Rec, field: string, goType: string, file: string): void {
  const value = specOf(doc)[field]
  if (value === undefined || int(value) !== undefined) return
  const got = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'object'
  throw new KopsError(`error parsing file "${file}": json: cannot unmarshal ${got} into Go struct field ${goType}.spec.${field} of type int32`)
}

/** Decodes one document like kopscodecs.Decode; throws `error parsing file "F": …` or `unhandled kind`. */
export function decode(value: unknown, file: string): KObject {
  const doc = rec(value)
  const apiVersion = text(doc.apiVersion)
  const kind = text(doc.kind)
  if (kind === '') throw new KopsError(`error parsing file "${file}": Object 'Kind' is missing in '${JSON.stringify(value)}'`)
  if (!ACCEPTED_VERSIONS.includes(apiVersion) || !(KINDS.includes(kind) || REGISTERED.includes(kind))) {
    const scheme = 'k8s.io/kops/pkg/kopscodecs/codecs.go:32'
    throw new KopsError(`error parsing file "${file}": no kind "${kind}" is registered for version "${apiVersion}" in scheme "${scheme}"`)
  }
  if (!KINDS.includes(kind)) throw new KopsError(`unhandled kind "${API_VERSION}, Kind=${kind}" in "${file}"`)
  if (kind === 'InstanceGroup') {
    checkInt(doc, 'minSize', 'InstanceGroupSpec', file)
    checkInt(doc, 'maxSize', 'InstanceGroupSpec', file)
  }
  return { kind: kind as KObject['kind'], doc: { ...doc, apiVersion: API_VERSION } }
}

/** Field errors of a Cluster on write (the sandbox's subset of ValidateCluster). */
export function validateCluster(doc: Rec): string[] {
  const errors: string[] = []
  if (nameOf(doc) === '') errors.push('metadata.name: Required value')
  const seen = new Set<string>()
  list(specOf(doc).subnets).forEach((raw, i) => {
    const s = rec(raw)
    const path = `spec.subnets[${i}]`
    const name = text(s.name)
    if (name === '') errors.push(`${path}.name: Required value`)
    else if (seen.has(name)) errors.push(`${path}.name: Duplicate value: "${name}"`)
    seen.add(name)
    const type = text(s.type)
    if (type === '') errors.push(`${path}.type: Required value: subnet type is required`)
    else if (!SUBNET_TYPES.includes(type)) errors.push(unsupported(`${path}.type`, type, SUBNET_TYPES))
  })
  return errors
}

/** Field errors of an InstanceGroup on write (the sandbox's subset of ValidateInstanceGroup). */
export function validateInstanceGroup(doc: Rec): string[] {
  const errors: string[] = []
  const spec = specOf(doc)
  if (nameOf(doc) === '') errors.push('metadata.name: Required value')
  const role = text(spec.role)
  if (role === '') errors.push('spec.role: Required value: Role must be set')
  else if (!ROLES[role]) errors.push(unsupported('spec.role', role, ['APIServer', 'Bastion', 'ControlPlane', 'Node']))
  const min = int(spec.minSize)
  const max = int(spec.maxSize)
  if (min !== undefined && min < 0) errors.push(`spec.minSize: Invalid value: ${min}: must be greater than or equal to 0`)
  if (min !== undefined && max !== undefined && max < min) {
    errors.push(`spec.maxSize: Invalid value: ${max}: maxSize must be greater than or equal to minSize.`)
  }
  return errors
}

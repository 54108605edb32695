// The cluster as the Terraform writer sees it: subnets, instance groups with their roles and
// subnets, region, shared network, plus kOps's naming rules for Terraform resources and tags.
import { createHash } from 'node:crypto'
import { asgName, roleOf, nameOf, specOf, type Role } from '../api.ts'
import { int, list, rec, text, type Rec } from '../yaml-io.ts'
import { expr, sortedBody, str, type HclItem, type HclValue } from './hcl.ts'

/** What `update cluster --target terraform` renders from. */
export interface TfInput {
  cluster: Rec
  igs: Rec[]
  /** The admin SSH key (file content and AWS fingerprint), if the cluster uses one. */
  sshKey?: { content: string; aws: string }
  /** `spec.sshKeyName` when it names an existing AWS key pair. */
  sshKeyName?: string
  bucket: string
  keyPrefix: string
  version: string
  completedSpec: string
}

/** A subnet of the cluster spec. */
export interface Subnet {
  name: string
  type: string
  zone: string
  cidr: string
  id: string
  egress: string
}

/** An instance group with what the writer needs. */
export interface Group {
  name: string
  role: Role
  spec: Rec
  karpenter: boolean
  /** The ASG / launch template name: `<ig>.masters.<cluster>` for control planes, else `<ig>.<cluster>`. */
  asg: string
  subnets: Subnet[]
}

/** The cluster model every resource builder reads. */
export interface Model {
  input: TfInput
  name: string
  spec: Rec
  region: string
  subnets: Subnet[]
  groups: Group[]
  /** The existing VPC id (`spec.networkID`), or '' when kOps creates the VPC. */
  vpcId: string
  /** Whether Node Termination Handler (queue processor) resources are rendered. */
  nth: boolean
}

/** A Terraform resource (or data source) with its body in kOps's order. */
export interface TfResource {
  type: string
  name: string
  body: HclItem[]
}

/** What one resource builder contributes: resources, locals (and outputs), data files, data sources. */
export interface Part {
  resources: TfResource[]
  locals?: Array<[string, HclValue]>
  files?: Array<[string, string]>
  data?: TfResource[]
}

/** kOps's Terraform name for a raw name: `.`→`-`, `/`→`--`, other invalid characters → `_`. */
export const tfName = (raw: string): string => raw.replaceAll('.', '-').replaceAll('/', '--').replace(/[^A-Za-z0-9_-]/g, '_')

/** A resource from its raw (dotted) name. */
export const resource = (type: string, raw: string, items: HclItem[]): TfResource => ({ type, name: tfName(raw), body: sortedBody(items) })

/** A reference `TYPE.NAME.ATTR` to a resource by raw name. */
export const ref = (type: string, raw: string, attribute = 'id'): HclValue => expr(`${type}.${tfName(raw)}.${attribute}`)

/** The `${path.module}/data/…` file name kOps uses for a resource attribute. */
/** A data/ file name; a '/' (in an ed25519 key's base64 fingerprint) would make it a path, so it becomes '_'. */
export const dataFile = (type: string, raw: string, attribute: string): string => `${type}_${raw}_${attribute}`.replaceAll('/', '_')

/** `file("${path.module}/data/NAME")` (or filebase64). */
export const fileRef = (name: string, fn = 'file'): HclValue => expr(`${fn}("\${path.module}/data/${name}")`)

/** A short deterministic hex digest. */
export const digest = (input: string, length = 8): string => createHash('sha256').update(input).digest('hex').slice(0, length)

/** The IAM / security-group family of a role. */
export const family = (role: Role): 'masters' | 'nodes' | 'bastions' => (role === 'ControlPlane' ? 'masters' : role === 'Bastion' ? 'bastions' : 'nodes')

/** The security group raw name of a role: `masters.X`, `nodes.X`, `bastion.X`. */
export const sgName = (m: Model, role: Role): string => `${role === 'Bastion' ? 'bastion' : family(role)}.${m.name}`

/** The tags every kOps-owned resource carries (plus spec.cloudLabels). */
export function baseTags(m: Model, name: string): Array<[string, string]> {
  const labels = Object.entries(rec(m.spec.cloudLabels)).map(([k, v]) => [k, text(v)] as [string, string])
  return [...labels, ['KubernetesCluster', m.name], ['Name', name], [`kubernetes.io/cluster/${m.name}`, 'owned']]
}

/** A subnet id: the literal of a shared subnet, else a reference. */
export const subnetRef = (m: Model, s: Subnet): HclValue => (s.id ? str(s.id) : ref('aws_subnet', `${s.name}.${m.name}`))

/** The VPC id: the literal of a shared VPC, else a reference. */
export const vpcRef = (m: Model): HclValue => (m.vpcId ? str(m.vpcId) : ref('aws_vpc', m.name))

function subnetsOf(spec: Rec): Subnet[] {
  return list(spec.subnets).map((raw) => {
    const s = rec(raw)
    return { name: text(s.name), type: text(s.type), zone: text(s.zone), cidr: text(s.cidr), id: text(s.id), egress: text(s.egress) }
  })
}

function groupOf(cluster: string, ig: Rec, subnets: Subnet[]): Group {
  const spec = specOf(ig)
  const role = roleOf(ig) ?? 'Node'
  const name = nameOf(ig)
  const own = list(spec.subnets).map(text)
  return {
    name,
    role,
    spec,
    karpenter: text(spec.manager) === 'Karpenter',
    asg: asgName(cluster, ig),
    subnets: own.map((n) => subnets.find((s) => s.name === n)).filter((s): s is Subnet => s !== undefined),
  }
}

/** The region: the first zone without its letter (us-east-1a → us-east-1). */
export const regionOf = (zones: readonly string[]): string => (zones[0] || 'us-east-1').replace(/[a-z]$/, '')

/** Builds the model; instance groups sorted by name. */
export function buildModel(input: TfInput): Model {
  const spec = specOf(input.cluster)
  const name = nameOf(input.cluster)
  const subnets = subnetsOf(spec)
  const groups = input.igs.map((ig) => groupOf(name, ig, subnets)).sort((a, b) => (a.name < b.name ? -1 : 1))
  const nthSpec = rec(spec.nodeTerminationHandler)
  const nth = nthSpec.enabled !== false && nthSpec.enableSQSTerminationDraining !== false
  return { input, name, spec, region: regionOf(subnets.map((s) => s.zone)), subnets, groups, vpcId: text(spec.networkID), nth }
}

/** An instance group's min and max sizes (kOps defaults both to 1). */
export function sizes(g: Group): { min: number; max: number } {
  const min = int(g.spec.minSize) ?? 1
  return { min, max: int(g.spec.maxSize) ?? Math.max(min, 1) }
}

/** The kubernetes version as numbers, e.g. v1.27.0-alpha.3 → [1, 27]. */
export function k8sMinor(m: Model): [number, number] {
  const v = /^v?(\d+)\.(\d+)/.exec(text(m.spec.kubernetesVersion))
  return v ? [Number(v[1]), Number(v[2])] : [1, 28]
}

/** Whether the cluster has an IG of that role (ASG-managed or not). */
export const hasRole = (m: Model, role: Role): boolean => m.groups.some((g) => g.role === role)

/** The AWS `*.compute.internal` DNS domain of the region. */
export const computeDomain = (region: string): string => (region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`)

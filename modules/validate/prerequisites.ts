// cluster.yaml `prerequisites:` against the 1-prerequisites layer: every key a declared variable,
// every variable without a default given, each value of its type's shape (string, list, map) and
// of its kind (a version, a CIDR, a zone, an ID…). Pure: values in, located-by-path issues out.
import { didYouMean } from '../diag/suggest.ts'
import type { LayerContract, LayerVariable, Shape } from './layer-variables.ts'
import { KINDS, type KindName } from './shapes.ts'

/** A problem in cluster.yaml at a path of its document (at the key when `atKey`, at 1:1 when `atFile`). */
export interface SettingIssue {
  path: (string | number)[]
  rule: string
  message: string
  hint?: string
  atKey?: boolean
  atFile?: boolean
}

/** Variables tasks.ts fills from cluster.yaml's own settings (prereqVars): `prerequisites:` may leave them out. */
export const SUPPLIED: Record<string, string> = { profile: 'AWS profile (AWS_PROFILE)', region: 'AWS region (AWS_REGION)' }

/** The kind of each variable's values (of a list's items, of a map's values). */
const VALUE_KINDS: Record<string, KindName> = {
  region: 'region',
  cluster_name: 'dnsName',
  cluster_version: 'kubernetesVersion',
  etcd_clusters_version: 'etcdVersion',
  networking_calico_major_version: 'majorVersion',
  cluster_master_azs: 'zone',
  availability_zones: 'zone',
  cluster_api_elb_extra_security_group: 'securityGroup',
  kops_master_machine_type: 'instanceType',
  kops_worker_machine_type: 'instanceType',
  kops_worker_machine_types_karpenter: 'instanceType',
  kops_ami_id: 'ami',
  dns_zone_name: 'dnsZone',
  vpc_id: 'vpcId',
  vpc_cidr_block: 'cidr',
  shared_vpc_cidr_block: 'cidr',
  public_subnet_ids: 'subnetId',
  private_subnet_ids: 'subnetId',
  nat_gateway_ids: 'natId',
  devops_role: 'roleArn',
}

const SHAPE_TEXT: Record<Shape, [what: string, hint: string]> = {
  string: ['a single value', 'write one value, not a list or mapping'],
  number: ['a number', 'write a number, e.g. 3'],
  bool: ['true or false', 'write true or false'],
  list: ['a list', 'write a YAML list, e.g. [us-east-1a, us-east-1b]'],
  map: ['a mapping', 'write a YAML mapping, e.g. { key: value }'],
  any: ['a value', 'write a value'],
}

const describe = (v: unknown): string => (Array.isArray(v) ? 'a list' : typeof v === 'object' && v !== null ? 'a mapping' : JSON.stringify(v))
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether `value` has the shape Terraform converts to `shape` (it turns numbers and booleans into strings). */
function fits(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string':
      return ['string', 'number', 'boolean'].includes(typeof value)
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    case 'bool':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
    case 'list':
      return Array.isArray(value)
    case 'map':
      return isMapping(value)
    case 'any':
      return true
  }
}

// A declared variable's value: present (not null) and of its type's shape.
function checkShape(v: LayerVariable, value: unknown, path: string[]): SettingIssue | undefined {
  const name = `"${path.join('.')}"`
  if (value === null) {
    const hint = v.required ? 'write its value: the variable has no default' : `write its value, or remove the line to use the default (${v.default})`
    return { path, atKey: true, rule: 'prerequisites-type', message: `${name} has no value`, hint }
  }
  if (fits(value, v.shape)) return undefined
  const [what, hint] = SHAPE_TEXT[v.shape]
  return { path, rule: 'prerequisites-type', message: `${name} must be ${what} (type ${v.type} in 1-prerequisites), not ${describe(value)}`, hint }
}

// The kind rule of one variable, on the value itself, each list item or each map value.
function checkKind(key: string, value: unknown, out: SettingIssue[]): void {
  const kind = VALUE_KINDS[key]
  if (!kind) return
  const each: [unknown, (string | number)[]][] = Array.isArray(value)
    ? value.map((item, i) => [item, ['prerequisites', key, i]])
    : isMapping(value)
      ? Object.entries(value).map(([k, item]) => [item, ['prerequisites', key, k]])
      : [[value, ['prerequisites', key]]]
  for (const [item, path] of each) {
    if (typeof item !== 'string' && typeof item !== 'number') continue
    const problem = KINDS[kind].problem(String(item))
    if (problem) out.push({ path, rule: KINDS[kind].rule, message: `"${path.join('.')}" ${problem}`, hint: KINDS[kind].hint })
  }
}

/**
 * The issues of `prerequisites` (a mapping) against the layer's variables; `settings` is the whole
 * cluster.yaml, whose `profile` and `region` the layer receives too.
 */
export function checkPrerequisites(settings: Record<string, unknown>, contract: LayerContract): SettingIssue[] {
  const out: SettingIssue[] = []
  const values = isMapping(settings.prerequisites) ? settings.prerequisites : {}
  const known = new Map(contract.variables.map((v) => [v.name, v]))
  const readable = contract.broken === undefined && contract.variables.length > 0
  for (const [key, value] of Object.entries(values)) {
    const v = known.get(key)
    if (!v && readable) {
      const hint = 'fix its name, or remove it: the variables of the layer are declared in 1-prerequisites/*.tf'
      out.push({ path: ['prerequisites', key], atKey: true, rule: 'prerequisites-unknown', message: `unknown variable "prerequisites.${key}"${didYouMean(key, [...known.keys()])}: 1-prerequisites declares no such variable`, hint })
      continue
    }
    const wrong = v && checkShape(v, value, ['prerequisites', key])
    if (wrong) out.push(wrong)
    else checkKind(key, value, out)
  }
  // `prerequisites:` that is not a mapping is the schema's one problem, not every variable missing.
  if (readable && (settings.prerequisites === undefined || isMapping(settings.prerequisites))) out.push(...missing(settings, values, contract.variables))
  return out
}

// Required variables given nowhere: the top-level settings the layer also reads, then the rest at `prerequisites:`.
function missing(settings: Record<string, unknown>, values: Record<string, unknown>, variables: LayerVariable[]): SettingIssue[] {
  const out: SettingIssue[] = []
  const absent = variables.filter((v) => v.required && values[v.name] === undefined && (SUPPLIED[v.name] === undefined || settings[v.name] === undefined))
  for (const v of absent.filter((v) => SUPPLIED[v.name] !== undefined)) {
    const example = v.name === 'region' ? 'region: us-east-1' : 'profile: <its AWS profile>'
    out.push({ path: [], atFile: true, rule: 'required-setting', message: `missing required setting "${v.name}" (${SUPPLIED[v.name]}; the 1-prerequisites layer needs it)`, hint: `add ${example}` })
  }
  const rest = absent.filter((v) => SUPPLIED[v.name] === undefined).map((v) => v.name)
  if (rest.length === 0) return out
  const where = settings.prerequisites === undefined ? { path: [], atFile: true } : { path: ['prerequisites'], atKey: true }
  const message = `missing required ${rest.length === 1 ? 'variable' : 'variables'} in "prerequisites": ${rest.join(', ')} (no default in 1-prerequisites)`
  out.push({ ...where, rule: 'prerequisites-missing', message, hint: `add ${rest.length === 1 ? 'it' : 'them'} under prerequisites:, as 1-prerequisites/variables.tf describes` })
  return out
}

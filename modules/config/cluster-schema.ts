// What cluster.yaml may hold (documented in README.md, "cluster.yaml"), and the one check of a
// cluster.yaml that both a run (when a cluster is loaded) and `tasks validate` decide with.
import type { Location } from '../diag/mod.ts'
import type { LayerContract } from '../validate/layer-variables.ts'
import { checkPrerequisites, type SettingIssue } from '../validate/prerequisites.ts'
import { checkBackends, emptyIssue } from '../validate/required.ts'
import { checkTopology } from '../validate/topology.ts'
import { DEFAULT_PROTECTED, protectList } from '../guard/mod.ts'
import { check, type Schema } from './schema.ts'
import { schema, type SettingsOf, type Words } from './schema-type.ts'
import type { YamlFile } from './yaml-doc.ts'

const str = (doc: string) => ({ type: 'string', doc }) as const
const bool = (doc: string) => ({ type: 'boolean', doc }) as const
const int = (doc: string) => ({ type: 'integer', doc }) as const
const strings = (doc: string) => ({ type: 'list', doc, items: str(doc) }) as const
const labels = (doc: string) => ({ type: 'map', doc, values: str(doc) }) as const
/** A setting that must be there. */
const needed = <const S extends Schema>(s: S) => ({ ...s, required: true }) as const

/** Settings of one kind declared together, `names` separated by spaces. */
const group = <const N extends string, const S extends Schema>(names: N, s: S): { [K in Words<N>]: S } =>
  Object.fromEntries(names.split(' ').map((n) => [n, s])) as { [K in Words<N>]: S }
const texts = <const N extends string>(names: N, doc: string) => group(names, str(doc))
const flags = <const N extends string>(names: N, doc: string) => group(names, bool(doc))
const secret = (doc: string) =>
  ({
    type: 'string',
    doc,
    refused: 'is a credential: it would be committed with cluster.yaml and shown in logs; use `profile` or the AWS_* variables of the environment instead',
  }) as const

/** The role Terraform assumes for the state (the S3 backend's `assume_role` object). */
const assumeRole = schema({
  type: 'object',
  doc: 'a role to assume for the state',
  fields: {
    ...texts('role_arn duration external_id policy session_name source_identity', 'assume_role setting'),
    policy_arns: strings('policy ARNs'),
    tags: labels('session tags'),
    transitive_tag_keys: strings('transitive tag keys'),
  },
})

/**
 * Every setting of Terraform's S3 backend (1.11), so S3-compatible stores work (use_path_style,
 * endpoints, the skip_* checks). Credentials are refused: cluster.yaml is committed.
 */
const backend = schema({
  type: 'object',
  doc: 'the S3 backend of one Terraform layer',
  fields: {
    bucket: needed(str('state bucket')),
    key: needed(str('state object key')),
    ...texts('region dynamodb_table kms_key_id acl profile workspace_key_prefix sts_region retry_mode custom_ca_bundle', 'S3 backend setting'),
    ...texts('endpoint iam_endpoint sts_endpoint dynamodb_endpoint ec2_metadata_service_endpoint ec2_metadata_service_endpoint_mode', 'S3 backend endpoint'),
    ...texts('http_proxy https_proxy no_proxy shared_credentials_file', 'S3 backend setting'),
    ...flags('use_lockfile encrypt use_path_style force_path_style insecure use_dualstack_endpoint use_fips_endpoint', 'S3 backend switch'),
    ...flags('skip_credentials_validation skip_region_validation skip_metadata_api_check skip_requesting_account_id skip_s3_checksum', 'S3 backend check to skip'),
    max_retries: int('retries of an AWS call'),
    endpoints: { type: 'object', doc: 'service endpoints', fields: texts('s3 dynamodb iam sso sts', 'endpoint URL') },
    shared_config_files: strings('AWS config files'),
    shared_credentials_files: strings('AWS credentials files'),
    allowed_account_ids: strings('accounts the state may be in'),
    forbidden_account_ids: strings('accounts the state must not be in'),
    assume_role: assumeRole,
    assume_role_with_web_identity: {
      type: 'object',
      doc: 'a web identity role to assume',
      fields: { ...texts('role_arn duration policy session_name web_identity_token_file', 'assume_role_with_web_identity setting'), policy_arns: strings('policy ARNs'), web_identity_token: secret('web identity token') },
    },
    access_key: secret('AWS access key'),
    secret_key: secret('AWS secret key'),
    token: secret('AWS session token'),
    sse_customer_key: secret('SSE-C key'),
  },
})

const instanceGroup = schema({
  type: 'object',
  doc: 'an extra worker instance group',
  fields: {
    name: needed(str('instance group name')),
    machineType: needed(str('EC2 instance type')),
    minSize: needed(int('minimum size')),
    maxSize: needed(int('maximum size')),
    image: str('AMI (default: kops_ami_id)'),
    subnets: strings('zones (default: availability_zones)'),
    labels: labels('node labels'),
    cloudLabels: labels('cloud tags'),
    taints: strings('taints like key=value:NoSchedule'),
    spot: bool('run on spot instances'),
    maxPrice: str('spot max price'),
    instances: strings('instance types for a mixed instances policy'),
    onDemandBase: int('on-demand base capacity'),
    onDemandAboveBase: int('on-demand percentage above base'),
    spotAllocationStrategy: str('spot allocation strategy'),
  },
})

/** What cluster.yaml may hold: checked by `check`, and the type of `ctx.cluster.settings` in tasks.ts. */
export const CLUSTER_SCHEMA = schema({
  type: 'object',
  doc: 'cluster settings',
  fields: {
    description: str('what this cluster is'),
    profile: str('AWS profile (AWS_PROFILE)'),
    region: str('AWS region (AWS_REGION)'),
    account: str('AWS account ID; checked against the caller identity before remote calls'),
    name: str('full kOps cluster name (default: the prerequisites output cluster_name)'),
    sandbox: bool('run terraform and kops from the simulators'),
    protected: bool('refuse teardown without --allow-protected'),
    wave: int('rollout order: lower waves first (--waves); clusters without one come last'),
    protect: strings('resource address globs a plan may not delete or replace without --allow-replace; "!GLOB" stops protecting a default'),
    kopsVersion: str('exact kops version required'),
    terraformVersion: str('terraform version constraint, e.g. ">= 1.5, < 2.0"'),
    sshPublicKey: str('SSH public key file registered with kops'),
    env: labels('extra environment for every tool call of this cluster'),
    backends: {
      type: 'object',
      doc: 'Terraform backends of the two layers',
      fields: { prerequisites: backend, kops: backend },
    },
    prerequisites: { type: 'map', doc: 'variables of the 1-prerequisites layer', values: { type: 'any', doc: 'a variable value' } },
    template: {
      type: 'object',
      doc: 'opt-in extras of the cluster template',
      fields: {
        topology: { type: 'string', doc: 'private (default) or public', enum: ['private', 'public'] },
        bastion: {
          type: 'object',
          doc: 'a bastion instance group on the utility subnets',
          fields: { machineType: str('EC2 instance type'), minSize: int('minimum size'), maxSize: int('maximum size') },
        },
        instanceGroups: { type: 'list', doc: 'extra worker instance groups', items: instanceGroup },
      },
    },
  },
})

/** A checked cluster.yaml, as its schema types it. */
export type ClusterSettings = SettingsOf<typeof CLUSTER_SCHEMA>

/** A problem of one cluster.yaml, at its place (the value, or the key for unknown keys, or 1:1). */
export interface SettingsProblem {
  at: Location
  rule: string
  message: string
  hint?: string
  /** Where the run reported schema problems before (at their key); kept so run output stays put. */
  keyAt: Location
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Every problem of one cluster.yaml, in reading order: no settings at all, the schema, and — in a
 * project with the kOps layers (`contract`) — the backends and the `prerequisites:` the layers need.
 * `usable` is false when the schema fails: the settings cannot be used (rendered) at all.
 */
export function checkClusterSettings(file: string, doc: YamlFile, cluster: string, contract?: LayerContract): { problems: SettingsProblem[]; usable: boolean } {
  const start = { file, line: 1, column: 1 }
  const locate = (i: SettingIssue): SettingsProblem => {
    const at = i.atFile ? start : i.atKey ? doc.locate(i.path) : doc.locateValue(i.path)
    return { at, rule: i.rule, message: i.message, ...(i.hint ? { hint: i.hint } : {}), keyAt: i.atFile ? start : doc.locate(i.path) }
  }
  if (doc.value === null || doc.value === undefined) return { problems: [locate(emptyIssue(contract))], usable: false }
  const schema = check(doc.value, CLUSTER_SCHEMA).map((p) => locate({ ...p, rule: 'cluster-yaml' }))
  const settings = doc.value
  const layered = contract && isMapping(settings) ? [...checkBackends(settings, contract, cluster), ...checkPrerequisites(settings, contract), ...checkTopology(settings, contract)] : []
  if (schema.length === 0 && isMapping(settings)) layered.push(...checkProtect(settings))
  const problems = [...schema, ...layered.map(locate)].sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
  return { problems, usable: schema.length === 0 }
}

/** `protect:` entries a run cannot use: a `!GLOB` that names no default, an empty entry. */
function checkProtect(settings: Record<string, unknown>): SettingIssue[] {
  const entries = Array.isArray(settings.protect) ? settings.protect.filter((e): e is string => typeof e === 'string') : []
  return entries.flatMap((entry, i) => {
    const list = protectList(DEFAULT_PROTECTED, [entry])
    return list.ok ? [] : [{ path: ['protect', i], rule: 'cluster-yaml', message: list.error.replace(/^protect: /, ''), hint: 'write a default after the "!" exactly as listed, or remove the entry' }]
  })
}

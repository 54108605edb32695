// What `update cluster` decides before writing anything: the cluster and its groups from the
// store, DeepValidate, the SSH key rules (cli-contracts.md §2.2; exactly one admin key on AWS), the completed spec, the Terraform
// input; and the short change list of a `--target direct` dry run (applied render vs. the new one).
import { KopsError, type Ctx } from './types.ts'
import { deepValidate } from './deep-validate.ts'
import { kopsVersion } from './cmd-version.ts'
import { API_VERSION, nameOf, specOf } from './api.ts'
import { awsFingerprint, parseAuthorizedKey } from './sshkey.ts'
import { configBase, keyPrefix, listInstanceGroups, requireCluster, sshPublicKeys, type Store } from './store.ts'
import { writeFile, block } from './tf/hcl.ts'
import type { TfInput, TfResource } from './tf/model.ts'
import type { TfOutput } from './tf/render.ts'
import { rec, text, toYaml, type Rec } from './yaml-io.ts'

/** The cluster, its groups and the Terraform input of an update. */
export interface Prepared {
  cluster: Rec
  igs: Rec[]
  input: TfInput
}

/** The completed spec of a stored Cluster whose configBase is `base` (e.g. s3://bucket/name). */
export function completedSpec(cluster: Rec, base: string): string {
  const name = nameOf(cluster)
  const spec = specOf(cluster)
  const configBase = text(spec.configBase) || base
  const defaults: Rec = {
    clusterDNSDomain: 'cluster.local',
    configBase,
    keyStore: `${configBase}/pki`,
    masterInternalName: `api.internal.${name}`,
    masterPublicName: `api.${name}`,
    nonMasqueradeCIDR: '100.64.0.0/10',
    secretStore: `${configBase}/secrets`,
    serviceClusterIPRange: '100.64.0.0/13',
  }
  const completed: Rec = { ...defaults, ...spec, configBase, kubernetesVersion: text(spec.kubernetesVersion).replace(/^v/, '') }
  const metadata = { ...rec(cluster.metadata), name }
  return toYaml({ apiVersion: API_VERSION, kind: 'Cluster', metadata, spec: completed })
}

/** kOps's refusal (apply_cluster.go, AWS) when the store holds more than one admin key. */
export const MULTIPLE_KEYS = "exactly one 'admin' SSH public key can be specified when running with AWS; please delete a key using `kops delete secret`"

/**
 * The key the launch templates use: none (sshKeyName ""), a named AWS key, or the stored admin key.
 * `required` (an update) enforces kOps's rules: a key or sshKeyName, and at most one admin key.
 */
function sshKeyOf(store: Store, name: string, cluster: Rec, required: boolean): Pick<TfInput, 'sshKey' | 'sshKeyName'> {
  const keys = sshPublicKeys(store, name)
  if (required && keys.length > 1) throw new KopsError(MULTIPLE_KEYS)
  const keyName = specOf(cluster).sshKeyName
  if (typeof keyName === 'string') return keyName === '' ? {} : { sshKeyName: keyName }
  const [content] = keys
  if (content === undefined) {
    if (!required) return {}
    throw new KopsError(`SSH public key must be specified when running with AWS (create with \`kops create sshpublickey --name ${name} -i ~/.ssh/id_rsa.pub\`)`)
  }
  const key = parseAuthorizedKey(content)
  if (typeof key === 'string') throw new KopsError(`error parsing SSH public key: ${key}`)
  const aws = awsFingerprint(key)
  if (typeof aws !== 'string') throw new KopsError(aws.error)
  return { sshKey: { content, aws } }
}

/** The Terraform input for a cluster snapshot (keys are read from the store; `required` enforces one). */
export function tfInput(ctx: Ctx, store: Store, cluster: Rec, igs: Rec[], required = true): TfInput {
  const name = String((cluster.metadata as Rec | undefined)?.name ?? '')
  return {
    cluster,
    igs,
    ...sshKeyOf(store, name, cluster, required),
    bucket: store.bucket,
    keyPrefix: keyPrefix(store, name),
    version: kopsVersion(ctx),
    completedSpec: completedSpec(cluster, configBase(store, name)),
  }
}

/** Loads and validates the cluster for an update; throws kOps's error text. */
export function prepareUpdate(ctx: Ctx, store: Store, name: string): Prepared {
  const cluster = requireCluster(store, name)
  const igs = listInstanceGroups(store, name)
  const invalid = deepValidate(cluster, igs)
  if (invalid) throw new KopsError(invalid)
  return { cluster, igs, input: tfInput(ctx, store, cluster, igs) }
}

const TASK_TYPES: Record<string, string> = {
  aws_autoscaling_group: 'AutoscalingGroup',
  aws_autoscaling_lifecycle_hook: 'AutoscalingLifecycleHook',
  aws_cloudwatch_event_rule: 'EventBridgeRule',
  aws_cloudwatch_event_target: 'EventBridgeTarget',
  aws_ebs_volume: 'EBSVolume',
  aws_eip: 'ElasticIP',
  aws_iam_instance_profile: 'IAMInstanceProfile',
  aws_iam_role: 'IAMRole',
  aws_iam_role_policy: 'IAMRolePolicy',
  aws_internet_gateway: 'InternetGateway',
  aws_key_pair: 'SSHKey',
  aws_launch_template: 'LaunchTemplate',
  aws_lb: 'NetworkLoadBalancer',
  aws_lb_listener: 'NetworkLoadBalancerListener',
  aws_lb_target_group: 'TargetGroup',
  aws_nat_gateway: 'NatGateway',
  aws_route: 'Route',
  aws_route_table: 'RouteTable',
  aws_route_table_association: 'RouteTableAssociation',
  aws_s3_object: 'ManagedFile',
  aws_security_group: 'SecurityGroup',
  aws_security_group_rule: 'SecurityGroupRule',
  aws_sqs_queue: 'SQS',
  aws_subnet: 'Subnet',
  aws_vpc: 'VPC',
  aws_vpc_dhcp_options: 'DHCPOptions',
  aws_vpc_dhcp_options_association: 'VPCDHCPOptionsAssociation',
}

/** A resource's human name: its `name` (or `key_name`) attribute, else its Name tag, else its Terraform name. */
export function displayName(r: TfResource): string {
  for (const item of r.body) {
    if (item.kind === 'attr' && (item.name === 'name' || item.name === 'key_name') && item.value.kind === 'str') return item.value.text
    if (item.kind === 'attr' && item.name === 'tags' && item.value.kind === 'map') {
      const tag = item.value.entries.find(([k]) => k === 'Name')?.[1]
      if (tag?.kind === 'str') return tag.text
    }
  }
  return r.name
}

const label = (r: TfResource): string => `  ${TASK_TYPES[r.type] ?? r.type}/${displayName(r)}`
/** A resource as kubernetes.tf writes it. */
export const rendered = (r: TfResource): string => writeFile([block('resource', [r.type, r.name], r.body)])

/** The stdout of a direct-target dry run: resources to create / modify, then the verdict. */
export function dryRunReport(previous: TfOutput | undefined, next: TfOutput): string {
  const before = new Map((previous?.resources ?? []).map((r) => [`${r.type}/${r.name}`, rendered(r)]))
  const created = next.resources.filter((r) => !before.has(`${r.type}/${r.name}`))
  const modified = next.resources.filter((r) => before.has(`${r.type}/${r.name}`) && before.get(`${r.type}/${r.name}`) !== rendered(r))
  if (created.length === 0 && modified.length === 0) return 'No changes need to be applied\n'
  const sections: string[] = []
  if (created.length) sections.push(['Will create resources:', ...created.map(label)].join('\n'))
  if (modified.length) sections.push(['Will modify resources:', ...modified.map(label)].join('\n'))
  return `${sections.join('\n\n')}\n\nMust specify --yes to apply changes\n`
}

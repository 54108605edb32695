// Compute resources per instance group: a launch template (user data in data/), an autoscaling
// group (not for Karpenter-managed groups) with the NTH lifecycle hook, and per etcd member of the
// control plane an EBS volume for each etcd cluster (main, events).
import { createHash } from 'node:crypto'
import { parseDuration } from '../flags.ts'
import { int, list, rec, text } from '../yaml-io.ts'
import { attr, block, bool, hlist, num, str, strMap, strs, type HclItem, type HclValue } from './hcl.ts'
import { baseTags, dataFile, family, fileRef, k8sMinor, ref, resource, sgName, sizes, subnetRef, type Group, type Model, type Part, type TfResource } from './model.ts'
import { userData } from './content.ts'
import { targetGroupsFor } from './lb.ts'

const LABEL = 'k8s.io/cluster-autoscaler/node-template/label/'
const METRICS = [
  'GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMaxSize', 'GroupMinSize',
  'GroupPendingInstances', 'GroupStandbyInstances', 'GroupTerminatingInstances', 'GroupTotalInstances',
]
const INSTANCE_STORE = /^(m3|c3|r3|i2|i3|i3en|d2|d3|x1|x1e|h1|z1d|m5d|m5ad|c5d|r5d|m6gd|c6gd|r6gd|m6id|c6id|r6id)\./

const ROLE_TAGS: Record<string, Array<[string, string]>> = {
  ControlPlane: [
    [`${LABEL}kops.k8s.io/kops-controller-pki`, ''],
    [`${LABEL}node-role.kubernetes.io/control-plane`, ''],
    [`${LABEL}node.kubernetes.io/exclude-from-external-load-balancers`, ''],
    ['k8s.io/role/control-plane', '1'],
    ['k8s.io/role/master', '1'],
  ],
  Node: [[`${LABEL}node-role.kubernetes.io/node`, ''], ['k8s.io/role/node', '1']],
  APIServer: [[`${LABEL}node-role.kubernetes.io/api-server`, ''], ['k8s.io/role/apiserver', '1']],
  Bastion: [['k8s.io/role/bastion', '1']],
}

/** The tags of an instance group's ASG, launch template and instances. */
export function groupTags(m: Model, g: Group): Array<[string, string]> {
  const tags: Array<[string, string]> = [...baseTags(m, g.asg), ...ROLE_TAGS[g.role], ['kops.k8s.io/instancegroup', g.name]]
  if (m.nth && g.role !== 'Bastion') tags.push(['aws-node-termination-handler/managed', ''])
  for (const [k, v] of Object.entries(rec(g.spec.cloudLabels))) tags.push([k, text(v)])
  for (const [k, v] of Object.entries(rec(g.spec.nodeLabels))) tags.push([`${LABEL}${k}`, text(v)])
  return tags
}

/** The AMI id of an image: itself when it is one, else a stable made-up id. */
export const amiOf = (image: string): string => (image.startsWith('ami-') ? image : `ami-${createHash('sha256').update(image).digest('hex').slice(0, 8)}`)

function rootVolume(g: Group): HclItem {
  const s = g.spec
  const type = text(s.rootVolumeType) || 'gp3'
  const size = int(s.rootVolumeSize) ?? (g.role === 'ControlPlane' ? 64 : g.role === 'Bastion' ? 32 : 128)
  const ebs: HclItem[] = [attr('delete_on_termination', bool(true)), attr('encrypted', bool(s.rootVolumeEncryption !== false))]
  if (['gp3', 'io1', 'io2'].includes(type)) ebs.push(attr('iops', num(int(s.rootVolumeIops) ?? 3000)))
  if (text(s.rootVolumeEncryptionKey)) ebs.push(attr('kms_key_id', str(text(s.rootVolumeEncryptionKey))))
  if (type === 'gp3') ebs.push(attr('throughput', num(int(s.rootVolumeThroughput) ?? 125)))
  ebs.push(attr('volume_size', num(size)), attr('volume_type', str(type)))
  return block('block_device_mappings', [], [attr('device_name', str('/dev/xvda')), block('ebs', [], ebs)])
}

function networkInterface(m: Model, g: Group): HclItem {
  const publicSubnets = g.subnets.length > 0 && g.subnets.every((s) => s.type === 'Public' || s.type === 'Utility')
  const groups: HclValue[] = [ref('aws_security_group', sgName(m, g.role)), ...list(g.spec.additionalSecurityGroups).map((x) => str(text(x)))]
  return block('network_interfaces', [], [
    attr('associate_public_ip_address', bool(publicSubnets && g.spec.associatePublicIp !== false)),
    attr('delete_on_termination', bool(true)),
    attr('ipv6_address_count', num(0)),
    attr('security_groups', hlist(groups)),
  ])
}

function metadataOptions(m: Model, g: Group): HclItem {
  const meta = rec(g.spec.instanceMetadata)
  const [major, minor] = k8sMinor(m)
  const tokens = text(meta.httpTokens) || (major > 1 || minor >= 27 ? 'required' : 'optional')
  return block('metadata_options', [], [
    attr('http_endpoint', str('enabled')),
    attr('http_protocol_ipv6', str('disabled')),
    attr('http_put_response_hop_limit', num(int(meta.httpPutResponseHopLimit) ?? 1)),
    attr('http_tokens', str(tokens)),
  ])
}

function launchTemplate(m: Model, g: Group): TfResource {
  const tags = strMap(groupTags(m, g))
  const items: HclItem[] = [
    rootVolume(g),
    block('iam_instance_profile', [], [attr('name', ref('aws_iam_instance_profile', `${family(g.role)}.${m.name}`))]),
    attr('image_id', str(amiOf(text(g.spec.image)))),
    attr('instance_type', str(text(g.spec.machineType))),
    block('lifecycle', [], [attr('create_before_destroy', bool(true))]),
    metadataOptions(m, g),
    block('monitoring', [], [attr('enabled', bool(g.spec.detailedInstanceMonitoring === true))]),
    attr('name', str(g.asg)),
    networkInterface(m, g),
    ...['instance', 'volume'].map((t) => block('tag_specifications', [], [attr('resource_type', str(t)), attr('tags', tags)])),
    attr('tags', tags),
    attr('user_data', fileRef(dataFile('aws_launch_template', g.asg, 'user_data'), 'filebase64')),
  ]
  if (INSTANCE_STORE.test(text(g.spec.machineType))) {
    items.splice(1, 0, block('block_device_mappings', [], [attr('device_name', str('/dev/sdc')), attr('virtual_name', str('ephemeral0'))]))
  }
  const key = keyName(m)
  if (key) items.push(attr('key_name', key))
  return resource('aws_launch_template', g.asg, items)
}

/** The launch templates' key_name: the kOps key pair, the named existing key, or none. */
function keyName(m: Model): HclValue | undefined {
  if (m.input.sshKeyName) return str(m.input.sshKeyName)
  if (!m.input.sshKey) return undefined
  return ref('aws_key_pair', `kubernetes.${m.name}-${m.input.sshKey.aws.replaceAll(':', '')}`)
}

function autoscalingGroup(m: Model, g: Group): TfResource {
  const { min, max } = sizes(g)
  const lifetime = Math.round((parseDuration(text(g.spec.maxInstanceLifetime) || '0') ?? 0) / 1000)
  const lt = (a: string): HclValue => ref('aws_launch_template', g.asg, a)
  const items: HclItem[] = [
    attr('enabled_metrics', strs(METRICS)),
    block('launch_template', [], [attr('id', lt('id')), attr('version', lt('latest_version'))]),
    attr('max_instance_lifetime', num(lifetime)),
    attr('max_size', num(max)),
    attr('metrics_granularity', str('1Minute')),
    attr('min_size', num(min)),
    attr('name', str(g.asg)),
    attr('protect_from_scale_in', bool(false)),
    ...[...groupTags(m, g)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) =>
      block('tag', [], [attr('key', str(key)), attr('propagate_at_launch', bool(true)), attr('value', str(value))]),
    ),
    attr('vpc_zone_identifier', hlist(g.subnets.map((s) => subnetRef(m, s)))),
  ]
  const groups = targetGroupsFor(m, g.role)
  if (groups.length) items.push(attr('target_group_arns', hlist(groups)))
  return resource('aws_autoscaling_group', g.asg, items)
}

function lifecycleHook(g: Group): TfResource {
  return resource('aws_autoscaling_lifecycle_hook', `${g.name}-NTHLifecycleHook`, [
    attr('autoscaling_group_name', ref('aws_autoscaling_group', g.asg)),
    attr('default_result', str('CONTINUE')),
    attr('heartbeat_timeout', num(300)),
    attr('lifecycle_transition', str('autoscaling:EC2_INSTANCE_TERMINATING')),
    attr('name', str(`${g.name}-NTHLifecycleHook`)),
  ])
}

function etcdVolumes(m: Model): TfResource[] {
  const out: TfResource[] = []
  for (const raw of list(m.spec.etcdClusters)) {
    const etcd = rec(raw)
    const members = list(etcd.etcdMembers).map(rec)
    const all = members.map((x) => text(x.name)).join(',')
    for (const member of members) {
      const g = m.groups.find((x) => x.name === text(member.instanceGroup))
      const volume = `${text(member.name)}.etcd-${text(etcd.name)}.${m.name}`
      const type = text(member.volumeType) || 'gp3'
      const tags: Array<[string, string]> = [...baseTags(m, volume), [`k8s.io/etcd/${text(etcd.name)}`, `${text(member.name)}/${all}`]]
      tags.push(['k8s.io/role/control-plane', '1'], ['k8s.io/role/master', '1'])
      const items = [attr('availability_zone', str(g?.subnets[0]?.zone ?? '')), attr('encrypted', bool(member.encryptedVolume === true))]
      if (type === 'gp3' || type.startsWith('io')) items.push(attr('iops', num(int(member.volumeIops) ?? 3000)))
      if (text(member.kmsKeyId)) items.push(attr('kms_key_id', str(text(member.kmsKeyId))))
      items.push(attr('size', num(int(member.volumeSize) ?? 20)), attr('tags', strMap(tags)), attr('type', str(type)))
      if (type === 'gp3') items.push(attr('throughput', num(int(member.volumeThroughput) ?? 125)))
      out.push(resource('aws_ebs_volume', volume, items))
    }
  }
  return out
}

function computeLocals(m: Model): Part['locals'] {
  const locals: NonNullable<Part['locals']> = []
  const asgIds = (role: string): HclValue => hlist(m.groups.filter((g) => g.role === role && !g.karpenter).map((g) => ref('aws_autoscaling_group', g.asg)))
  const has = (role: string): boolean => m.groups.some((g) => g.role === role && !g.karpenter)
  if (has('Bastion')) locals.push(['bastion_autoscaling_group_ids', asgIds('Bastion')])
  if (has('ControlPlane')) locals.push(['master_autoscaling_group_ids', asgIds('ControlPlane')])
  if (has('Node')) locals.push(['node_autoscaling_group_ids', asgIds('Node')])
  const nodeSubnets = [...new Map(m.groups.filter((g) => g.role === 'Node').flatMap((g) => g.subnets).map((s) => [s.name, s])).values()]
  if (nodeSubnets.length) locals.push(['node_subnet_ids', hlist(nodeSubnets.map((s) => subnetRef(m, s)))])
  return locals
}

/** Launch templates, ASGs, lifecycle hooks, etcd volumes; user data files; ASG and subnet locals. */
export function compute(m: Model): Part {
  const resources: TfResource[] = []
  const files: Array<[string, string]> = []
  for (const g of m.groups) {
    resources.push(launchTemplate(m, g))
    files.push([dataFile('aws_launch_template', g.asg, 'user_data'), userData(m, g)])
    if (g.karpenter) continue
    resources.push(autoscalingGroup(m, g))
    if (m.nth && g.role !== 'Bastion') resources.push(lifecycleHook(g))
  }
  return { resources: [...resources, ...etcdVolumes(m)], files, locals: computeLocals(m) }
}

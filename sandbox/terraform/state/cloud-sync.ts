// After an apply or destroy, the sandbox terraform is the cloud writer of kOps clusters: the
// `aws_launch_template` and `aws_autoscaling_group` resources that carry kOps's tags
// (`KubernetesCluster`, `kops.k8s.io/instancegroup`, `k8s.io/role/…`) are what EC2 would now hold.
// For every cluster whose groups differ between the state before and the state after, the shared
// cloud file (common/cloud.ts) gets the new launch template versions and ASG sizes; the ASGs then
// launch or terminate instances. Nothing else of terraform reads or writes it.
import { createHash } from 'node:crypto'
import { applyGroups, readCloud, writeCloud, type CloudRole, type DesiredGroup, type TemplateRef } from '../../common/cloud.ts'
import type { Ctx } from './context.ts'
import type { StateFile } from './state.ts'
import { isObject, type Value, type ValueObject } from '../lang/values.ts'

const ROLE_TAGS: Array<[string, CloudRole]> = [
  ['k8s.io/role/control-plane', 'ControlPlane'],
  ['k8s.io/role/master', 'ControlPlane'],
  ['k8s.io/role/apiserver', 'APIServer'],
  ['k8s.io/role/bastion', 'Bastion'],
  ['k8s.io/role/node', 'Node'],
]
// Attributes the provider computes: not part of a launch template's content.
const COMPUTED = new Set(['id', 'arn', 'latest_version', 'default_version'])

/** A resource's tags: the `tags` map, or the ASG's `tag` blocks ({key, value}). */
function tagsOf(attrs: ValueObject): Record<string, string> {
  const out: Record<string, string> = {}
  if (isObject(attrs.tags)) for (const [k, v] of Object.entries(attrs.tags)) out[k] = String(v ?? '')
  if (Array.isArray(attrs.tag)) for (const t of attrs.tag) if (isObject(t)) out[String(t.key)] = String(t.value ?? '')
  return out
}

const num = (v: Value | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined)

function sorted(v: Value): Value {
  if (Array.isArray(v)) return v.map(sorted)
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
  return v
}

const contentHash = (attrs: ValueObject): string =>
  createHash('sha256').update(JSON.stringify(sorted(Object.fromEntries(Object.entries(attrs).filter(([k]) => !COMPUTED.has(k)))))).digest('hex').slice(0, 16)

/** The kOps groups a state holds, per cluster name. */
function groupsOf(state: StateFile): Map<string, Record<string, DesiredGroup>> {
  const byCluster = new Map<string, Record<string, DesiredGroup>>()
  const lts = new Map<string, TemplateRef & { name: string; hash: string }>()
  const asgs: Array<{ cluster: string; ig: string; role: CloudRole; attrs: ValueObject }> = []
  for (const r of state.resources) {
    if (r.mode !== 'managed' || (r.type !== 'aws_launch_template' && r.type !== 'aws_autoscaling_group')) continue
    for (const { attributes: attrs } of r.instances) {
      const tags = tagsOf(attrs)
      const cluster = tags.KubernetesCluster
      const ig = tags['kops.k8s.io/instancegroup']
      if (!cluster || !ig) continue
      const role = ROLE_TAGS.find(([k]) => tags[k] !== undefined)?.[1] ?? 'Node'
      const groups = byCluster.get(cluster) ?? {}
      byCluster.set(cluster, groups)
      if (r.type === 'aws_autoscaling_group') {
        asgs.push({ cluster, ig, role, attrs })
        continue
      }
      const template = { name: String(attrs.name ?? ''), id: String(attrs.id ?? ''), version: num(attrs.latest_version) ?? 1, hash: contentHash(attrs) }
      lts.set(template.id, template)
      groups[ig] = { ...groups[ig], role, launchTemplate: template }
    }
  }
  for (const { cluster, ig, role, attrs } of asgs) {
    const spec = Array.isArray(attrs.launch_template) && isObject(attrs.launch_template[0]) ? attrs.launch_template[0] : {}
    const id = String(spec.id ?? '')
    // A version that is not a number ($Latest, $Default) is the template's latest one.
    const version = num(spec.version) ?? lts.get(id)?.version ?? 1
    const min = num(attrs.min_size) ?? 0
    const groups = byCluster.get(cluster) ?? {}
    groups[ig] = { ...groups[ig], role, asg: { name: String(attrs.name ?? ''), min, max: num(attrs.max_size) ?? min, launchTemplate: { id, version } } }
  }
  return byCluster
}

/** Records in the cloud what an apply or destroy changed of kOps clusters' groups. */
export function syncCloud(ctx: Ctx, prior: StateFile, next: StateFile): void {
  const before = groupsOf(prior)
  const after = groupsOf(next)
  const same = (a: object, b: object): boolean => JSON.stringify(sorted(a as unknown as Value)) === JSON.stringify(sorted(b as unknown as Value))
  for (const cluster of new Set([...before.keys(), ...after.keys()])) {
    const want = after.get(cluster) ?? {}
    const cloud = readCloud(ctx.io.env, ctx.io.cwd, cluster)
    // Unchanged groups leave the cloud alone (a file lost from the sandbox is written again).
    if (same(want, before.get(cluster) ?? {}) && (cloud !== undefined || Object.keys(want).length === 0)) continue
    writeCloud(ctx.io.env, ctx.io.cwd, applyGroups(cloud, cluster, want))
  }
}

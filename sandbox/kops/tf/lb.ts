// Network load balancers as kOps 1.28 renders them: one for the API when spec.api.loadBalancer is
// set (internal when type is Internal), one for the bastion when there is a Bastion IG; each with
// a TCP listener and target group that the matching ASGs register with.
import { list, rec, text } from '../yaml-io.ts'
import { attr, block, bool, hlist, num, str, strMap, type HclValue } from './hcl.ts'
import { baseTags, digest, hasRole, ref, resource, subnetRef, tfName, vpcRef, type Model, type Part, type Subnet } from './model.ts'
import { apiElbSg, bastionElbSg, hasApiLoadBalancer } from './security.ts'

/** An AWS name of at most 32 characters, like kOps's GetResourceName32. */
export function name32(prefix: string, cluster: string): string {
  const full = `${prefix}-${cluster.replaceAll('.', '-')}`
  return full.length <= 32 ? full : `${full.slice(0, 25)}-${digest(full, 6)}`
}

interface Balancer {
  raw: string
  extraGroups: string[]
  port: number
  internal: boolean
  sg: string
  subnets: Subnet[]
  targetGroup: string
}

// One subnet per zone, preferring the first listed.
function perZone(subnets: Subnet[]): Subnet[] {
  const byZone = new Map<string, Subnet>()
  for (const s of subnets) if (!byZone.has(s.zone)) byZone.set(s.zone, s)
  return [...byZone.values()]
}

function balancers(m: Model): Balancer[] {
  const out: Balancer[] = []
  const publicish = m.subnets.filter((s) => s.type === 'Utility' || s.type === 'Public')
  if (hasApiLoadBalancer(m)) {
    const spec = rec(rec(m.spec.api).loadBalancer)
    const internal = text(spec.type) === 'Internal'
    const subnets = internal ? m.subnets.filter((s) => s.type === 'Private' || s.type === 'Public') : publicish
    const extraGroups = list(spec.additionalSecurityGroups).map(text)
    out.push({ raw: `api.${m.name}`, extraGroups, port: 443, internal, sg: apiElbSg(m), subnets: perZone(subnets), targetGroup: name32('tcp', m.name) })
  }
  if (hasRole(m, 'Bastion')) {
    const extraGroups = list(rec(rec(rec(m.spec.topology).bastion).loadBalancer).additionalSecurityGroups).map(text)
    out.push({ raw: `bastion.${m.name}`, extraGroups, port: 22, internal: false, sg: bastionElbSg(m), subnets: perZone(publicish), targetGroup: name32('bastion', m.name) })
  }
  return out
}

function render(m: Model, b: Balancer): Part['resources'] {
  const tags = strMap(baseTags(m, b.raw))
  const lb = resource('aws_lb', b.raw, [
    attr('enable_cross_zone_load_balancing', bool(false)),
    attr('internal', bool(b.internal)),
    attr('load_balancer_type', str('network')),
    attr('name', str(name32(b.raw.split('.')[0], m.name))),
    attr('security_groups', hlist([ref('aws_security_group', b.sg), ...b.extraGroups.map(str)])),
    ...b.subnets.map((s) => block('subnet_mapping', [], [attr('subnet_id', subnetRef(m, s))])),
    attr('tags', tags),
  ])
  const health = [attr('healthy_threshold', num(2)), attr('interval', num(10)), attr('protocol', str('TCP')), attr('unhealthy_threshold', num(2))]
  const group = resource('aws_lb_target_group', b.targetGroup, [
    block('health_check', [], health),
    attr('name', str(b.targetGroup)),
    attr('port', num(b.port)),
    attr('protocol', str('TCP')),
    attr('tags', strMap(baseTags(m, b.targetGroup))),
    attr('vpc_id', vpcRef(m)),
  ])
  const action = [attr('target_group_arn', ref('aws_lb_target_group', b.targetGroup)), attr('type', str('forward'))]
  const listener = resource('aws_lb_listener', `${b.raw.split('.')[0]}-${tfName(m.name)}-${b.port}`, [
    block('default_action', [], action),
    attr('load_balancer_arn', ref('aws_lb', b.raw)),
    attr('port', num(b.port)),
    attr('protocol', str('TCP')),
  ])
  return [lb, group, listener]
}

/** The load balancers with their listeners and target groups. */
export function loadBalancers(m: Model): Part {
  return { resources: balancers(m).flatMap((b) => render(m, b)) }
}

/** The target groups an ASG of this role registers with (`target_group_arns`). */
export function targetGroupsFor(m: Model, role: string): HclValue[] {
  const bs = balancers(m)
  if (role === 'ControlPlane') return bs.filter((b) => b.port === 443).map((b) => ref('aws_lb_target_group', b.targetGroup))
  if (role === 'Bastion') return bs.filter((b) => b.port === 22).map((b) => ref('aws_lb_target_group', b.targetGroup))
  return []
}

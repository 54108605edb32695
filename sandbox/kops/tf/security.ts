// Security groups and rules, named the way kOps names them
// (`from-<source>-<ingress|egress>-<protocol>-<from>to<to>-<target>`): masters and nodes (plus
// bastion and load-balancer groups when present), SSH from spec.sshAccess (through the bastion
// when there is one), the API from spec.kubernetesApiAccess (through the API load balancer when
// spec.api.loadBalancer is set), all traffic within and out of each group.
import { list, rec, text } from '../yaml-io.ts'
import { attr, hlist, num, str, strMap, strs } from './hcl.ts'
import { baseTags, hasRole, ref, resource, sgName, vpcRef, type Model, type Part, type TfResource } from './model.ts'

const sgRef = (raw: string) => ref('aws_security_group', raw)
const isV6 = (cidr: string): boolean => cidr.includes(':')

/**
 * Whether the API has a load balancer: spec.api.loadBalancer, or — with no spec.api.dns either —
 * inferred, as kOps does, when a control plane sits in a private subnet.
 */
export function hasApiLoadBalancer(m: Model): boolean {
  const api = rec(m.spec.api)
  if (api.loadBalancer !== undefined) return true
  if (api.dns !== undefined) return false
  return m.groups.some((g) => g.role === 'ControlPlane' && g.subnets.some((s) => s.type === 'Private'))
}

/** The raw name of the API load balancer's security group. */
export const apiElbSg = (m: Model): string => `api-elb.${m.name}`
/** The raw name of the bastion load balancer's security group. */
export const bastionElbSg = (m: Model): string => `bastion-elb.${m.name}`

function group(m: Model, raw: string, description: string): TfResource {
  return resource('aws_security_group', raw, [
    attr('description', str(description)),
    attr('name', str(raw)),
    attr('tags', strMap(baseTags(m, raw))),
    attr('vpc_id', vpcRef(m)),
  ])
}

function rule(name: string, target: string, type: 'ingress' | 'egress', protocol: string, from: number, to: number, source: { cidr?: string; sg?: string }): TfResource {
  const items = [
    attr('from_port', num(from)),
    attr('protocol', str(protocol)),
    attr('security_group_id', sgRef(target)),
    attr('to_port', num(to)),
    attr('type', str(type)),
  ]
  if (source.sg) items.push(attr('source_security_group_id', sgRef(source.sg)))
  if (source.cidr) items.push(attr(isV6(source.cidr) ? 'ipv6_cidr_blocks' : 'cidr_blocks', strs([source.cidr])))
  return resource('aws_security_group_rule', name, items)
}

const fromCidr = (cidr: string, protocol: string, from: number, to: number, target: string): TfResource =>
  rule(`from-${cidr}-ingress-${protocol}-${from}to${to}-${target}`, target, 'ingress', protocol, from, to, { cidr })

const fromGroup = (source: string, protocol: string, from: number, to: number, target: string): TfResource => {
  const p = protocol === '-1' ? 'all' : protocol
  return rule(`from-${source}-ingress-${p}-${from}to${to}-${target}`, target, 'ingress', protocol, from, to, { sg: source })
}

const egressAll = (sg: string): TfResource[] =>
  ['0.0.0.0/0', '::/0'].map((cidr) => rule(`from-${sg}-egress-all-0to0-${cidr}`, sg, 'egress', '-1', 0, 0, { cidr }))

function sshRules(m: Model, masters: string, nodes: string): TfResource[] {
  const access = list(m.spec.sshAccess).map(text)
  if (!hasRole(m, 'Bastion')) return access.flatMap((c) => [fromCidr(c, 'tcp', 22, 22, masters), fromCidr(c, 'tcp', 22, 22, nodes)])
  const bastion = sgName(m, 'Bastion')
  const lb = bastionElbSg(m)
  return [
    ...access.map((c) => fromCidr(c, 'tcp', 22, 22, lb)),
    fromGroup(lb, 'tcp', 22, 22, bastion),
    fromGroup(bastion, 'tcp', 22, 22, masters),
    fromGroup(bastion, 'tcp', 22, 22, nodes),
  ]
}

function apiRules(m: Model, masters: string): TfResource[] {
  const access = list(m.spec.kubernetesApiAccess).map(text)
  if (!hasApiLoadBalancer(m)) return access.map((c) => fromCidr(c, 'tcp', 443, 443, masters))
  const lb = apiElbSg(m)
  return [...access.map((c) => fromCidr(c, 'tcp', 443, 443, lb)), fromGroup(lb, 'tcp', 443, 443, masters)]
}

function clusterRules(masters: string, nodes: string): TfResource[] {
  return [
    ...egressAll(masters),
    ...egressAll(nodes),
    fromGroup(masters, '-1', 0, 0, masters),
    fromGroup(masters, '-1', 0, 0, nodes),
    fromGroup(nodes, '-1', 0, 0, nodes),
    fromGroup(nodes, 'tcp', 1, 2379, masters),
    fromGroup(nodes, 'tcp', 2382, 4000, masters),
    fromGroup(nodes, 'tcp', 4003, 65535, masters),
    fromGroup(nodes, 'udp', 1, 65535, masters),
  ]
}

function extraGroups(m: Model): TfResource[] {
  const out: TfResource[] = []
  if (hasRole(m, 'Bastion')) {
    out.push(group(m, sgName(m, 'Bastion'), 'Security group for bastion'), group(m, bastionElbSg(m), 'Security group for bastion ELB'))
    out.push(...egressAll(sgName(m, 'Bastion')), ...egressAll(bastionElbSg(m)))
  }
  if (hasApiLoadBalancer(m)) out.push(group(m, apiElbSg(m), 'Security group for api ELB'), ...egressAll(apiElbSg(m)))
  return out
}

/** Security groups and rules, with the masters/nodes (and bastion) group id locals. */
export function security(m: Model): Part {
  const masters = sgName(m, 'ControlPlane')
  const nodes = sgName(m, 'Node')
  const nodePorts = list(m.spec.nodePortAccess).map(text)
  const resources = [
    group(m, masters, 'Security group for masters'),
    group(m, nodes, 'Security group for nodes'),
    ...extraGroups(m),
    ...clusterRules(masters, nodes),
    ...sshRules(m, masters, nodes),
    ...apiRules(m, masters),
    ...nodePorts.flatMap((c) => [fromCidr(c, 'tcp', 30000, 32767, nodes), fromCidr(c, 'udp', 30000, 32767, nodes)]),
  ]
  const locals: Part['locals'] = [
    ['master_security_group_ids', hlist([sgRef(masters)])],
    ['node_security_group_ids', hlist([sgRef(nodes)])],
  ]
  if (hasRole(m, 'Bastion')) locals.push(['bastion_security_group_ids', hlist([sgRef(sgName(m, 'Bastion'))])])
  return { resources, locals }
}

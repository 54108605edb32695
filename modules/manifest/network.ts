// The cluster's networking (API_RULES §2): exactly one CNI block (`classic` is gone, kubenet has
// no IPv6); every CIDR parses and is canonical; the pod range (nonMasqueradeCIDR) does not overlap
// the VPC; the service range lies inside the pod range.
import { contains, formatCidr, isCanonical, network, overlaps, parseCidr, parseIP, type Cidr } from './cidr.ts'
import { child, entries, items, malformed, ownerAt, text, valueAt, type At } from './nodes.ts'
import { field, requireField, type Findings } from './problem.ts'

/** The VPC ranges subnets must lie in: networkCIDR, then additionalNetworkCIDRs (those that parse). */
export interface Networks {
  main?: { cidr: Cidr; text: string }
  all: Cidr[]
}

/**
 * A CIDR field's value, or undefined after reporting it (rule `cidr-invalid` or `cidr-not-canonical`,
 * in kOps's wording). A non-canonical CIDR is still returned, masked, for the range checks.
 */
export function checkCidr(f: Findings, at: At | undefined): Cidr | undefined {
  const value = text(at)
  if (at === undefined || value === undefined || value === '') return undefined
  const cidr = parseCidr(value)
  if (cidr === undefined) {
    const bare = !value.includes('/') && parseIP(value)
    const detail = `Could not be parsed as a CIDR${bare ? ` (did you mean "${value}/${bare.family === 4 ? 32 : 128}")` : ''}`
    f.error(valueAt(at), 'cidr-invalid', field.invalid(at.path, value, detail), 'write ADDRESS/PREFIX, e.g. 10.0.0.0/16')
    return undefined
  }
  if (!isCanonical(cidr)) {
    const fixed = formatCidr(network(cidr))
    const detail = `Network contains bits outside prefix (did you mean "${fixed}")`
    f.error(valueAt(at), 'cidr-not-canonical', field.invalid(at.path, value, detail), `write ${fixed}: the address must be the first of its range`)
  }
  return network(cidr)
}

/** Access lists of CIDRs; AWS managed prefix lists (`pl-…`) are allowed there too. */
function checkAccessList(f: Findings, at: At | undefined): void {
  for (const item of items(at)) if (!text(item)?.startsWith('pl-')) checkCidr(f, item)
}

/** True when the CNI routes pods in the VPC itself (amazonvpc, cilium ENI), so ranges may overlap. */
function podsInVpc(spec: At): boolean {
  const networking = child(spec, 'networking')
  return child(networking, 'amazonvpc') !== undefined || child(networking, 'lyftvpc') !== undefined || text(child(child(networking, 'cilium'), 'ipam')) === 'eni'
}

/** Checks networkCIDR, additionalNetworkCIDRs, the access lists and the pod and service ranges. */
export function checkNetworks(f: Findings, spec: At, cloud: string): Networks {
  const why = 'Cluster did not have networkCIDR set'
  const mainAt = cloud === 'aws' ? requireField(f, spec, 'networkCIDR', why, 'set networkCIDR to the VPC range, e.g. 10.0.0.0/16') : child(spec, 'networkCIDR')
  const main = checkCidr(f, mainAt)
  const extra = items(child(spec, 'additionalNetworkCIDRs')).map((at) => ({ at, cidr: checkCidr(f, at) }))
  for (const key of ['sshAccess', 'kubernetesApiAccess', 'nodePortAccess']) checkAccessList(f, child(spec, key))
  const nets: Networks = { main: main && { cidr: main, text: text(mainAt) ?? '' }, all: [main, ...extra.map((e) => e.cidr)].filter((c) => c !== undefined) }
  checkPodRange(f, spec, nets, extra, cloud !== 'gce')
  return nets
}

// nonMasqueradeCIDR: required (but on GCE), "::/0" for IPv6, clear of the VPC unless pods live in it.
function checkPodRange(f: Findings, spec: At, nets: Networks, extra: { at: At; cidr?: Cidr }[], required: boolean): void {
  const why = 'Cluster did not have nonMasqueradeCIDR set'
  const podAt = required ? requireField(f, spec, 'nonMasqueradeCIDR', why, 'set nonMasqueradeCIDR: 100.64.0.0/10') : child(spec, 'nonMasqueradeCIDR')
  const pods = checkCidr(f, podAt)
  if (podAt === undefined || pods === undefined) return
  const podText = text(podAt) ?? ''
  if (pods.family === 6 && podText !== '::/0') {
    f.error(valueAt(podAt), 'non-masquerade-ipv6', field.forbidden(podAt.path, 'IPv6 clusters must have a nonMasqueradeCIDR of "::/0"'), 'set nonMasqueradeCIDR: ::/0')
  }
  const clash = (cidr: Cidr | undefined, what: string) => {
    if (cidr === undefined || !overlaps(pods, cidr) || podsInVpc(spec)) return
    const detail = `nonMasqueradeCIDR ${JSON.stringify(podText)} cannot overlap with ${what}`
    f.error(valueAt(podAt), 'non-masquerade-overlap', field.forbidden(podAt.path, detail), 'pick a pod range outside the VPC, e.g. 100.64.0.0/10')
  }
  clash(nets.main?.cidr, `networkCIDR ${JSON.stringify(nets.main?.text)}`)
  extra.forEach((e, i) => clash(e.cidr, `additionalNetworkCIDRs[${i}] ${JSON.stringify(text(e.at))}`))
  checkServiceRange(f, spec, pods, podText)
}

// serviceClusterIPRange (optional; kOps derives it) must lie inside the pod range.
function checkServiceRange(f: Findings, spec: At, pods: Cidr, podText: string): void {
  const at = child(spec, 'serviceClusterIPRange')
  const services = checkCidr(f, at)
  if (at === undefined || services === undefined || contains(pods, services)) return
  const detail = `serviceClusterIPRange ${JSON.stringify(text(at))} must be a subnet of nonMasqueradeCIDR ${JSON.stringify(podText)}`
  f.error(valueAt(at), 'service-range-outside-non-masquerade', field.forbidden(at.path, detail), `pick a range inside ${podText}, or leave it out for kOps to choose`)
}

/** The v1alpha2 names of the networking options (validation.go validateNetworking). */
export const CNI_OPTIONS = [
  'kubenet', 'external', 'cni', 'kopeio', 'weave', 'flannel', 'calico', 'canal',
  'kuberouter', 'amazonvpc', 'cilium', 'lyftvpc', 'gce', 'kindnet',
]

/** True when the cluster is IPv6 (kOps: its nonMasqueradeCIDR is an IPv6 range). */
export const isIPv6 = (spec: At): boolean => (text(child(spec, 'nonMasqueradeCIDR')) ?? '').includes(':')

/** Checks the networking block of a Cluster spec. */
export function checkNetworking(f: Findings, spec: At): void {
  const networking = child(spec, 'networking')
  if (malformed(networking, 'map')) return
  const options = entries(networking).filter(([key]) => CNI_OPTIONS.includes(key))
  const classic = child(networking, 'classic')
  if (classic !== undefined) {
    const message = field.invalid('spec.networking', 'classic', 'classic networking is not supported')
    f.error(ownerAt(classic), 'networking-classic', message, 'choose a CNI, e.g. "calico: {}"')
  }
  if (options.length === 0 && classic === undefined) {
    const hint = `add one networking option, e.g. "calico: {}" (known: ${CNI_OPTIONS.join(', ')})`
    f.error(ownerAt(networking ?? spec), 'networking-none', field.required('spec.networking', 'no networking option set'), hint)
  }
  for (const [, at] of options.slice(1)) {
    const hint = `keep one of ${options.map(([key]) => key).join(', ')}`
    f.error(ownerAt(at), 'networking-multiple', field.forbidden(at.path, 'only one networking option permitted'), hint)
  }
  const kubenet = child(networking, 'kubenet')
  if (kubenet !== undefined && isIPv6(spec)) {
    const hint = 'use a CNI with IPv6 support, e.g. calico or cilium'
    f.error(ownerAt(kubenet), 'networking-kubenet-ipv6', field.forbidden(kubenet.path, 'Kubenet does not support IPv6'), hint)
  }
}

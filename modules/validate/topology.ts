// Rules across `prerequisites:` values: zones in the cluster's region and listed once, control-plane
// zones among availability_zones and odd in number (etcd needs a majority), subnet and NAT gateway
// maps keyed by exactly those zones, min sizes not above max sizes, gossip names for gossip clusters.
import { didYouMean } from '../diag/suggest.ts'
import type { LayerContract } from './layer-variables.ts'
import type { SettingIssue } from './prerequisites.ts'
import { inRegion, KINDS } from './shapes.ts'

type Values = Record<string, unknown>

const P = 'prerequisites'
const isMapping = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v)
const zoneList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((z): z is string => typeof z === 'string') : undefined)

/** The cluster's region as the layer gets it (prerequisites.region wins over region), when well formed. */
function regionOf(settings: Values, values: Values): string | undefined {
  const region = values.region ?? settings.region
  return typeof region === 'string' && KINDS.region.problem(region) === undefined ? region : undefined
}

// Each zone of a zone list: in the region, listed once. False when a zone is wrong (the checks
// that compare with the list would only repeat it).
function checkZoneList(key: string, values: Values, region: string | undefined, out: SettingIssue[]): boolean {
  const list = values[key]
  if (!Array.isArray(list)) return false
  const before = out.length
  if (list.length === 0) out.push({ path: [P, key], rule: 'zone', message: `"${P}.${key}" names no zone`, hint: `list the zones, e.g. [${region ?? 'us-east-1'}a]` })
  const seen = new Set<string>()
  list.forEach((zone, i) => {
    if (typeof zone !== 'string' || KINDS.zone.problem(zone) !== undefined) return
    if (region && !inRegion(zone, region)) {
      const hint = `zones of ${region} are named ${region}a, ${region}b, …; fix the zone, or the region`
      out.push({ path: [P, key, i], rule: 'zone-region', message: `"${P}.${key}" names "${zone}", which is not a zone of the cluster's region ${region}`, hint })
    }
    if (seen.has(zone)) out.push({ path: [P, key, i], rule: 'zone-duplicate', message: `"${P}.${key}" names "${zone}" twice`, hint: 'list each zone once' })
    seen.add(zone)
  })
  return out.length === before && list.every((z) => typeof z === 'string' && KINDS.zone.problem(z) === undefined)
}

// Control-plane zones: a subset of availability_zones, and an odd number of them.
function checkMasters(values: Values, zones: string[] | undefined, out: SettingIssue[]): void {
  const masters = values.cluster_master_azs
  if (!Array.isArray(masters)) return
  masters.forEach((zone, i) => {
    if (typeof zone !== 'string' || !zones || zones.includes(zone) || KINDS.zone.problem(zone) !== undefined) return
    const hint = `add it to availability_zones, or pick one of those${didYouMean(zone, zones)}`
    out.push({ path: [P, 'cluster_master_azs', i], rule: 'master-zones', message: `"${P}.cluster_master_azs" names "${zone}", which is not one of availability_zones (${zones.join(', ')})`, hint })
  })
  const count = new Set(masters).size
  if (count > 0 && count % 2 === 0) {
    const message = `"${P}.cluster_master_azs" names ${count} zones: etcd needs an odd number of control-plane nodes to keep a majority`
    out.push({ path: [P, 'cluster_master_azs'], rule: 'master-count', message, hint: 'list 1 or 3 zones' })
  }
}

const ZONE_MAPS: [key: string, what: string][] = [
  ['public_subnet_ids', 'subnet ID'],
  ['private_subnet_ids', 'subnet ID'],
  ['nat_gateway_ids', 'NAT gateway ID'],
]

// Subnet and NAT gateway maps: one entry per zone of availability_zones, and no other.
function checkZoneMaps(values: Values, zones: string[] | undefined, out: SettingIssue[]): void {
  if (!zones) return
  for (const [key, what] of ZONE_MAPS) {
    const map = values[key]
    if (!isMapping(map)) continue
    for (const zone of Object.keys(map).filter((z) => !zones.includes(z))) {
      const message = `"${P}.${key}" has an entry for "${zone}", which is not one of availability_zones (${zones.join(', ')})`
      out.push({ path: [P, key, zone], atKey: true, rule: 'zone-map', message, hint: `key it by a zone of availability_zones${didYouMean(zone, zones)}, or add the zone there` })
    }
    for (const zone of [...new Set(zones)].filter((z) => !(z in map))) {
      out.push({ path: [P, key], rule: 'zone-map', message: `"${P}.${key}" has no entry for zone "${zone}" of availability_zones`, hint: `add ${zone}: <its ${what}>` })
    }
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined)

// Instance group sizes: whole numbers, and min not above max (defaults count when a side is left out).
function checkSizes(values: Values, defaults: Map<string, string | undefined>, out: SettingIssue[]): void {
  for (const group of ['master', 'worker']) {
    const [min, max] = ['min', 'max'].map((side) => `kops_${group}_machine_${side}_size`)
    for (const key of [min, max]) {
      const n = num(values[key])
      if (n !== undefined && !(Number.isInteger(n) && n >= 0)) out.push({ path: [P, key], rule: 'size', message: `"${P}.${key}" must be a whole number of 0 or more, not ${JSON.stringify(values[key])}`, hint: 'write a count, e.g. 1' })
    }
    const lo = num(values[min] ?? defaults.get(min))
    const hi = num(values[max] ?? defaults.get(max))
    if (lo === undefined || hi === undefined || !(lo > hi)) continue
    const at = values[min] !== undefined ? min : max
    out.push({ path: [P, at], rule: 'size-range', message: `"${P}.${min}" is ${lo}, more than ${max} (${hi})`, hint: 'lower the min size or raise the max size' })
  }
}

// A gossip cluster's name ends in .k8s.local; a Route53 cluster's name does not.
function checkGossip(values: Values, defaults: Map<string, string | undefined>, out: SettingIssue[]): void {
  const name = values.cluster_name
  if (typeof name !== 'string' || KINDS.dnsName.problem(name) !== undefined) return
  const given = values.gossip_cluster
  const flag = String(given ?? defaults.get('gossip_cluster'))
  if (flag !== 'true' && flag !== 'false') return // not a boolean: its type check says so
  const gossip = flag === 'true'
  const why = `gossip_cluster is ${gossip}${given === undefined ? ' by default' : ''}`
  if (gossip && !name.endsWith('.k8s.local')) {
    out.push({ path: [P, 'cluster_name'], rule: 'gossip-name', message: `"${P}.cluster_name" "${name}" does not end in .k8s.local, as a gossip cluster's name must (${why})`, hint: 'end the name in .k8s.local, or set gossip_cluster: false to use a Route53 zone' })
  } else if (!gossip && name.endsWith('.k8s.local')) {
    out.push({ path: [P, 'cluster_name'], rule: 'gossip-name', message: `"${P}.cluster_name" "${name}" ends in .k8s.local, which only gossip clusters use (${why})`, hint: 'set gossip_cluster: true, or name the cluster in its DNS zone' })
  }
}

/** The cross-value issues of cluster.yaml's `prerequisites` (and its `region`). */
export function checkTopology(settings: Values, contract: LayerContract): SettingIssue[] {
  const out: SettingIssue[] = []
  const values = isMapping(settings.prerequisites) ? settings.prerequisites : {}
  if (typeof settings.region === 'string' && KINDS.region.problem(settings.region)) {
    out.push({ path: ['region'], rule: KINDS.region.rule, message: `"region" ${KINDS.region.problem(settings.region)}`, hint: KINDS.region.hint })
  }
  const region = regionOf(settings, values)
  const [zonesOk] = ['availability_zones', 'cluster_master_azs'].map((key) => checkZoneList(key, values, region, out))
  const zones = zonesOk ? zoneList(values.availability_zones) : undefined
  checkMasters(values, zones, out)
  checkZoneMaps(values, zones, out)
  const defaults = new Map(contract.variables.map((v) => [v.name, v.default?.replace(/^"(.*)"$/, '$1')]))
  checkSizes(values, defaults, out)
  checkGossip(values, defaults, out)
  return out
}

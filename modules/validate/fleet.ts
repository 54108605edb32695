// Across clusters: two cluster.yaml files that name the same Terraform state (backend bucket + key,
// per layer), the same kOps cluster name, or the same kOps state store would fight over one thing.
// Each cluster's identifying values are facts with their location; conflicts name both files.
import type { YamlFile } from '../config/yaml-doc.ts'
import type { Location } from '../diag/mod.ts'
import { formatLocation } from '../diag/mod.ts'
import { LAYER_DIRS } from './layer-variables.ts'

export interface Fact {
  kind: 'backend.prerequisites' | 'backend.kops' | 'cluster-name' | 'state-store'
  /** What two clusters must not share. */
  key: string
  /** The value as the message shows it. */
  text: string
  at: Location
}

export interface ClusterFacts {
  cluster: string
  facts: Fact[]
}

/** A conflict found in one cluster's cluster.yaml, naming the other files. */
export interface Conflict {
  cluster: string
  at: Location
  rule: string
  message: string
  hint: string
}

type Values = Record<string, unknown>
const mapping = (v: unknown): Values => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Values) : {})

/** The kOps state bucket 1-prerequisites creates, as its locals.tf names it (`kops_s3_bucket`). */
export const kopsStateBucket = (projectShort: string, environment: string, clusterName: string): string =>
  `${projectShort}-${environment}-kops-state-${clusterName.replaceAll('.', '-')}`

/** The identifying values of one parsed cluster.yaml, each where it is written. */
export function clusterFacts(doc: YamlFile): Fact[] {
  const value = mapping(doc.value)
  const facts: Fact[] = []
  for (const layer of ['prerequisites', 'kops'] as const) {
    const { bucket, key } = mapping(mapping(value.backends)[layer])
    if (typeof bucket !== 'string' || typeof key !== 'string') continue
    facts.push({ kind: `backend.${layer}`, key: `${bucket}\0${key}`, text: `bucket "${bucket}", key "${key}"`, at: doc.locateValue(['backends', layer, 'key']) })
  }
  const { project_short: project, environment, cluster_name: name } = mapping(value.prerequisites)
  if (typeof name !== 'string') return facts
  const at = doc.locateValue(['prerequisites', 'cluster_name'])
  facts.push({ kind: 'cluster-name', key: name, text: `"${name}"`, at })
  if (typeof project === 'string' && typeof environment === 'string') {
    const bucket = kopsStateBucket(project, environment, name)
    facts.push({ kind: 'state-store', key: bucket, text: `s3://${bucket}`, at })
  }
  return facts
}

const others = (list: { cluster: string; at: Location }[]): string => {
  const named = list.map((o) => `"${o.cluster}" (${formatLocation(o.at)})`)
  return list.length === 1 ? `cluster ${named[0]}` : `clusters ${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`
}

// The message and hint of one conflict, by what is shared.
function wording(fact: Fact, cluster: string, with_: string): { rule: string; message: string; hint: string } {
  if (fact.kind === 'cluster-name') {
    const own = fact.key.replace(/^[^.]+/, cluster)
    const hint = `give each cluster its own name${own !== fact.key ? `, e.g. ${own}` : ''}`
    return { rule: 'shared-cluster-name', message: `"prerequisites.cluster_name" ${fact.text} is also the cluster name of ${with_}: kOps would manage both as one cluster`, hint }
  }
  if (fact.kind === 'state-store') {
    const message = `the kOps state store ${fact.text} (from project_short, environment and cluster_name) is also the one of ${with_}: both would create and use one bucket`
    return { rule: 'shared-state-store', message, hint: 'change project_short, environment or cluster_name so that the bucket names differ' }
  }
  const layer = fact.kind === 'backend.kops' ? 'kops' : 'prerequisites'
  const key = fact.key.split('\0')[1]
  const own = `${cluster}/${LAYER_DIRS[layer]}.tfstate`
  const hint = `each cluster needs its own state: change the key here or there${own !== key ? `, e.g. key: ${own}` : ''}`
  return { rule: 'shared-backend', message: `backends.${layer} (${fact.text}) is also the backend of ${with_}: the clusters would share one Terraform state`, hint }
}

/**
 * The conflicts of the `selected` clusters with every cluster in `all`: one per shared value, in
 * the selected cluster's file. A shared state store is left out where the cluster name is shared too.
 */
export function fleetConflicts(all: readonly ClusterFacts[], selected: ReadonlySet<string>): Conflict[] {
  const holders = new Map<string, { cluster: string; fact: Fact }[]>()
  for (const { cluster, facts } of all) for (const fact of facts) holders.set(`${fact.kind}\0${fact.key}`, [...(holders.get(`${fact.kind}\0${fact.key}`) ?? []), { cluster, fact }])
  const sameName = (a: string, b: string): boolean => {
    const name = (c: string) => all.find((x) => x.cluster === c)?.facts.find((f) => f.kind === 'cluster-name')?.key
    return name(a) !== undefined && name(a) === name(b)
  }
  const out: Conflict[] = []
  for (const { cluster, facts } of all) {
    if (!selected.has(cluster)) continue
    for (const fact of facts) {
      const rest = (holders.get(`${fact.kind}\0${fact.key}`) ?? []).filter((h) => h.cluster !== cluster && !(fact.kind === 'state-store' && sameName(cluster, h.cluster)))
      if (rest.length) out.push({ cluster, at: fact.at, ...wording(fact, cluster, others(rest.map((h) => ({ cluster: h.cluster, at: h.fact.at })))) })
    }
  }
  return out
}

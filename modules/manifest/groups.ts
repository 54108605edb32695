// Instance groups as the cross-document checks see them (name, role, cluster label), and which
// Cluster each belongs to: with one Cluster in the stream, all of them (a label naming another
// cluster is reported); with several, the one its label names.
import { CLUSTER_LABEL } from './document.ts'
import { child, named, text, valueAt, type At } from './nodes.ts'
import type { ManifestDoc } from './parse.ts'
import { field, type Findings } from './problem.ts'

/** v1alpha2 roles: `Master` is the legacy spelling of ControlPlane (API_RULES §3). */
export const ROLES = ['ControlPlane', 'Master', 'Node', 'Bastion', 'APIServer']

export const isControlPlane = (role: string | undefined): boolean => role === 'ControlPlane' || role === 'Master'

export interface Group {
  name: string
  /** metadata.name, where problems about the whole group are reported. */
  nameAt: At
  /** The role, when it is one of ROLES. */
  role?: string
  controlPlane: boolean
  spec?: At
  /** The value of the kops.k8s.io/cluster label. */
  label?: At
}

/** An InstanceGroup document as a Group, or undefined when it has no name. */
export function groupOf(doc: ManifestDoc): Group | undefined {
  const nameAt = child(child(doc.root, 'metadata'), 'name')
  const name = text(nameAt)
  if (nameAt === undefined || !name) return undefined
  const spec = child(doc.root, 'spec')
  const written = text(child(spec, 'role'))
  const role = written !== undefined && ROLES.includes(written) ? written : undefined
  const label = child(child(child(doc.root, 'metadata'), 'labels'), CLUSTER_LABEL)
  return { name, nameAt, role, controlPlane: isControlPlane(role), spec, label }
}

/** A Cluster (if any) and its InstanceGroup documents. */
export interface Bundle {
  cluster?: ManifestDoc
  docs: ManifestDoc[]
  groups: Group[]
}

const clusterName = (doc: ManifestDoc): string | undefined => text(child(child(doc.root, 'metadata'), 'name'))

/** Groups the InstanceGroups by Cluster, reporting labels that name no Cluster of the stream. */
export function bundle(f: Findings, clusters: ManifestDoc[], igs: ManifestDoc[]): Bundle[] {
  const names = clusters.map(clusterName)
  checkLabels(f, names, igs)
  if (clusters.length === 1) return [make(clusters[0], igs)]
  if (clusters.length === 0) {
    const labels = [...new Set(igs.map(groupLabel))]
    return labels.map((label) => make(undefined, igs.filter((d) => groupLabel(d) === label)))
  }
  // A group joins the first Cluster its label names (a repeated Cluster is reported by checkNames).
  const owner = (d: ManifestDoc) => names.findIndex((n) => n !== undefined && n === groupLabel(d))
  const bundles = clusters.map((c, i) => make(c, igs.filter((d) => owner(d) === i)))
  const orphans = igs.filter((d) => owner(d) < 0)
  return orphans.length ? [...bundles, make(undefined, orphans)] : bundles
}

const groupLabel = (doc: ManifestDoc): string | undefined => text(groupOf(doc)?.label) || undefined

// A bundle with its groups (documents without a name are no group).
const make = (cluster: ManifestDoc | undefined, docs: ManifestDoc[]): Bundle => ({
  cluster,
  docs,
  groups: docs.flatMap((d) => groupOf(d) ?? []),
})

// A label that names no Cluster of the stream (when it has any).
function checkLabels(f: Findings, names: (string | undefined)[], igs: ManifestDoc[]): void {
  const known = names.filter((n) => n !== undefined)
  if (known.length === 0) return
  for (const doc of igs) {
    const label = groupOf(doc)?.label
    const value = text(label)
    if (label === undefined || !value || known.includes(value)) continue
    const detail = known.length === 1
      ? `does not match the Cluster's metadata.name ${JSON.stringify(known[0])}`
      : `does not name a Cluster of this file (${known.map((n) => JSON.stringify(n)).join(', ')})`
    const hint = known.length === 1 ? `set it to ${known[0]}` : 'set it to the name of its Cluster'
    f.error(valueAt(label), 'ig-cluster-label-mismatch', field.invalid(label.path, value, detail), hint)
  }
}

/** Reports names used twice: Clusters in the stream, InstanceGroups in a bundle (kops would keep the last). */
export function checkNames(f: Findings, clusters: ManifestDoc[], bundles: Bundle[]): void {
  const twice = (docs: ManifestDoc[], rule: string, hint: string) => {
    const seen = new Set<string>()
    for (const { value, at } of docs.flatMap((d) => named(child(child(d.root, 'metadata'), 'name')))) {
      if (seen.has(value)) f.error(valueAt(at), rule, field.duplicate(at.path, value), hint)
      seen.add(value)
    }
  }
  twice(clusters, 'cluster-duplicate-name', 'define each cluster once')
  for (const b of bundles) twice(b.docs, 'ig-duplicate-name', 'rename one of the instance groups: kops replace keeps only the last')
}

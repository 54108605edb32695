// The shape every document shares (API_RULES §1): apiVersion, kind, metadata.name, spec, and the
// label that ties an InstanceGroup to its cluster.
import { checkShape, SHAPES } from './decode.ts'
import { child, malformed, ownerAt, text, type At } from './nodes.ts'
import type { ManifestDoc } from './parse.ts'
import { checkEnum, requireField, type Findings } from './problem.ts'

export const API_VERSIONS = ['kops.k8s.io/v1alpha2', 'kops/v1alpha2']
export const CHECKED_KINDS = ['Cluster', 'InstanceGroup']
/** Kinds `kops replace` also takes; accepted here without further checks. */
export const OTHER_KINDS = ['SSHCredential', 'Keyset']
export const CLUSTER_LABEL = 'kops.k8s.io/cluster'

/** True when the document's kind is one `kops replace` takes. */
export const knownKind = (doc: ManifestDoc): boolean => doc.kind !== undefined && [...CHECKED_KINDS, ...OTHER_KINDS].includes(doc.kind)

/** Checks a document's shape; returns the spec of a Cluster or InstanceGroup, to be checked further. */
export function checkDocument(f: Findings, doc: ManifestDoc): At | undefined {
  const { root, kind } = doc
  const kindAt = requireField(f, root, 'kind', undefined, 'add "kind: Cluster" or "kind: InstanceGroup"')
  if (kind === undefined) checkShape(f, kindAt, 'string')
  if (kindAt === undefined || kind === undefined) return undefined
  checkEnum(f, kindAt, [...CHECKED_KINDS, ...OTHER_KINDS], 'kind')
  if (!knownKind(doc)) return undefined
  const version = requireField(f, root, 'apiVersion', undefined, 'add "apiVersion: kops.k8s.io/v1alpha2"')
  checkEnum(f, version, API_VERSIONS, 'api-version')
  if (!CHECKED_KINDS.includes(kind)) return undefined
  checkShape(f, root, SHAPES[kind])
  const metadata = requireField(f, root, 'metadata', undefined, `add metadata with the ${kind}'s name`)
  if (metadata) requireField(f, metadata, 'name', kind === 'Cluster' ? 'Cluster Name is required (e.g. --name=mycluster.myzone.com)' : undefined, nameHint(kind))
  if (kind === 'InstanceGroup' && metadata) checkLabel(f, metadata)
  const spec = requireField(f, root, 'spec', undefined, `add the ${kind}'s spec`)
  return malformed(spec, 'map') ? undefined : spec
}

const nameHint = (kind: string): string =>
  kind === 'Cluster' ? 'set metadata.name to the cluster name (a DNS name, or NAME.k8s.local for gossip)' : 'set metadata.name to the instance group name'

// `kops replace` needs the label to know which cluster an InstanceGroup belongs to.
function checkLabel(f: Findings, metadata: At): void {
  const labels = child(metadata, 'labels')
  if (text(child(labels, CLUSTER_LABEL))) return
  const message = `must specify "${CLUSTER_LABEL}" label with cluster name to replace instanceGroup`
  f.error(ownerAt(labels ?? metadata), 'ig-cluster-label', message, `add metadata.labels["${CLUSTER_LABEL}"]: CLUSTER_NAME`)
}

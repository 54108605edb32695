// The kOps manifest checker: parse the stream, check each document, then check each Cluster with
// its InstanceGroups. Pure: text in, problems out, sorted by position.
import { bundle, checkNames } from './groups.ts'
import { checkCluster } from './cluster.ts'
import { checkDocument, knownKind } from './document.ts'
import { checkInstanceGroup } from './instance-group.ts'
import { child } from './nodes.ts'
import { parseStream, type ManifestDoc } from './parse.ts'
import { byPosition, findings, type Findings, type Problem } from './problem.ts'
import { checkSet } from './set.ts'

export interface CheckOptions {
  /**
   * The stream must hold a whole cluster (a rendered cluster template): one Cluster and its
   * InstanceGroups. Off by default: a Cluster-only or InstanceGroup-only file is legal input.
   */
  complete?: boolean
}

/** Every problem of a kOps manifest (multi-document YAML of Cluster and InstanceGroup), in reading order. */
export function checkManifest(file: string, text: string, options: CheckOptions = {}): Problem[] {
  const f = findings()
  const docs = parseStream(file, text, f)
  if (docs !== undefined) checkStream(f, file, docs, options.complete ?? false)
  return f.list.sort(byPosition)
}

// Documents one by one, then each Cluster with its groups (whole-set rules only when both are there).
function checkStream(f: Findings, file: string, docs: ManifestDoc[], complete: boolean): void {
  // The spec of each document whose shape allows checking it further.
  const specs = new Map(docs.map((d) => [d, checkDocument(f, d)]))
  const clusters = docs.filter((d) => d.kind === 'Cluster')
  const igs = docs.filter((d) => d.kind === 'InstanceGroup')
  for (const c of clusters) {
    const spec = specs.get(c)
    if (spec) checkCluster(f, spec)
  }
  const bundles = bundle(f, clusters, igs)
  // A document of no known kind may be a group: the set is unknown, so it is not judged.
  const judged = (igs.length > 0 || complete) && docs.every(knownKind)
  for (const b of bundles) {
    const clusterSpec = child(b.cluster?.root, 'spec')
    for (const d of b.docs) {
      const spec = specs.get(d)
      if (spec) checkInstanceGroup(f, spec, clusterSpec)
    }
    if (judged) checkSet(f, b, complete)
  }
  checkNames(f, clusters, bundles)
  if (complete && clusters.length === 0) {
    const hint = 'a rendered cluster manifest starts with the kind: Cluster document'
    f.error({ file, line: 1, column: 1 }, 'set-no-cluster', 'no Cluster document: a cluster manifest needs one kind: Cluster', hint)
  }
}

// The fleet check of `tasks validate`: each validated cluster against every cluster of the project
// (a copy is caught when only the copy is validated, as a pre-commit run does). cluster.yaml files
// are read through the validation's source; their facts are remembered by text, so a warm run of a
// large fleet parses nothing.
import { parseYaml } from '../config/yaml-doc.ts'
import type { Problem } from '../manifest/mod.ts'
import { resultKey, type ResultCache } from './cache.ts'
import { clusterFacts, fleetConflicts, type ClusterFacts } from './fleet.ts'
import type { Source } from './source.ts'

/** One cluster's facts: remembered, or read from its cluster.yaml (none when it is absent or not YAML). */
async function factsOf(source: Source, cluster: { name: string; dir: string }, cache: ResultCache): Promise<ClusterFacts> {
  const file = `${cluster.dir}/cluster.yaml`
  const text = await source.read(file)
  if (text === undefined) return { cluster: cluster.name, facts: [] }
  const key = resultKey([text])
  const known = cache.facts(cluster.name, key)
  if (known) return { cluster: cluster.name, facts: known }
  const parsed = parseYaml(file, text)
  const facts = parsed.ok ? clusterFacts(parsed.doc) : []
  cache.setFacts(cluster.name, key, facts)
  return { cluster: cluster.name, facts }
}

/** The shared-value problems of each `selected` cluster, against all `clusters` of the project. */
export async function sharedProblems(
  source: Source,
  clusters: readonly { name: string; dir: string }[],
  selected: readonly string[],
  cache: ResultCache,
): Promise<{ cluster: string; problems: Problem[] }[]> {
  const all = await Promise.all(clusters.map((c) => factsOf(source, c, cache)))
  const conflicts = fleetConflicts(all, new Set(selected))
  return selected.map((cluster) => ({
    cluster,
    problems: conflicts.filter((c) => c.cluster === cluster).map(({ at, rule, message, hint }): Problem => ({ at, rule, severity: 'error', message, hint })),
  }))
}

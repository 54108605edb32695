// Clusters: one directory each under the clusters directory, with a cluster.yaml of settings.
import { join } from 'node:path'
import type { Failure } from '../diag/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import { CLUSTER_SCHEMA } from './cluster-schema.ts'
import { check } from './schema.ts'
import { parseYaml } from './yaml-doc.ts'

/** Names of the clusters: directories of `clustersDir` that hold a cluster.yaml, sorted. */
export async function listClusters(fs: FileSystem, root: string, clustersDir: string): Promise<string[]> {
  const names: string[] = []
  for (const name of await fs.list(join(root, clustersDir))) {
    if (await fs.stat(join(root, clustersDir, name, 'cluster.yaml'))) names.push(name)
  }
  return names
}

/** Reads and parses one cluster's cluster.yaml; YAML problems come back located. */
export async function loadCluster(
  fs: FileSystem,
  root: string,
  clustersDir: string,
  name: string,
): Promise<{ ok: true; cluster: Omit<ClusterInfo, 'toolPath' | 'bins'> } | { ok: false; failure: Failure }> {
  const dir = join(clustersDir, name)
  const file = join(dir, 'cluster.yaml')
  const parsed = parseYaml(file, await fs.readText(join(root, file)))
  if (!parsed.ok) return parsed
  const value = parsed.doc.value ?? {}
  const [problem] = check(value, CLUSTER_SCHEMA)
  if (problem) {
    const at = parsed.doc.locate(problem.path)
    return { ok: false, failure: { reason: 'bad-config', at, detail: problem.message, source: parsed.doc.line(at.line) } }
  }
  return { ok: true, cluster: { name, dir, settings: value as Record<string, unknown> } }
}

/**
 * The clusters a run is for: the named ones, each checked to exist, or the only cluster when
 * none is named and there is exactly one.
 */
export function selectClusters(requested: readonly string[], known: readonly string[], clustersDir: string): { ok: true; names: string[] } | { ok: false; failures: Failure[] } {
  if (known.length === 0) return { ok: false, failures: [{ reason: 'no-clusters', dir: clustersDir }] }
  if (requested.length === 0) {
    if (known.length === 1) return { ok: true, names: [...known] }
    return {
      ok: false,
      failures: [{ reason: 'missing-option', option: '--cluster', hint: `name one of ${known.join(', ')}, e.g. --cluster ${known[0]}` }],
    }
  }
  const unknown = requested.filter((n) => !known.includes(n))
  if (unknown.length) return { ok: false, failures: unknown.map((name) => ({ reason: 'unknown-cluster' as const, name, known: [...known] })) }
  return { ok: true, names: [...new Set(requested)] }
}

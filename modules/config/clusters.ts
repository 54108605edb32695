// Clusters: one directory each under the clusters directory, with a cluster.yaml of settings.
import { join } from 'node:path'
import type { Failure } from '../diag/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import { CLUSTER_SCHEMA } from './cluster-schema.ts'
import { check } from './schema.ts'
import { isClusterName } from './select.ts'
import { parseYaml } from './yaml-doc.ts'

/**
 * Names of the clusters: directories of `clustersDir` that hold a cluster.yaml, sorted. Files and
 * hidden entries (`.keep`, `.DS_Store`, `.git`) are not clusters.
 */
export async function listClusters(fs: FileSystem, root: string, clustersDir: string): Promise<string[]> {
  const names: string[] = []
  for (const name of await fs.list(join(root, clustersDir))) {
    if (name.startsWith('.') || !(await fs.stat(join(root, clustersDir, name)))?.isDirectory) continue
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
  // The name may come straight from the command line (render-template --cluster): never a path.
  if (!isClusterName(name)) return { ok: false, failure: { reason: 'bad-cluster-name', name, known: await listClusters(fs, root, clustersDir) } }
  const dir = join(clustersDir, name)
  const file = join(dir, 'cluster.yaml')
  let text: string
  try {
    text = await fs.readText(join(root, file))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return { ok: false, failure: { reason: 'unknown-cluster', name, known: await listClusters(fs, root, clustersDir) } }
  }
  const parsed = parseYaml(file, text)
  if (!parsed.ok) return parsed
  const value = parsed.doc.value ?? {}
  const [problem] = check(value, CLUSTER_SCHEMA)
  if (problem) {
    const at = parsed.doc.locate(problem.path)
    return { ok: false, failure: { reason: 'bad-config', at, detail: problem.message, source: parsed.doc.line(at.line) } }
  }
  return { ok: true, cluster: { name, dir, settings: value as Record<string, unknown> } }
}

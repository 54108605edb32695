// Clusters: one directory each under the clusters directory, with a cluster.yaml of settings,
// checked on load as `tasks validate` checks it (the same function decides both).
import { join } from 'node:path'
import type { Failure } from '../diag/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import { clusterFacts, fleetConflicts, type ClusterFacts } from '../validate/fleet.ts'
import { readLayerContract, type LayerContract } from '../validate/layer-variables.ts'
import { checkClusterSettings } from './cluster-schema.ts'
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
  const { problems } = checkClusterSettings(file, parsed.doc, name, await layerContract(fs, root))
  if (problems.length) {
    const [p] = problems
    // Schema problems alone keep the run's old wording and place (the first, at its key).
    if (problems.every((x) => x.rule === 'cluster-yaml')) return { ok: false, failure: { reason: 'bad-config', at: p.keyAt, detail: p.message, source: parsed.doc.line(p.keyAt.line) } }
    const at = p.rule === 'cluster-yaml' ? p.keyAt : p.at
    return { ok: false, failure: { reason: 'bad-cluster-settings', cluster: name, at, detail: p.message, ...(p.hint ? { hint: p.hint } : {}), source: parsed.doc.line(at.line), more: problems.length - 1 } }
  }
  return { ok: true, cluster: { name, dir, settings: parsed.doc.value as Record<string, unknown> } }
}

/** What the project's layers ask of a cluster.yaml (undefined without layers: a graph of its own). */
export function layerContract(fs: FileSystem, root: string): Promise<LayerContract | undefined> {
  return readLayerContract(
    (dir) => fs.list(join(root, dir)),
    (path) => fs.readText(join(root, path)).catch(() => undefined),
  )
}

/**
 * The clusters among `selected` that share a Terraform state, a kOps cluster name or state store
 * with another of `known`: one failure each, at the shared value, naming the other file.
 */
export async function sharedSettings(fs: FileSystem, root: string, clustersDir: string, selected: readonly string[], known: readonly string[]): Promise<Failure[]> {
  const all: ClusterFacts[] = []
  const lines = new Map<string, (n: number) => string | undefined>()
  for (const cluster of known) {
    const file = join(clustersDir, cluster, 'cluster.yaml')
    const text = await fs.readText(join(root, file)).catch(() => undefined)
    const parsed = text === undefined ? undefined : parseYaml(file, text)
    if (!parsed?.ok) continue
    all.push({ cluster, facts: clusterFacts(parsed.doc) })
    lines.set(cluster, parsed.doc.line)
  }
  return fleetConflicts(all, new Set(selected)).map((c) => ({ reason: 'bad-cluster-settings', cluster: c.cluster, at: c.at, detail: c.message, hint: c.hint, source: lines.get(c.cluster)?.(c.at.line), more: 0 }))
}

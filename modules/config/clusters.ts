// Clusters: one directory each under the clusters directory, with a cluster.yaml of settings,
// checked on load as `tasks validate` checks it (the same function decides both).
import { join } from 'node:path'
import { printable, type Failure } from '../diag/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'
import { fleetConflicts } from '../validate/fleet.ts'
import { fleetFacts, type FactsStore } from './fleet-facts.ts'
import { readLayerContract, type LayerContract } from '../validate/layer-variables.ts'
import { checkClusterSettings } from './cluster-schema.ts'
import { isClusterName } from './select.ts'
import { parseYaml } from './yaml-doc.ts'

/** An entry of the clusters directory that cannot be looked into, and why (for a warning). */
export interface Unreadable {
  /** Relative to the root: clusters/NAME, or clusters/NAME/cluster.yaml. */
  path: string
  why: string
}

/** Why a path cannot be read, in a few words, from the error of a stat or a read. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ELOOP') return 'a loop of symbolic links (ELOOP)'
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`
  return code ?? (error as Error).message
}

/**
 * The clusters: directories of `clustersDir` that hold a cluster.yaml, sorted, and the entries that
 * could not be looked into (a link loop, a dangling link, no permission): skipped, so one broken
 * entry never stops a command about the others. Files and hidden entries are not clusters.
 */
export async function scanClusters(fs: FileSystem, root: string, clustersDir: string): Promise<{ names: string[]; unreadable: Unreadable[] }> {
  const names: string[] = []
  const unreadable: Unreadable[] = []
  for (const name of await fs.list(join(root, clustersDir))) {
    if (name.startsWith('.')) continue
    const dir = join(clustersDir, name)
    try {
      const found = await fs.stat(join(root, dir))
      // Listed, yet nothing is there: a symbolic link to a path that does not exist.
      if (!found) unreadable.push({ path: dir, why: 'a symbolic link to nothing' })
      else if (found.isDirectory && (await fs.stat(join(root, dir, 'cluster.yaml')))) names.push(name)
    } catch (error) {
      unreadable.push({ path: dir, why: whyUnreadable(error) })
    }
  }
  return { names, unreadable }
}

/** The names of scanClusters; each entry skipped is told to `warn` (one line: the path and why). */
export async function listClusters(fs: FileSystem, root: string, clustersDir: string, warn?: (message: string) => void): Promise<string[]> {
  const { names, unreadable } = await scanClusters(fs, root, clustersDir)
  for (const u of unreadable) warn?.(printable(`skipping ${u.path}: ${u.why}`))
  return names
}

/** Reads and parses one cluster's cluster.yaml; YAML problems come back located. */
export async function loadCluster(
  fs: FileSystem,
  root: string,
  clustersDir: string,
  name: string,
  /** The layers' contract when the caller read it once for many clusters; else read here. */
  contract?: Promise<LayerContract | undefined>,
): Promise<{ ok: true; cluster: Omit<ClusterInfo, 'toolPath' | 'bins'> } | { ok: false; failure: Failure }> {
  // The name may come straight from the command line (render-template --cluster): never a path.
  if (!isClusterName(name)) return { ok: false, failure: { reason: 'bad-cluster-name', name, known: await listClusters(fs, root, clustersDir) } }
  const dir = join(clustersDir, name)
  const file = join(dir, 'cluster.yaml')
  let text: string
  try {
    text = await fs.readText(join(root, file))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      const hint = `${dir} must be a directory holding a readable cluster.yaml: fix or remove it.`
      return { ok: false, failure: { reason: 'unreadable', path: file, what: 'cluster settings', detail: whyUnreadable(error), hint } }
    }
    return { ok: false, failure: { reason: 'unknown-cluster', name, known: await listClusters(fs, root, clustersDir) } }
  }
  const parsed = parseYaml(file, text)
  if (!parsed.ok) return parsed
  const { problems } = checkClusterSettings(file, parsed.doc, name, await (contract ?? layerContract(fs, root)))
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
export async function sharedSettings(fs: FileSystem, root: string, clustersDir: string, selected: readonly string[], known: readonly string[], store?: FactsStore): Promise<Failure[]> {
  const conflicts = fleetConflicts(await fleetFacts(fs, root, clustersDir, known, store), new Set(selected))
  // The source lines of a conflicting file: read again, once, only when there is a conflict to show.
  const docs = new Map<string, Promise<((n: number) => string | undefined) | undefined>>()
  const lineOf = (cluster: string): Promise<((n: number) => string | undefined) | undefined> => {
    const file = join(clustersDir, cluster, 'cluster.yaml')
    if (!docs.has(cluster)) docs.set(cluster, fs.readText(join(root, file)).then((text) => parseYaml(file, text), () => undefined).then((p) => (p?.ok ? p.doc.line : undefined)))
    return docs.get(cluster)!
  }
  const failures: Failure[] = []
  for (const c of conflicts) failures.push({ reason: 'bad-cluster-settings', cluster: c.cluster, at: c.at, detail: c.message, hint: c.hint, source: (await lineOf(c.cluster))?.(c.at.line), more: 0 })
  return failures
}

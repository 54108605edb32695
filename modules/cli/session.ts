// Everything one invocation works with once the project is found: root, settings, graph,
// clusters, ports, and the caches the run reads and writes.
import { isAbsolute, join, relative } from 'node:path'
import { FileHasher, newSecretKey, useSecretKey } from '../cache/mod.ts'
import { listClusters, loadCluster, selectClusters, type Project, type Selection } from '../config/mod.ts'
import type { Failure, Location } from '../diag/mod.ts'
import { gatherCluster, ToolVersions, type Gatherer, type Ports } from '../exec/mod.ts'
import { targetParams, type ClusterInfo, type Graph, type Stage } from '../graph/mod.ts'
import type { CliOptions } from './args.ts'
import { planCluster, type ClusterPlan, type PlanOptions } from '../plan/mod.ts'
import { clusterTools, type ToolSetup } from './tool-setup.ts'

export interface Session {
  project: Project
  graph: Graph
  ports: Ports
  stateDir: string
  gatherer: Gatherer
}

export async function openSession(project: Project, graph: Graph, ports: Ports, warn: (m: string) => void): Promise<Session> {
  const stateDir = join(project.root, project.settings.stateDir)
  // The stat cache compares with real file mtimes, so it reads the real clock, not the port.
  const hasher = await FileHasher.load(ports.fs, project.root, join(stateDir, 'cache', 'files.json'), Date.now)
  useSecretKey(await secretKey(ports, join(stateDir, 'secret.key')))
  const versions = new ToolVersions(ports.fs, ports.tools, join(stateDir, 'tools.json'))
  return { project, graph, ports, stateDir, gatherer: { fs: ports.fs, hasher, versions, root: project.root, stateDir, warn } }
}

/** The selected clusters, loaded; unknown names and bad cluster.yaml files come back as failures. */
export async function resolveClusters(
  s: Session,
  selection: Selection,
  tools: ToolSetup,
): Promise<{ ok: true; clusters: ClusterInfo[] } | { ok: false; failures: Failure[] }> {
  const { root, settings } = s.project
  const known = await listClusters(s.ports.fs, root, settings.clustersDir)
  const selected = selectClusters(selection, known, settings.clustersDir)
  if (!selected.ok) return selected
  const clusters: ClusterInfo[] = []
  const failures: Failure[] = []
  for (const name of selected.names) {
    const loaded = await loadCluster(s.ports.fs, root, settings.clustersDir, name)
    if (loaded.ok) clusters.push({ ...loaded.cluster, ...clusterTools(loaded.cluster.settings, s.project, tools) })
    else failures.push(loaded.failure)
  }
  return failures.length ? { ok: false, failures } : { ok: true, clusters }
}

/** Gathers facts and plans every cluster (pure planning after one effectful gathering pass). */
export async function planAll(s: Session, clusters: readonly ClusterInfo[], stages: readonly Stage[], options: PlanOptions): Promise<ClusterPlan[]> {
  // Clusters are gathered side by side: reading records and stat-ing inputs is I/O-bound.
  return Promise.all(clusters.map(async (cluster) => planCluster(stages, await gatherCluster(s.gatherer, cluster, stages), options)))
}

/** Locations relative to the root, as a user would type them (`tasks.ts:12:3`). */
export function relativeTo(root: string, failure: Failure): Failure {
  const at = (failure as { at?: Location }).at
  if (!at || !isAbsolute(at.file)) return failure
  return { ...failure, at: { ...at, file: relative(root, at.file) } } as Failure
}

/** The state directory's digest key for secrets, created on first use. */
async function secretKey(ports: Ports, file: string): Promise<string> {
  try {
    return (await ports.fs.readText(file)).trim()
  } catch {
    const key = newSecretKey()
    await ports.fs.writeAtomic(file, `${key}\n`, 0o600)
    return key
  }
}

/** The planning options of a run: what --force, --offline, the targets' params and `--` words mean. */
export function planOptions(session: Session, options: CliOptions, targets: string[]): PlanOptions {
  return {
    force: options.force,
    offline: options.offline,
    params: {
      ...targetParams(session.graph, targets),
      ...(options.passthrough.length ? { args: options.passthrough } : {}),
      ...(options.allowProtected ? { allowProtected: true } : {}),
    },
    root: session.project.root,
    stateDir: session.stateDir,
  }
}

// Everything one invocation works with once the project is found: root, settings, graph,
// clusters, ports, and the caches the run reads and writes.
import { join, resolve } from 'node:path'
import { FileHasher, keyedSecrets } from '../cache/mod.ts'
import { fleetFactsFile, layerContract, listClusters, loadCluster, sharedSettings, type Project, type Selected } from '../config/mod.ts'
import { EXIT, type Failure } from '../diag/mod.ts'
import { createStateDir, formatStateProblem, gatherCluster, ToolVersions, type Gatherer, type Ports, type StateProblem } from '../exec/mod.ts'
import { targetParams, type ClusterInfo, type Graph, type Stage } from '../graph/mod.ts'
import type { CliOptions } from './args.ts'
import { planCluster, type ClusterPlan, type PlanOptions } from '../plan/mod.ts'
import { secretKey } from './secret-key.ts'
import { clusterTools, type ToolSetup } from './tool-setup.ts'

export interface Session {
  project: Project
  graph: Graph
  ports: Ports
  stateDir: string
  gatherer: Gatherer
}

/**
 * The session of one invocation, or the problem that the state directory cannot be written
 * (every command that opens a session writes there: keys, the stat cache, records, logs).
 */
export async function openSession(project: Project, graph: Graph, ports: Ports, warn: (m: string) => void, sharedKey?: string): Promise<Session | StateProblem> {
  // Relative to the root, or absolute as written (`stateDir: /var/tmp/tasks`).
  const stateDir = stateDirOf(project)
  const unusable = await createStateDir(stateDir)
  if (unusable) return unusable
  // The stat cache compares with real file mtimes, so it reads the real clock, not the port.
  const hasher = await FileHasher.load(ports.fs, project.root, join(stateDir, 'cache', 'files.json'), Date.now)
  const key = await secretKey(ports, stateDir, project.root, warn, sharedKey)
  if (typeof key !== 'string') return key
  const versions = new ToolVersions(ports.fs, ports.tools, join(stateDir, 'tools.json'))
  return { project, graph, ports: { ...ports, secrets: keyedSecrets(key) }, stateDir, gatherer: { fs: ports.fs, hasher, versions, root: project.root, stateDir, warn } }
}

/** The state directory as an absolute path: the setting resolved against the project root. */
export const stateDirOf = (project: Project): string => resolve(project.root, project.settings.stateDir)

/**
 * The clusters `select` picks among the known ones (config/select.ts), loaded; unknown names and
 * bad cluster.yaml files come back as failures.
 */
export async function resolveClusters(
  s: Session,
  select: (known: readonly string[]) => Promise<Selected>,
  tools: ToolSetup,
): Promise<{ ok: true; clusters: ClusterInfo[] } | { ok: false; failures: Failure[] }> {
  const { root, settings } = s.project
  const known = await listClusters(s.ports.fs, root, settings.clustersDir, s.gatherer.warn)
  const selected = await select(known)
  if (!selected.ok) return selected
  const clusters: ClusterInfo[] = []
  const failures: Failure[] = []
  // What the layers ask of a cluster.yaml is read once for the whole selection.
  const contract = layerContract(s.ports.fs, root)
  // Awaited in loadCluster; a rejection before the first await is not an unhandled one.
  contract.catch(() => {})
  for (const name of selected.names) {
    const loaded = await loadCluster(s.ports.fs, root, settings.clustersDir, name, contract)
    if (loaded.ok) clusters.push({ ...loaded.cluster, ...clusterTools(loaded.cluster.settings, s.project, tools) })
    else failures.push(loaded.failure)
  }
  if (failures.length) return { ok: false, failures }
  // Two clusters on one Terraform state, kOps name or state bucket would fight: refused as validate refuses them.
  const store = { file: fleetFactsFile(s.stateDir), hashAll: (paths: readonly string[]) => s.gatherer.hasher.hashAll(paths) }
  const shared = await sharedSettings(s.ports.fs, root, settings.clustersDir, selected.names, known, store)
  return shared.length ? { ok: false, failures: shared } : { ok: true, clusters }
}

/** Gathers facts and plans every cluster (pure planning after one effectful gathering pass). */
export async function planAll(s: Session, clusters: readonly ClusterInfo[], stages: readonly Stage[], options: PlanOptions): Promise<ClusterPlan[]> {
  // Clusters are gathered side by side: reading records and stat-ing inputs is I/O-bound. Nothing
  // writes while planning, so every glob is listed and every file hashed once for all of them.
  const gatherer = { ...s.gatherer, hasher: s.gatherer.hasher.snapshot() }
  return Promise.all(clusters.map(async (cluster) => planCluster(stages, await gatherCluster(gatherer, cluster, stages), options)))
}

/** Whether openSession found the state directory unwritable. */
export const isStateProblem = (s: Session | StateProblem): s is StateProblem => 'reason' in s

/** Prints the state directory problem (one message and a hint) and returns its exit code (2). */
export function reportStateProblem(stderr: { write(text: string): unknown }, problem: StateProblem): number {
  stderr.write(`${formatStateProblem(problem)}\n`)
  return EXIT.usage
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
      ...(options.allowReplace.length ? { allowReplace: options.allowReplace } : {}),
      ...(options.save ? { saveDir: options.save } : {}),
      ...(options.planDir ? { planDir: options.planDir } : {}),
      ...(options.lockTimeout ? { lockTimeout: options.lockTimeout } : {}),
      ...(options.validateTimeout ? { validateTimeout: options.validateTimeout } : {}),
      ...(options.migrateState ? { migrateState: true } : {}),
      ...(options.reconfigure ? { reconfigure: true } : {}),
    },
    root: session.project.root,
    stateDir: session.stateDir,
  }
}

// The shape of a run that touches several clusters: which clusters run which stages, in what
// order, in which waves (--waves, or .tasksrc rollout.waves for targets that change something),
// and the per-account pools (--max-per-account). A resumed run takes its waves from the journal
// and leaves out what finished there.
import type { ProjectSettings } from '../config/mod.ts'
import type { Pools, Rollout } from '../exec/mod.ts'
import { stageOrder, targetStages, type ClusterInfo, type Graph, type Stage } from '../graph/mod.ts'
import { accountOf, assignWaves, parseWaves } from '../rollout/mod.ts'
import type { CliOptions } from './args.ts'

/** What a resumed run carries over from its journal (rollout/resume.ts). */
export interface Carried {
  /** Finished there: not run again. */
  finished: ReadonlySet<string>
  /** Finished there, in the wave that failed: only their health check runs again. */
  revalidate: ReadonlySet<string>
  /** The original rollout's waves (cluster names), when it had any. */
  waves?: readonly (readonly string[])[]
}

/** Clusters that run the same stages. */
export interface Group {
  clusters: ClusterInfo[]
  stages: Stage[]
}

export interface RunShape {
  groups: Group[]
  /** Every cluster that runs, in run order (wave by wave). */
  order: string[]
  rollout?: Rollout
  pools?: Pools
}

/** Whether a target's stages change anything (a write or a gated stage): rollout defaults apply to those only. */
const changes = (stages: readonly Stage[]): boolean => stages.some((s) => s.kind === 'write' || s.gated)

/** The health checks the targets name, for a rollout to run after each cluster's stages. */
export function healthChecks(graph: Graph, targets: readonly string[]): string[] {
  return [...new Set(targets.flatMap((t) => graph.targets.get(t)?.healthCheck ?? []))]
}

/** The wave spec of this run: --waves, else the project's default for targets that change something. */
export function waveSpec(options: CliOptions, settings: ProjectSettings, stages: readonly Stage[]): string | undefined {
  return options.waves ?? (changes(stages) ? settings.rollout?.waves : undefined)
}

export function runShape(graph: Graph, targets: readonly string[], clusters: readonly ClusterInfo[], options: CliOptions, settings: ProjectSettings, carried?: Carried): RunShape {
  const stages = targetStages(graph, targets)
  const spec = waveSpec(options, settings, stages)
  const parsed = spec === undefined ? undefined : parseWaves(spec)
  const named = clusters.map((c) => ({ name: c.name, ...(typeof c.settings.wave === 'number' ? { wave: c.settings.wave } : {}) }))
  const waves = carried?.waves ?? (parsed?.ok ? assignWaves(named, parsed.sizes) : undefined)
  const checks = waves ? healthChecks(graph, targets) : []
  const full = checks.length ? stageOrder(graph, [...stages.map((s) => s.name), ...checks]) : stages
  const finished = carried?.finished ?? new Set<string>()
  const revalidate = new Set(checks.length ? (carried?.revalidate ?? []) : [])
  const left = (name: string): boolean => !finished.has(name) && (checks.length > 0 || !carried?.revalidate.has(name))
  const present = new Set(clusters.map((c) => c.name))
  const order = (waves ? waves.flat() : clusters.map((c) => c.name)).filter((n) => present.has(n) && left(n))
  const byName = new Map(clusters.map((c) => [c.name, c]))
  const groups = [
    { clusters: order.filter((n) => !revalidate.has(n)).map((n) => byName.get(n)!), stages: full },
    { clusters: order.filter((n) => revalidate.has(n)).map((n) => byName.get(n)!), stages: stageOrder(graph, checks) },
  ].filter((g) => g.clusters.length)
  const rollout = waves && {
    total: waves.length,
    waves: waves.map((w, i) => ({ number: i + 1, clusters: w.filter((n) => order.includes(n)) })).filter((w) => w.clusters.length),
  }
  const max = options.maxPerAccount ?? settings.rollout?.maxPerAccount
  const pools = max ? { of: (c: ClusterInfo) => accountOf(c.settings), max } : undefined
  return { groups, order, ...(rollout ? { rollout } : {}), ...(pools ? { pools } : {}) }
}

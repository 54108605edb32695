// The typed builder tasks.ts uses. Each `.stage()` returns a new builder whose S adds the stage's
// result type, so `needs` only accepts stages defined before it (a typo is a compile error) and
// `ctx.needs` is fully typed. Settings (typed from a schema) and params are the graph's own types.
import { callerLocation, type Location } from '../diag/mod.ts'
import type { AnyParams, AnySettings, Done, Graph, RunParams, Stage, StageSpec, Target, TargetSpec } from './types.ts'

const SELF = ['/modules/graph/']

/** A stage spec as stored: its functions take the erased contexts of a built graph. */
function stored(name: string, spec: StageSpec<never, string, unknown, never, never>): Stage {
  return {
    name,
    kind: spec.kind,
    description: spec.description ?? '',
    needs: spec.needs ?? [],
    inputs: spec.inputs ?? [],
    outputs: spec.outputs ?? [],
    settings: (spec.settings as Stage['settings'] | undefined) ?? (() => null),
    tools: spec.tools ?? [],
    recorded: spec.recorded,
    version: spec.version ?? 1,
    gated: spec.gated ?? false,
    gateWhen: spec.gateWhen as Stage['gateWhen'],
    reads: spec.reads ?? [],
    cached: spec.cached ?? true,
    undoes: spec.undoes ?? [],
    params: spec.params ?? [],
    gateSummary: spec.gateSummary as Stage['gateSummary'],
    skipIf: spec.skipIf as Stage['skipIf'],
    refuseIf: spec.refuseIf as Stage['refuseIf'],
    commands: spec.commands as Stage['commands'],
    run: spec.run as Stage['run'],
    report: spec.report as Stage['report'],
    show: spec.show,
    at: callerLocation(SELF),
  }
}

/**
 * An immutable graph under construction: S maps each stage so far to its result, Settings is a
 * cluster's settings and P the params stages read. Start one with `graph()`.
 */
export class GraphBuilder<S extends Record<string, unknown>, Settings = AnySettings, P = AnyParams> {
  readonly #stages: readonly Stage[]
  readonly #targets: readonly Target[]

  private constructor(stages: readonly Stage[], targets: readonly Target[]) {
    this.#stages = stages
    this.#targets = targets
  }

  /** An empty graph. */
  static empty<Settings, P>(): GraphBuilder<Record<never, never>, Settings, P> {
    return new GraphBuilder([], [])
  }

  /** Adds a stage. Its `run` result (awaited) becomes what dependants see under `needs.<name>`. */
  stage<const Name extends string, const Need extends keyof S & string = never, R = null>(
    name: Name,
    spec: StageSpec<{ [K in Need]: S[K] }, Need, R, Settings, P>,
  ): GraphBuilder<S & { [K in Name]: Done<R> }, Settings, P> {
    return new GraphBuilder([...this.#stages, stored(name, spec as StageSpec<never, string, unknown, never, never>)], this.#targets)
  }

  /** Adds a target: a named entry point that runs `stages` and everything they need. */
  target(name: string, spec: TargetSpec<keyof S & string, P>): GraphBuilder<S, Settings, P> {
    const target = { name, description: spec.description, group: spec.group ?? 'Targets', stages: spec.stages, params: spec.params ?? {}, ...(spec.healthCheck ? { healthCheck: spec.healthCheck } : {}), at: callerLocation(SELF) }
    return new GraphBuilder(this.#stages, [...this.#targets, target])
  }

  /** The finished graph, as data. Check it with `checkGraph` before planning. */
  build(): Graph {
    const duplicates: { name: string; at?: Location }[] = []
    const stages = new Map<string, Stage>()
    for (const s of this.#stages) {
      if (stages.has(s.name)) duplicates.push({ name: s.name, at: s.at })
      else stages.set(s.name, s)
    }
    const targets = new Map<string, Target>()
    for (const t of this.#targets) {
      if (targets.has(t.name)) duplicates.push({ name: t.name, at: t.at })
      else targets.set(t.name, t)
    }
    return { stages, targets, duplicates }
  }
}

/**
 * Starts an empty graph. `graph<ClusterSettings, Params>()` types `ctx.cluster.settings` (from the
 * cluster schema) and `ctx.params` (the run's RunParams, and what the graph's targets pass).
 */
export const graph = <Settings = AnySettings, P = Record<string, unknown>>(): GraphBuilder<Record<never, never>, Settings, RunParams & P> => GraphBuilder.empty()

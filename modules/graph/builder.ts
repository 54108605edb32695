// The typed builder tasks.ts uses. Each `.stage()` adds its result type to S, so `needs` only
// accepts stages defined before it (a typo is a compile error) and `ctx.needs` is fully typed.
import { callerLocation, type Location } from '../diag/mod.ts'
import type { Graph, Stage, StageSpec, Target, TargetSpec } from './types.ts'

const SELF = ['/modules/graph/']

export class GraphBuilder<S extends Record<string, unknown> = Record<never, never>> {
  #stages: Stage[] = []
  #targets: Target[] = []

  /** Adds a stage. Its `run` result (awaited) becomes what dependants see under `needs.<name>`. */
  stage<const Name extends string, const Need extends keyof S & string = never, R = null>(
    name: Name,
    spec: StageSpec<{ [K in Need]: S[K] }, Need, R>,
  ): GraphBuilder<S & { [K in Name]: Awaited<R> }> {
    this.#stages.push({
      name,
      kind: spec.kind,
      description: spec.description ?? '',
      needs: spec.needs ?? [],
      inputs: spec.inputs ?? [],
      outputs: spec.outputs ?? [],
      settings: spec.settings ?? (() => null),
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
      refuseIf: spec.refuseIf,
      commands: spec.commands as Stage['commands'],
      run: spec.run as Stage['run'],
      report: spec.report as Stage['report'],
      show: spec.show,
      at: callerLocation(SELF),
    })
    return this as unknown as GraphBuilder<S & { [K in Name]: Awaited<R> }>
  }

  /** Adds a target: a named entry point that runs `stages` and everything they need. */
  target(name: string, spec: TargetSpec<keyof S & string>): this {
    this.#targets.push({
      name,
      description: spec.description,
      group: spec.group ?? 'Targets',
      stages: spec.stages,
      params: spec.params ?? {},
      at: callerLocation(SELF),
    })
    return this
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

/** Starts an empty graph. */
export const graph = (): GraphBuilder => new GraphBuilder()

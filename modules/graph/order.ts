// Which stages a request runs, in dependency order (a checked, acyclic graph is assumed).
import type { Graph, Stage } from './types.ts'

/** The named stages and everything they need, each once, needs before dependants. */
export function stageOrder(graph: Graph, names: readonly string[]): Stage[] {
  const seen = new Set<string>()
  const order: Stage[] = []
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    const stage = graph.stages.get(name)
    if (!stage) return
    stage.needs.forEach(visit)
    order.push(stage)
  }
  names.forEach(visit)
  return order
}

/** The stages of the requested targets, merged, in dependency order. */
export function targetStages(graph: Graph, targets: readonly string[]): Stage[] {
  return stageOrder(
    graph,
    targets.flatMap((t) => graph.targets.get(t)?.stages ?? []),
  )
}

/** Target params merged left to right (later targets win). */
export function targetParams(graph: Graph, targets: readonly string[]): Record<string, unknown> {
  return Object.assign({}, ...targets.map((t) => graph.targets.get(t)?.params ?? {}))
}

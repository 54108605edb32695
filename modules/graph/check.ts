// Run-time checks of a built graph, for what the types cannot stop (plain JS, casts, cycles).
import type { Failure } from '../diag/mod.ts'
import type { Graph } from './types.ts'

/** Every problem of the graph: duplicates, unknown needs and target stages, cycles. */
export function checkGraph(graph: Graph): Failure[] {
  const failures: Failure[] = graph.duplicates.map((d) => ({ reason: 'duplicate-name' as const, ...d }))
  const known = [...graph.stages.keys()]
  for (const stage of graph.stages.values()) {
    for (const need of stage.needs) {
      if (!graph.stages.has(need)) failures.push({ reason: 'unknown-need', stage: stage.name, need, known, at: stage.at })
    }
    for (const undone of stage.undoes) {
      if (!graph.stages.has(undone)) failures.push({ reason: 'unknown-need', field: 'undoes', stage: stage.name, need: undone, known, at: stage.at })
    }
  }
  for (const target of graph.targets.values()) {
    for (const name of [...target.stages, ...(target.healthCheck ? [target.healthCheck] : [])]) {
      if (!graph.stages.has(name)) {
        failures.push({ reason: 'unknown-stage', target: target.name, stage: name, known, at: target.at })
      }
    }
  }
  const cycle = findCycle(graph)
  if (cycle) failures.push({ reason: 'cycle', path: cycle, at: graph.stages.get(cycle[0])?.at })
  return failures
}

/** The first cycle found, as its full path ending where it started (`a → b → a`), or undefined. */
export function findCycle(graph: Graph): string[] | undefined {
  const done = new Set<string>()
  const path: string[] = []
  const visit = (name: string): string[] | undefined => {
    const at = path.indexOf(name)
    if (at >= 0) return [...path.slice(at), name]
    if (done.has(name)) return undefined
    const stage = graph.stages.get(name)
    if (!stage) return undefined
    path.push(name)
    for (const need of stage.needs) {
      const found = visit(need)
      if (found) return found
    }
    path.pop()
    done.add(name)
    return undefined
  }
  for (const name of graph.stages.keys()) {
    const found = visit(name)
    if (found) return found
  }
  return undefined
}

// `tasks help`, `tasks help <target>` and `tasks graph`: the graph described as text (the built-in
// commands' usage is in usage.ts).
import type { Graph, Stage } from '../graph/mod.ts'
import { stageOrder } from '../graph/mod.ts'
import type { GraphFormat } from './args.ts'
import { BUILTINS, columns, OPTIONS, usageText, type OptionId } from './usage.ts'

export { BUILTINS } from './usage.ts'

/** Every target with its description, grouped like the Makefile's `## ` help, then the options. */
export function helpText(graph: Graph): string {
  const groups = new Map<string, [string, string][]>()
  for (const t of graph.targets.values()) {
    const rows = groups.get(t.group) ?? []
    rows.push([t.name, t.description])
    groups.set(t.group, rows)
  }
  const lines = ['Usage: tasks <target>... [--cluster NAME]... [options]', '']
  for (const [group, rows] of groups) lines.push(`${group}:`, ...columns(rows), '')
  lines.push('Commands:', ...columns(Object.entries(BUILTINS)), '', 'Options:', ...columns(Object.values(OPTIONS)), '')
  lines.push('One command\'s or target\'s usage: tasks help NAME, or tasks NAME --help.', '')
  return lines.join('\n')
}

/** Options every target takes: the selection, how it runs, what it reports. */
const RUN_OPTIONS: OptionId[] = ['cluster', 'all', 'changed', 'since', 'shard', 'dryRun', 'force', 'offline', 'noRemoteCache', 'json', 'summaryMd', 'keepGoing', 'sandbox', 'concurrency', 'renderer', 'dir', 'debug']

/**
 * Options that apply only when some stage of the chain can use them: --yes a gate, -- ARGS and
 * --allow-protected a stage reading those params, --lock-timeout a terraform stage, the backend
 * switches a gate that depends on the run (init's), --validate-timeout an ungated kops stage right
 * after a gated terraform one (the health check after apply).
 */
function chainOptions(graph: Graph, chain: readonly Stage[]): OptionId[] {
  const any = (test: (s: Stage) => boolean): boolean => chain.some(test)
  const gatedTerraform = (name: string): boolean => graph.stages.get(name)?.gated === true && graph.stages.get(name)?.tools.includes('terraform') === true
  const afterApply = (s: Stage): boolean => !s.gated && s.tools.includes('kops') && s.needs.some(gatedTerraform)
  const ids: OptionId[] = []
  if (any((s) => s.gated)) ids.push('yes')
  if (any((s) => s.gated || s.kind === 'write')) ids.push('waves', 'maxPerAccount')
  if (any((s) => s.params.includes('args'))) ids.push('args')
  if (any((s) => s.params.includes('allowProtected'))) ids.push('allowProtected')
  if (any((s) => s.params.includes('allowReplace'))) ids.push('allowReplace')
  if (any((s) => s.params.includes('saveDir'))) ids.push('save')
  if (any((s) => s.params.includes('planDir'))) ids.push('plan')
  if (any((s) => s.tools.includes('terraform'))) ids.push('lockTimeout')
  if (any(afterApply)) ids.push('validateTimeout')
  if (any((s) => s.gateWhen !== undefined)) ids.push('migrateState', 'reconfigure')
  return ids
}

/** One target: usage, description, the chain of stages it runs in order, its options, examples. */
export function targetHelp(graph: Graph, name: string): string {
  const target = graph.targets.get(name)
  if (!target) return ''
  const chain = stageOrder(graph, target.stages)
  const gate = (s: Stage): string => (!s.gated ? '' : s.gateWhen ? ', gated when it switches something' : ', gated')
  const rows = chain.map((s): [string, string] => [s.name, `${s.kind}${gate(s)}${s.description ? ` — ${s.description}` : ''}`])
  const extra = chainOptions(graph, chain)
  const ids = RUN_OPTIONS.flatMap((id) => (id === 'dryRun' ? ['dryRun' as const, ...extra] : [id]))
  const args = extra.includes('args') ? ' -- ARGS…' : ''
  // --yes in the example only where a gate always asks (not init's, which asks only on a backend switch).
  const yes = chain.some((s) => s.gated && s.gateWhen === undefined) ? ' --yes' : ''
  const examples = [`tasks ${name} --cluster demo --dry-run${args}`, `tasks ${name} --cluster demo${yes}${args}`]
  const about = [`${target.description.replace(/[.]?$/, '.')}`]
  return usageText(`tasks ${name} [--cluster NAME]... [options]${args}`, about, ['Runs, in order:', ...columns(rows), ''], ids.map((id) => [...OPTIONS[id]]), examples)
}

/** The stage graph as Mermaid, Graphviz dot or JSON; edges point from a need to its dependant. */
export function formatGraph(graph: Graph, format: GraphFormat): string {
  const stages = [...graph.stages.values()]
  const edges = stages.flatMap((s) => s.needs.map((n) => [n, s.name]))
  if (format === 'json') {
    const json = {
      stages: stages.map((s) => ({ name: s.name, kind: s.kind, needs: s.needs, gated: s.gated })),
      targets: [...graph.targets.values()].map((t) => ({ name: t.name, description: t.description, group: t.group, stages: t.stages })),
    }
    return `${JSON.stringify(json, null, 2)}\n`
  }
  const id = (name: string): string => name.replace(/[^\w]/g, '_')
  if (format === 'dot') {
    const nodes = stages.map((s) => `  ${id(s.name)} [label="${s.name}\\n(${s.kind})"];`)
    return ['digraph tasks {', '  rankdir=LR;', ...nodes, ...edges.map(([a, b]) => `  ${id(a)} -> ${id(b)};`), '}', ''].join('\n')
  }
  const nodes = stages.map((s) => `  ${id(s.name)}["${s.name} (${s.kind})"]`)
  return ['flowchart LR', ...nodes, ...edges.map(([a, b]) => `  ${id(a)} --> ${id(b)}`), ''].join('\n')
}

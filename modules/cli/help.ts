// `tasks help`, `tasks help <target>` and `tasks graph`: the graph described as text.
import type { Graph, Stage } from '../graph/mod.ts'
import { stageOrder } from '../graph/mod.ts'
import type { GraphFormat } from './args.ts'

/** Commands the CLI handles itself, listed before the graph's targets. */
export const BUILTINS: Record<string, string> = {
  help: 'List the targets, or show one target\'s chain: tasks help <target>',
  graph: 'Print the stage graph: tasks graph [--format mermaid|dot|json]',
  explain: 'Show, per stage, whether it would run and why: tasks explain <target> --cluster NAME',
  'render-template': 'Print the rendered cluster manifest: tasks render-template --values OUTPUTS.json [--template PATH] [--cluster NAME]',
  validate: 'Check cluster templates and kOps manifests offline: tasks validate [--cluster …|--all|--changed|--staged] [--manifest FILE…] [--json]',
  hooks: 'Install the git pre-commit hook that runs tasks validate --staged: tasks hooks install [--force]',
  doctor: 'Check that terraform and kops are found and meet each cluster\'s version requirements',
}

const OPTIONS = [
  ['--cluster NAME', "cluster to run on; repeatable, a comma list, or a glob ('prod-*')"],
  ['--all', 'every cluster'],
  ['--changed', 'the clusters whose inputs changed in git (--since REF, default HEAD)'],
  ['--staged', 'validate: what git has staged, for the clusters it touches'],
  ['--manifest FILE', 'validate: check kOps manifest files as they are'],
  ['--dry-run', 'print the commands that would run; run nothing'],
  ['--force[=STAGE]', 'run every stage (or STAGE) even when cached'],
  ['--offline', 'serve read stages from their last recorded result'],
  ['--yes, -y', 'approve gated stages (apply, destroy, …) without asking'],
  ['--json', 'print one JSON document with the outcome on stdout'],
  ['--summary-md FILE', 'write the run summary as Markdown (also to $GITHUB_STEP_SUMMARY)'],
  ['--keep-going', 'after a cluster fails, still start the others'],
  ['--sandbox', 'run terraform and kops from the bundled simulators (no AWS)'],
  ['--allow-protected', 'allow teardown of clusters marked protected: true'],
  ['-- ARGS…', 'arguments for kops-cmd and force-unlock'],
  ['--lock-timeout D', 'wait up to D (30s, 5m) for a Terraform state lock held by another run'],
  ['--validate-timeout D', 'after an apply that changed something, wait up to D for kops validate (default 10m)'],
  ['--migrate-state', 'init: copy the state to a changed backend (asks first)'],
  ['--reconfigure', 'init: use a changed backend as it is, without its old state (asks first)'],
  ['--concurrency N', 'clusters run at once (default 4)'],
  ['--renderer NAME', 'progress: default, simple, verbose or silent'],
  ['--debug', 'show stack traces of internal errors'],
]

const columns = (rows: string[][], indent = '  '): string[] => {
  const width = Math.max(...rows.map((r) => r[0].length))
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`)
}

/** Every target with its description, grouped like the Makefile's `## ` help, then the options. */
export function helpText(graph: Graph): string {
  const groups = new Map<string, string[][]>()
  for (const t of graph.targets.values()) {
    const rows = groups.get(t.group) ?? []
    rows.push([t.name, t.description])
    groups.set(t.group, rows)
  }
  const lines = ['Usage: tasks <target>... [--cluster NAME]... [options]', '']
  for (const [group, rows] of groups) lines.push(`${group}:`, ...columns(rows), '')
  lines.push('Commands:', ...columns(Object.entries(BUILTINS)), '', 'Options:', ...columns(OPTIONS), '')
  return lines.join('\n')
}

/** One target: its description and the chain of stages it runs, in order, with their kinds. */
export function targetHelp(graph: Graph, name: string): string {
  const target = graph.targets.get(name)
  if (!target) return ''
  const chain = stageOrder(graph, target.stages)
  const gate = (s: Stage): string => (!s.gated ? '' : s.gateWhen ? ', gated when it switches something' : ', gated')
  const rows = chain.map((s) => [s.name, `${s.kind}${gate(s)}${s.description ? ` — ${s.description}` : ''}`])
  return [`${target.name}: ${target.description}`, '', `Runs, in order:`, ...columns(rows), ''].join('\n')
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

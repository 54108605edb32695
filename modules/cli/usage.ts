// What `tasks <command> --help` and `tasks help <command>` print for the built-in commands, and the
// one table of options every help text draws from. Data only: a built-in's help is answered
// before the project is found or its tasks.ts imported.

/** Every option once: how it is written (with its value) and what it does. */
export const OPTIONS = {
  cluster: ['--cluster NAME', "cluster to run on; repeatable, a comma list, or a glob ('prod-*')"],
  all: ['--all', 'every cluster'],
  changed: ['--changed', 'the clusters whose inputs changed in git since HEAD (or --since REF); none changed: nothing to do'],
  since: ['--since REF', 'with --changed: compare with REF (a commit, branch or tag) instead of HEAD'],
  shard: ['--shard I/N', 'only the clusters of shard I of N (stable as clusters are added): one CI runner of N'],
  staged: ['--staged', 'validate: what git has staged, for the clusters it touches'],
  manifest: ['--manifest FILE', 'validate: check kOps manifest files as they are'],
  dryRun: ['--dry-run', 'print the commands that would run; run nothing'],
  force: ['--force[=STAGE]', 'run every stage (or STAGE) even when cached'],
  offline: ['--offline', 'serve read stages from their last recorded result'],
  noRemoteCache: ['--no-remote-cache', 'do not read or write the remote cache (cache.remote)'],
  yes: ['--yes, -y', 'approve gated stages (apply, destroy, …) without asking'],
  json: ['--json', 'print one JSON document with the outcome on stdout'],
  summaryMd: ['--summary-md FILE', 'write the run summary as Markdown (also to $GITHUB_STEP_SUMMARY)'],
  keepGoing: ['--keep-going', 'after a cluster fails, still start the others'],
  sandbox: ['--sandbox', 'run terraform and kops from the bundled simulators (no AWS)'],
  allowProtected: ['--allow-protected', 'allow teardown of clusters marked protected: true'],
  allowReplace: ['--allow-replace GLOB', 'let the plan replace or delete protected resources matching GLOB (repeatable)'],
  save: ['--save DIR', 'plan: keep each plan, its JSON and fingerprint in DIR/<cluster>/ for apply --plan'],
  plan: ['--plan DIR', 'apply: apply the plans plan --save kept in DIR, refused if anything changed since'],
  args: ['-- ARGS…', 'arguments for kops-cmd and force-unlock'],
  lockTimeout: ['--lock-timeout D', 'wait up to D (30s, 5m) for a Terraform state lock held by another run'],
  validateTimeout: ['--validate-timeout D', 'after an apply that changed something, wait up to D for kops validate (default 10m)'],
  migrateState: ['--migrate-state', 'init: copy the state to a changed backend (asks first)'],
  reconfigure: ['--reconfigure', 'init: use a changed backend as it is, without its old state (asks first)'],
  concurrency: ['--concurrency N', 'clusters run at once (default 4)'],
  waves: ['--waves SPEC', "roll out in waves (1,25%,rest): each wave's clusters checked healthy before the next starts"],
  maxPerAccount: ['--max-per-account N', 'at most N clusters of one AWS account at once (account, else profile)'],
  renderer: ['--renderer NAME', 'progress: default, simple, verbose or silent'],
  format: ['--format NAME', 'graph: mermaid (default), dot or json'],
  values: ['--values FILE', 'render-template: the `terraform output -json` document to render from'],
  template: ['--template PATH', 'render-template: the template (default 2-kops/cluster-template.yml.eta)'],
  from: ['--from CLUSTER', 'new-cluster: the cluster to copy'],
  dir: ['-C, --dir DIR', 'run as if tasks was started in DIR'],
  debug: ['--debug', 'show stack traces of internal errors'],
  help: ['--help, -h', "show a command's or target's usage; run nothing"],
  version: ['--version', 'print the version of tasks'],
} as const satisfies Record<string, readonly [string, string]>

export type OptionId = keyof typeof OPTIONS

export interface CommandUsage {
  /** The usage line, without "Usage: ". */
  usage: string
  /** One line for the command list. */
  summary: string
  /** More about what it does, as lines. */
  about: string[]
  options: OptionId[]
  /** An option as this command takes it (spelling, wording), where it differs from OPTIONS. */
  own?: Partial<Record<OptionId, readonly [string, string]>>
  examples: string[]
}

/** The commands the CLI handles itself; a target may not take one of these names. */
export const COMMANDS: Record<string, CommandUsage> = {
  help: {
    usage: 'tasks help [COMMAND|TARGET]',
    summary: "List the commands, targets and options, or show one command's or target's usage",
    about: ['`tasks COMMAND --help` and `tasks COMMAND -h` show the same usage.'],
    options: ['dir'],
    examples: ['tasks help', 'tasks help cluster-update'],
  },
  graph: {
    usage: 'tasks graph [--format mermaid|dot|json] [--shard I/N [--json]]',
    summary: 'Print the stage graph',
    about: [
      'Edges point from a stage to the stages that need it.',
      "With --shard, the clusters that shard owns instead (of every cluster, or of --cluster/--changed), one a line; as JSON for CI scripts.",
    ],
    options: ['format', 'shard', 'dir'],
    examples: ['tasks graph', 'tasks graph --format dot | dot -Tsvg > graph.svg', 'tasks graph --shard 2/3 --json'],
  },
  explain: {
    usage: 'tasks explain TARGET --cluster NAME',
    summary: 'Show, per stage, whether it would run and why',
    about: ['Plans the target as a run would and says, stage by stage, run or skip and why; runs nothing.'],
    options: ['cluster', 'all', 'changed', 'since', 'force', 'offline', 'sandbox', 'dir'],
    examples: ['tasks explain cluster-update --cluster demo', 'tasks explain plan --all --force'],
  },
  'render-template': {
    usage: 'tasks render-template --values OUTPUTS.json [--template PATH] [--cluster NAME]',
    summary: 'Print the rendered cluster manifest',
    about: ["Renders the cluster template with a `terraform output -json` document (and the cluster's settings), on stdout."],
    options: ['values', 'template', 'cluster', 'dir'],
    own: { cluster: ['--cluster NAME', "the cluster whose cluster.yaml settings the template sees (default: none)"] },
    examples: ['tasks render-template --values clusters/demo/outputs.json --cluster demo'],
  },
  validate: {
    usage: 'tasks validate [--cluster NAME…|--all|--changed|--staged] [--manifest FILE…] [--json]',
    summary: 'Check cluster templates and kOps manifests offline',
    about: [
      "Renders each selected cluster's template from its recorded (or mock) outputs and checks the result,",
      'or checks the --manifest files as they are. With no selection, every cluster. Runs no terraform or kops.',
    ],
    options: ['cluster', 'all', 'changed', 'since', 'staged', 'manifest', 'json', 'dir'],
    examples: ['tasks validate', 'tasks validate --staged'],
  },
  hooks: {
    usage: 'tasks hooks install [--force]',
    summary: 'Install the git pre-commit hook that runs tasks validate --staged',
    about: ['Writes .git/hooks/pre-commit; a hook that tasks did not write is left alone unless --force.'],
    options: ['force', 'dir'],
    own: { force: ['--force', 'replace a pre-commit hook that tasks did not write'] },
    examples: ['tasks hooks install'],
  },
  doctor: {
    usage: 'tasks doctor [--cluster NAME…|--all] [--sandbox]',
    summary: "Check that terraform and kops are found and meet each cluster's version requirements",
    about: ["Also shows the AWS account each cluster's credentials resolve to. With no selection, every cluster; exit 2 on a problem."],
    options: ['cluster', 'all', 'changed', 'sandbox', 'dir'],
    examples: ['tasks doctor', 'tasks doctor --cluster demo --sandbox'],
  },
  resume: {
    usage: 'tasks resume [--yes]',
    summary: 'Carry on the latest run that did not finish',
    about: [
      'Runs the same targets on the same clusters with the same options; clusters that finished there are not run again.',
      "In a rollout, the wave that stopped is checked healthy again before the next wave starts.",
    ],
    options: ['yes', 'json', 'summaryMd', 'renderer', 'dir'],
    examples: ['tasks runs', 'tasks resume', 'tasks resume --yes'],
  },
  runs: {
    usage: 'tasks runs',
    summary: 'List recent runs and how they ended',
    about: ['Every run that touched more than one cluster or a gated stage is recorded under the state directory (runs/).'],
    options: ['dir'],
    examples: ['tasks runs'],
  },
  'new-cluster': {
    usage: 'tasks new-cluster NAME [--from CLUSTER]',
    summary: 'Scaffold clusters/NAME/ from an existing cluster',
    about: [
      "Copies its cluster.yaml and the files it points at (not generated ones), with its own cluster_name, backend keys, kubeconfig and key paths.",
      '--from defaults to the only cluster when there is just one.',
    ],
    options: ['from', 'sandbox', 'dir'],
    own: { sandbox: ['--sandbox', "the next steps it prints carry --sandbox; the copy keeps the source's sandbox: setting"] },
    examples: ['tasks new-cluster demo-b --from demo', 'tasks validate --cluster demo-b'],
  },
}

/** Each command with its one-line summary and usage, for the full help listing. */
export const BUILTINS: Record<string, string> = Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, `${c.summary}: ${c.usage}`]))

/** Rows of two columns, the first padded to the widest. */
export function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(...rows.map((r) => r[0].length))
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`)
}

/** The usage text shape shared by commands and targets: usage, about, sections, options, examples. */
export function usageText(usage: string, about: string[], sections: string[], options: [string, string][], examples: string[]): string {
  const lines = [`Usage: ${usage}`, '', ...about, '', ...sections]
  if (options.length) lines.push('Options:', ...columns(options), '')
  lines.push('Examples:', ...examples.map((e) => `  ${e}`), '')
  return lines.join('\n')
}

/** `tasks <command> --help`. */
export function commandUsage(name: string): string | undefined {
  const c = COMMANDS[name]
  if (c === undefined) return undefined
  const options = c.options.map((id): [string, string] => [...(c.own?.[id] ?? OPTIONS[id])])
  return usageText(c.usage, [`${c.summary}.`, ...c.about], [], options, c.examples)
}

// `tasks X --help`, `tasks X -h` and `tasks help X`: the usage of a command or target, and nothing
// run — no file written (a listing of the project before and after), no tool called.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { COMMANDS } from '../../modules/cli/usage.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

/** Every entry under `dir` with its size and mtime; links are listed, not followed. */
function listing(dir: string, base = dir): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    const st = lstatSync(path)
    out.push(`${path.slice(base.length + 1)} ${st.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`)
    if (st.isDirectory()) out.push(...listing(path, base))
  }
  return out
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`

/** The repository's own targets, read from its help listing's groups. */
async function repoTargets(root: string): Promise<string[]> {
  const text = (await runCli(root, ['help'])).stdout
  const [, ...groups] = text.split('\n\nCommands:')[0].split('\n\n')
  return groups.flatMap((g) => g.split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]))
}

t.test('every built-in and every target: --help, -h and help X print usage and run nothing', async (t) => {
  const root = repoCopy()
  execFileSync('git', ['init', '-q', root])
  const targets = await repoTargets(root)
  t.ok(targets.includes('cluster-update') && targets.length > 20, 'the targets were read')
  const before = listing(root)
  const tools = scriptedTools()
  const asks = (name: string): string[][] => [[...name.split(' '), '--help'], [...name.split(' '), '-h'], ['help', name.split(' ')[0]]]
  for (const name of [...Object.keys(COMMANDS), 'hooks install', ...targets]) {
    const answers = await Promise.all(asks(name).map((argv) => runCli(root, argv, { ports: { tools } })))
    t.equal(answers[0].code, 0, `${name} --help exits 0`)
    t.equal(answers[0].stderr, '', `${name} --help: nothing on stderr`)
    t.match(answers[0].stdout, new RegExp(`^Usage: tasks ${name.split(" ")[0]}\\b[^]*\nExamples:\n {2}tasks `), `${name} --help: usage to examples`)
    t.same(answers.slice(1), [answers[0], answers[0]], `${name}: -h and help X say the same`)
  }
  t.same(listing(root), before, 'no file was written, not even .tasks/ or .git/hooks/pre-commit')
  t.same(tools.calls, [], 'no tool was called')
})

t.test('a built-in command\'s usage, exactly', async (t) => {
  const root = makeProject(fixtureFiles())
  t.same(await runCli(root, ['hooks', 'install', '--help']), { code: 0, stderr: '', stdout: lines(
    'Usage: tasks hooks install [--force]',
    '',
    'Install the git pre-commit hook that runs tasks validate --staged.',
    'Writes .git/hooks/pre-commit; a hook that tasks did not write is left alone unless --force.',
    '',
    'Options:',
    '  --force        replace a pre-commit hook that tasks did not write',
    '  -C, --dir DIR  run as if tasks was started in DIR',
    '',
    'Examples:',
    '  tasks hooks install',
  ) })
  t.same(await runCli(root, ['help', 'graph']), { code: 0, stderr: '', stdout: lines(
    'Usage: tasks graph [--format mermaid|dot|json] [--shard I/N [--json]]',
    '',
    'Print the stage graph.',
    'Edges point from a stage to the stages that need it.',
    'With --shard, the clusters that shard owns instead (of every cluster, or of --cluster/--changed), one a line; as JSON for CI scripts.',
    '',
    'Options:',
    '  --format NAME  graph: mermaid (default), dot or json',
    '  --shard I/N    only the clusters of shard I of N (stable as clusters are added): one CI runner of N',
    '  -C, --dir DIR  run as if tasks was started in DIR',
    '',
    'Examples:',
    '  tasks graph',
    '  tasks graph --format dot | dot -Tsvg > graph.svg',
    '  tasks graph --shard 2/3 --json',
  ) })
  t.same(await runCli(root, ['new-cluster', '--help']), { code: 0, stderr: '', stdout: lines(
    'Usage: tasks new-cluster NAME [--from CLUSTER]',
    '',
    'Scaffold clusters/NAME/ from an existing cluster.',
    "Copies its cluster.yaml and the files it points at (not generated ones), with its own cluster_name, backend keys, kubeconfig and key paths.",
    '--from defaults to the only cluster when there is just one.',
    '',
    'Options:',
    '  --from CLUSTER  new-cluster: the cluster to copy',
    '  --sandbox       the next steps it prints carry --sandbox; the copy keeps the source\'s sandbox: setting',
    '  -C, --dir DIR   run as if tasks was started in DIR',
    '',
    'Examples:',
    '  tasks new-cluster demo-b --from demo',
    '  tasks validate --cluster demo-b',
  ) })
})

/** Option rows as help prints them: the first column padded to the widest. */
const options = (rows: [string, string][]): string[] => {
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)
}

t.test('a target\'s usage: its chain, the options that apply to it, examples', async (t) => {
  const root = makeProject(fixtureFiles())
  const common: [string, string][] = [
    ["--cluster NAME", "cluster to run on; repeatable, a comma list, or a glob ('prod-*')"],
    ['--all', 'every cluster'],
    ['--changed', 'the clusters whose inputs changed in git since HEAD (or --since REF); none changed: nothing to do'],
    ['--since REF', 'with --changed: compare with REF (a commit, branch or tag) instead of HEAD'],
    ['--shard I/N', 'only the clusters of shard I of N (stable as clusters are added): one CI runner of N'],
    ['--dry-run', 'print the commands that would run; run nothing'],
  ]
  // A chain that changes something takes the rollout options too.
  const waves: [string, string][] = [
    ['--waves SPEC', "roll out in waves (1,25%,rest): each wave's clusters checked healthy before the next starts"],
    ['--max-per-account N', 'at most N clusters of one AWS account at once (account, else profile)'],
  ]
  const rest: [string, string][] = [
    ['--force[=STAGE]', 'run every stage (or STAGE) even when cached'],
    ['--offline', 'serve read stages from their last recorded result'],
    ['--no-remote-cache', 'do not read or write the remote cache (cache.remote)'],
    ['--json', 'print one JSON document with the outcome on stdout'],
    ['--summary-md FILE', 'write the run summary as Markdown (also to $GITHUB_STEP_SUMMARY)'],
    ['--keep-going', 'after a cluster fails, still start the others'],
    ['--sandbox', 'run terraform and kops from the bundled simulators (no AWS)'],
    ['--concurrency N', 'clusters run at once (default 4)'],
    ['--renderer NAME', 'progress: default, simple, verbose or silent'],
    ['-C, --dir DIR', 'run as if tasks was started in DIR'],
    ['--debug', 'show stack traces of internal errors'],
  ]
  t.same(await runCli(root, ['deploy', '--help', '--cluster', 'a']), { code: 0, stderr: '', stdout: lines(
    'Usage: tasks deploy [--cluster NAME]... [options]',
    '',
    'Deploy what check found.',
    '',
    'Runs, in order:',
    '  outputs  read',
    '  render   pure',
    '  push     write',
    '  check    read',
    '  deploy   write, gated',
    '',
    'Options:',
    ...options([...common, ['--yes, -y', 'approve gated stages (apply, destroy, …) without asking'], ...waves, ...rest]),
    '',
    'Examples:',
    '  tasks deploy --cluster demo --dry-run',
    '  tasks deploy --cluster demo --yes',
  ) })
  const push = await runCli(root, ['help', 'push'])
  t.notMatch(push.stdout, /--yes/, 'no gate in the chain: no --yes')
  t.match(push.stdout, /\nExamples:\n {2}tasks push --cluster demo --dry-run\n {2}tasks push --cluster demo\n$/)
})

t.test('the repository\'s targets list the options their stages read', async (t) => {
  const root = repoCopy()
  const options = async (target: string): Promise<string[]> => {
    const text = (await runCli(root, [target, '--help'])).stdout
    return text.split('\nOptions:\n')[1].split('\n\n')[0].split('\n').map((l) => l.trim().split(/\s{2,}/)[0])
  }
  const extra = (all: string[]) => all.filter((o) => ['--yes, -y', '-- ARGS…', '--allow-protected', '--lock-timeout D', '--validate-timeout D', '--migrate-state', '--reconfigure'].includes(o))
  t.same(extra(await options('kops-cmd')), ['--yes, -y', '-- ARGS…', '--lock-timeout D', '--migrate-state', '--reconfigure'])
  t.same(extra(await options('cluster-destroy-yes')), ['--yes, -y', '--allow-protected', '--lock-timeout D', '--migrate-state', '--reconfigure'])
  t.same(extra(await options('cluster-rolling-update-yes')), ['--yes, -y', '--lock-timeout D', '--validate-timeout D', '--migrate-state', '--reconfigure'])
  t.same(extra(await options('format')), ['--lock-timeout D'])
  const kops = (await runCli(root, ['help', 'kops-cmd'])).stdout
  t.match(kops, /^Usage: tasks kops-cmd \[--cluster NAME\]\.\.\. \[options\] -- ARGS…\n/)
  t.match(kops, /\nExamples:\n {2}tasks kops-cmd --cluster demo --dry-run -- ARGS…\n {2}tasks kops-cmd --cluster demo -- ARGS…\n$/, 'only init\'s gate: no --yes in the example')
})

t.test('help: the full listing, built-ins outside a project, unknown names', async (t) => {
  const root = makeProject(fixtureFiles())
  const full = await runCli(root, ['help'])
  t.same(await runCli(root, ['--help']), full)
  t.same(await runCli(root, ['-h']), full)
  t.match(full.stdout, /\nCommands:\n {2}help {13}List the commands[^\n]*\n(.*\n){8} {2}new-cluster {6}Scaffold clusters\/NAME\/ from an existing cluster: tasks new-cluster NAME \[--from CLUSTER\]\n/)
  t.match(full.stdout, /\n {2}-C, --dir DIR {9}run as if tasks was started in DIR\n/)
  t.match(full.stdout, /\n {2}--version {13}print the version of tasks\n\nOne command's or target's usage: tasks help NAME, or tasks NAME --help\.\n$/)
  const validate = await runCli('/', ['validate', '--help'])
  t.equal(validate.code, 0, 'a built-in\'s usage needs no project')
  t.match(validate.stdout, /^Usage: tasks validate /)
  t.same(await runCli(root, ['help', 'valdate']), { code: 2, stdout: '', stderr: lines('Unknown target "valdate" (did you mean "validate"?).', 'hint: run "tasks help" to list the targets.') })
  t.same(await runCli(root, ['docter', '--help']), { code: 2, stdout: '', stderr: lines('Unknown target "docter" (did you mean "doctor"?).', 'hint: run "tasks help" to list the targets.') })
  t.same(await runCli(root, ['help', 'deplyo']), { code: 2, stdout: '', stderr: lines('Unknown target "deplyo" (did you mean "deploy"?).', 'hint: run "tasks help" to list the targets.') })
  const json = await runCli(root, ['help', 'nope', '--json'])
  t.same(JSON.parse(json.stdout), { clusters: [], exitCode: 2, problems: [{ reason: 'unknown-target', message: 'Unknown target "nope".\nhint: run "tasks help" to list the targets.' }] })
})

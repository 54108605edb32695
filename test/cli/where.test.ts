// After a run: where its results are (files a requested stage records or writes, a plan's log with
// its summary line), what a `show` stage prints for people, and the progress lines of a run without
// a terminal, each led by its cluster.
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { capture, GRAPH_API, makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { listrReporter } from '../../modules/report/mod.ts'

const TASKS = `import { graph } from '${GRAPH_API}'
const fake = (ctx, ...args) => ({ tool: 'fake', args: [...args, ctx.cluster.name], cwd: ctx.root, env: {} })

export default graph()
  .stage('outputs', {
    kind: 'read',
    recorded: '{clusterDir}/outputs.json',
    run: async (ctx) => (await ctx.writeFile(ctx.cluster.dir + '/outputs.json', '{}\\n'), { version: 1 }),
  })
  .stage('workdir', {
    kind: 'pure',
    needs: ['outputs'],
    outputs: ['{state}/work/{cluster}/main.tf'],
    run: async (ctx) => (await ctx.writeFile(ctx.workDir + '/main.tf', '# copy\\n'), null),
  })
  .stage('plan', {
    kind: 'read',
    needs: ['workdir'],
    commands: (ctx) => [fake(ctx, 'plan')],
    run: (_ctx, [r]) => ({ add: Number(r.stdout.trim()) }),
    report: (p) => ({ note: '+' + p.add, data: { add: p.add, summary: p.add ? 'Plan: ' + p.add + ' to add, 0 to change, 0 to destroy.' : 'No changes.' } }),
  })
  .stage('kubeconfig', {
    kind: 'read',
    needs: ['outputs'],
    outputs: ['{state}/kube/{cluster}/config'],
    run: async (ctx) => (await ctx.writeFile(ctx.stateDir + '/kube/' + ctx.cluster.name + '/config', 'apiVersion: v1\\n'), null),
  })
  .stage('versions', {
    kind: 'read',
    show: true,
    commands: (ctx) => [fake(ctx, 'version')],
    run: (_ctx, [r]) => ({ version: JSON.parse(r.stdout).raw }),
    report: (v) => ({ note: '', data: { version: v.version, shown: 'fake ' + v.version + '\\n' } }),
  })
  .target('output', { description: 'Read the values', stages: ['outputs'] })
  .target('workdir', { description: 'Prepare the working copy', stages: ['workdir'] })
  .target('plan', { description: 'Plan', stages: ['plan'] })
  .target('kubeconfig', { description: 'Write the kubeconfig', stages: ['kubeconfig'] })
  .target('version', { description: 'Versions', stages: ['versions'] })
`

const project = () => makeProject({
  'tasks.ts': TASKS,
  'clusters/a/cluster.yaml': 'region: eu-west-1\n',
  'clusters/b/cluster.yaml': 'region: us-east-1\n',
})

/** plan prints 2 for cluster a and 0 for b; version prints 1.2.3; `failing` clusters' plans exit 1. */
const tools = (failing: string[] = []) => scriptedTools((cmd) => {
  const cluster = cmd.args.at(-1) ?? ''
  if (cmd.args[0] === 'version') return { exitCode: 0, stdout: '{"raw":"1.2.3"}\n', stderr: '' }
  if (failing.includes(cluster)) return { exitCode: 1, stdout: '', stderr: 'Error: no\n' }
  return { exitCode: 0, stdout: cluster === 'a' ? '2\n' : '0\n', stderr: '' }
})

t.test('each target says where its results are, per cluster', async (t) => {
  const root = project()
  const output = await runCli(root, ['output', '--cluster', 'a'], { ports: { tools: tools() } })
  t.equal(output.stderr, 'a: outputs: clusters/a/outputs.json\n1 cluster: 1 ok, 0 failed\n')
  const kube = await runCli(root, ['kubeconfig', '--cluster', 'a'], { ports: { tools: tools() } })
  t.equal(kube.stderr, 'a: kubeconfig: .tasks/kube/a/config\n1 cluster: 1 ok, 0 failed\n')
  const work = await runCli(root, ['workdir', '--cluster', 'a'], { ports: { tools: tools() } })
  t.equal(work.stderr, '1 cluster: 1 ok, 0 failed\n', "a cluster's private working copy is not pointed at")
  const plan = await runCli(root, ['plan', '--all'], { ports: { tools: tools() } })
  t.equal(plan.code, 0)
  t.match(plan.stderr, /\n {2}b {2}plan: \+0\n\na: plan: \.tasks\/logs\/a\/plan\.log \(Plan: 2 to add, 0 to change, 0 to destroy\.\)\nb: plan: \.tasks\/logs\/b\/plan\.log \(No changes\.\)\n2 clusters: 2 ok, 0 failed\n$/)
  t.equal(plan.stdout, '', 'nothing on stdout')
})

t.test('a stateDir outside the project is pointed at by its absolute path', async (t) => {
  const root = project()
  const state = mkdtempSync(join(tmpdir(), 'tasks-state-'))
  t.teardown(() => rmSync(state, { recursive: true, force: true }))
  writeFileSync(join(root, '.tasksrc.yaml'), `stateDir: ${state}\n`)
  const kube = await runCli(root, ['kubeconfig', '--cluster', 'a'], { ports: { tools: tools() } })
  t.equal(kube.stderr, `a: kubeconfig: ${state}/kube/a/config\n1 cluster: 1 ok, 0 failed\n`)
  const plan = await runCli(root, ['plan', '--cluster', 'a'], { ports: { tools: tools() } })
  t.match(plan.stderr, `a: plan: ${state}/logs/a/plan.log (Plan: 2 to add, 0 to change, 0 to destroy.)\n`)
})

t.test('only clusters that succeeded point at their results; --json keeps the text off stdout', async (t) => {
  const root = project()
  const r = await runCli(root, ['plan', '--all', '--keep-going', '--json'], { ports: { tools: tools(['b']) } })
  t.equal(r.code, 1)
  t.match(r.stderr, /\na: plan: \.tasks\/logs\/a\/plan\.log \(Plan: 2 to add, 0 to change, 0 to destroy\.\)\n2 clusters: 1 ok, 1 failed\nRecorded as run \d{8}-\d{6}-\d+: tasks resume carries it on\.\n$/)
  t.notMatch(r.stderr, /^b: /m)
  const doc = JSON.parse(r.stdout)
  t.same(doc.clusters[0].stages.at(-1).details, { add: 2, summary: 'Plan: 2 to add, 0 to change, 0 to destroy.' }, 'the summary line is data too')
})

t.test('a show stage prints its text for people; --json holds the raw output and the values', async (t) => {
  const root = project()
  const human = await runCli(root, ['version', '--cluster', 'a'], { ports: { tools: tools() } })
  t.same(human, { code: 0, stdout: 'fake 1.2.3\n', stderr: '1 cluster: 1 ok, 0 failed\n' })
  const both = await runCli(root, ['version', '--all'], { ports: { tools: tools() } })
  t.equal(both.stdout, '== a ==\nfake 1.2.3\n== b ==\nfake 1.2.3\n')
  const json = await runCli(root, ['version', '--cluster', 'a', '--json'], { ports: { tools: tools() } })
  t.same(JSON.parse(json.stdout).clusters[0].stages[0], {
    name: 'versions', status: 'ran', durationMs: 100, reason: 'reads live state', details: { version: '1.2.3' }, output: '{"raw":"1.2.3"}\n',
  })
})

t.test('without a terminal every progress line names its cluster, one cluster or several', async (t) => {
  const root = project()
  const progress = capture()
  const reporter = listrReporter({ renderer: 'simple', output: progress, color: false })
  const r = await runCli(root, ['plan', '--all', '--concurrency', '1'], { ports: { tools: tools(['b']), reporter } })
  t.equal(r.code, 1)
  t.equal(progress.text(), [
    '[a] ❯ a',
    '[a] ❯ outputs',
    '[a] ✔ outputs (100ms)',
    '[a] ❯ workdir',
    '[a] ✔ workdir (100ms)',
    '[a] ❯ plan',
    '[a] ✔ plan (100ms)',
    '[a] ✔ a',
    '[b] ❯ b',
    '[b] ❯ outputs',
    '[b] ✔ outputs (100ms)',
    '[b] ❯ workdir',
    '[b] ✔ workdir (100ms)',
    '[b] ❯ plan',
    '[b] ✖ plan [FAILED: fake exited with code 1]',
    '[b] ✖ b [FAILED: plan failed]',
    '',
  ].join('\n'))
  const one = capture()
  await runCli(root, ['output', '--cluster', 'a'], { ports: { tools: tools(), reporter: listrReporter({ renderer: 'simple', output: one, color: false }) } })
  t.equal(one.text(), '[a] ❯ a\n[a] ❯ outputs\n[a] ✔ outputs (100ms)\n[a] ✔ a\n')
})

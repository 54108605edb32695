// Usage and configuration problems: one clear message, a location where there is one, exit 2.
import t from 'tap'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GRAPH_API, makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { notRunJson } from '../../modules/cli/outcome-text.ts'
import { stoppedJson } from '../../modules/cli/report-failures.ts'

t.test('unknown targets, options and clusters get a did-you-mean and exit 2', async (t) => {
  const root = makeProject(fixtureFiles())
  t.same(await runCli(root, ['psuh', '--cluster', 'a']), { code: 2, stdout: '', stderr: 'Unknown target "psuh" (did you mean "push"?).\nhint: run "tasks help" to list the targets.\n' })
  t.same(await runCli(root, ['push', '--dryrun']), { code: 2, stdout: '', stderr: 'Unknown option "--dryrun" (did you mean "--dry-run"?).\nhint: run "tasks help" to list the options.\n' })
  t.same(await runCli(root, ['push', '--cluster', 'c']), { code: 2, stdout: '', stderr: 'Cannot find cluster "c": known clusters are a, b.\n' })
  t.same(await runCli(root, ['push', '--cluster', 'aa']), { code: 2, stdout: '', stderr: 'Cannot find cluster "aa": known clusters are a, b (did you mean "a"?).\n' })
  t.same(await runCli(root, ['push']), { code: 2, stdout: '', stderr: 'Option --cluster is required here.\nhint: name one of a, b (globs like \'prod-*\' work), or pass --all\n' })
  t.same(await runCli(root, ['push', '--concurrency', '0', '--cluster', 'a']), { code: 2, stdout: '', stderr: 'Option --concurrency does not accept "0": expected a whole number of at least 1.\n' })
  t.same(await runCli(root, ['push', '--renderer=fancy']), { code: 2, stdout: '', stderr: 'Option --renderer does not accept "fancy": expected default, simple, verbose, silent.\n' })
  t.same(await runCli(root, ['push', '--json=yes']), { code: 2, stdout: '', stderr: 'Option --json does not accept "yes": expected no value.\n' })
  t.same(await runCli(root, ['push', '--cluster', 'a', '--force=pusj']), { code: 2, stdout: '', stderr: '--force=pusj names no stage (did you mean "push"?).\nhint: --force takes stage names (tasks help <target> lists them): outputs, render, push, check, deploy, announce.\n' })
  t.same(await runCli(root, ['push', '--cluster', 'a[']), { code: 2, stdout: '', stderr: "--cluster 'a[' matches no cluster; known clusters are a, b.\n" })
  t.same(await runCli(root, ['help', 'pusj']), { code: 2, stdout: '', stderr: 'Unknown target "pusj" (did you mean "push"?).\nhint: run "tasks help" to list the targets.\n' })
})

t.test('a single cluster is selected without --cluster', async (t) => {
  const files = fixtureFiles()
  delete files['clusters/b/cluster.yaml']
  const r = await runCli(makeProject(files), ['push', '--json'])
  t.equal(r.code, 0)
  t.same(JSON.parse(r.stdout).clusters.map((c: { name: string }) => c.name), ['a'])
})

t.test('an unknown need in tasks.ts points at tasks.ts:LINE:COLUMN with the line', async (t) => {
  const root = makeProject({
    ...fixtureFiles(),
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('outputs', { kind: 'read' })",
      "  .stage('render', { kind: 'pure', needs: ['outptus'] })",
      "  .target('render', { description: 'Render', stages: ['render'] })",
      '',
    ].join('\n'),
  })
  const r = await runCli(root, ['render', '--cluster', 'a'])
  t.equal(r.code, 2)
  t.equal(r.stderr, [
    'tasks.ts:4:4 stage "render" needs "outptus", which is not a stage (did you mean "outputs"?).',
    "    .stage('render', { kind: 'pure', needs: ['outptus'] })",
    '     ^',
    'hint: stages are outputs, render.',
    '',
  ].join('\n'))
})

t.test('a cycle in tasks.ts is reported with its full path', async (t) => {
  const root = makeProject({
    ...fixtureFiles(),
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('a', { kind: 'pure', needs: ['c'] })",
      "  .stage('b', { kind: 'pure', needs: ['a'] })",
      "  .stage('c', { kind: 'write', needs: ['b'] })",
      '',
    ].join('\n'),
  })
  const r = await runCli(root, ['help'])
  t.equal(r.code, 2)
  t.equal(r.stderr, "tasks.ts:3:4 stages depend on each other in a cycle: a → c → b → a.\n    .stage('a', { kind: 'pure', needs: ['c'] })\n     ^\nhint: remove one of these needs.\n")
})

t.test('a tasks.ts that throws or exports no graph is one message, no stack', async (t) => {
  const throws = makeProject({ ...fixtureFiles(), 'tasks.ts': "throw new Error('boom')\n" })
  const r = await runCli(throws, ['help'])
  t.equal(r.code, 2)
  t.equal(r.stderr, "tasks.ts:1:7 tasks.ts failed to load: boom\n  throw new Error('boom')\n        ^\nhint: fix it, then run again (--debug shows the whole error).\n")
  const empty = makeProject({ ...fixtureFiles(), 'tasks.ts': 'export default 42\n' })
  t.equal((await runCli(empty, ['help'])).stderr, 'tasks.ts does not export a task graph: its default export is not a graph.\nhint: end tasks.ts with "export default graph.build()".\n')
})

t.test('the project is found from a subdirectory, and settings are checked with locations', async (t) => {
  const root = makeProject({ ...fixtureFiles(), '.tasksrc.yaml': 'clustersDir: clusters\nconcurrency: 2\n' })
  mkdirSync(join(root, 'clusters/a/deep'), { recursive: true })
  const r = await runCli(join(root, 'clusters/a/deep'), ['push', '--cluster', 'a', '--json'])
  t.equal(r.code, 0)
  writeFileSync(join(root, '.tasksrc.yaml'), 'clustersDir: clusters\nconcurency: 2\n')
  t.same(await runCli(root, ['help']), {
    code: 2,
    stdout: '',
    stderr: '.tasksrc.yaml:2:1 unknown setting "concurency"; known settings are clustersDir, stateDir, concurrency, graph, terraform, kops, rollout, cache\n  concurency: 2\n  ^\n',
  })
  writeFileSync(join(root, '.tasksrc.yaml'), 'stateDir: .tasks\nclustersDir: "unclosed\n')
  t.same(await runCli(root, ['help']), {
    code: 2,
    stdout: '',
    stderr: '.tasksrc.yaml:2:23 Missing closing "quote\n  clustersDir: "unclosed\n                        ^\n',
  })
})

t.test('rollout settings: checked where they are written, as --waves is', async (t) => {
  const root = makeProject({ ...fixtureFiles(), '.tasksrc.yaml': 'rollout:\n  waves: "1,rest,2"\n' })
  t.same(await runCli(root, ['help']), {
    code: 2,
    stdout: '',
    stderr: '.tasksrc.yaml:2:3 setting "rollout.waves" must be rest only as the last wave (it takes every cluster left), e.g. 1,25%,rest, not "1,rest,2"\n    waves: "1,rest,2"\n    ^\n',
  })
  writeFileSync(join(root, '.tasksrc.yaml'), 'rollout:\n  waves: 1,rest\n  maxPerAcount: 2\n')
  t.same((await runCli(root, ['help'])).stderr.split('\n')[0], '.tasksrc.yaml:3:3 unknown setting "rollout.maxPerAcount"; known settings are rollout.waves, rollout.maxPerAccount')
  writeFileSync(join(root, '.tasksrc.yaml'), 'rollout: 3\n')
  t.same((await runCli(root, ['help'])).stderr.split('\n')[0], '.tasksrc.yaml:1:1 setting "rollout" must be a map of waves, maxPerAccount, not 3')
  t.same(await runCli(root, ['push', '--cluster', 'a', '--waves', '0,rest']), {
    code: 2,
    stdout: '',
    stderr: 'Option --waves does not accept "0,rest": expected counts of at least 1 (a wave of 0 clusters runs nothing), e.g. 1,25%,rest.\n',
  })
})

t.test('a bad cluster.yaml is reported at its line and column', async (t) => {
  const root = makeProject(fixtureFiles({ 'clusters/a/cluster.yaml': 'region: eu-west-1\n  bad: indent\n' }))
  const r = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(r.code, 2)
  t.equal(r.stderr, 'clusters/a/cluster.yaml:1:9 Nested mappings are not allowed in compact mappings\n  region: eu-west-1\n          ^\n')
})

t.test('no project at all', async (t) => {
  const r = await runCli('/', ['help'])
  t.same(r, { code: 2, stdout: '', stderr: 'No tasks project found from /: no tasks.ts, .tasksrc.yaml or package.json "tasks" key in it or any parent directory.\nhint: run tasks inside the repository.\n' })
})

t.test('--json: an invocation that fails before running still prints one JSON document', async (t) => {
  const root = makeProject(fixtureFiles())
  const doc = async (cwd: string, argv: string[]) => {
    const r = await runCli(cwd, argv)
    return { code: r.code, doc: JSON.parse(r.stdout), stderr: r.stderr }
  }
  const problem = (reason: string, message: string, code = 2) => ({ code, doc: { clusters: [], exitCode: code, problems: [{ reason, message }] }, stderr: `${message}\n` })
  t.same(await doc(root, ['push', '--json', '--dryrun']), problem('unknown-option', 'Unknown option "--dryrun" (did you mean "--dry-run"?).\nhint: run "tasks help" to list the options.'))
  t.same(await doc(root, ['psuh', '--cluster', 'a', '--json']), problem('unknown-target', 'Unknown target "psuh" (did you mean "push"?).\nhint: run "tasks help" to list the targets.'))
  t.same(await doc(root, ['push', '--cluster', 'c', '--json']), problem('unknown-cluster', 'Cannot find cluster "c": known clusters are a, b.'))
  t.same(await doc(root, ['push', '--json']), problem('missing-option', "Option --cluster is required here.\nhint: name one of a, b (globs like 'prod-*' work), or pass --all"))
  t.same(await doc('/', ['push', '--json']), problem('no-project', 'No tasks project found from /: no tasks.ts, .tasksrc.yaml or package.json "tasks" key in it or any parent directory.\nhint: run tasks inside the repository.'))
  const located = makeProject(fixtureFiles({ 'clusters/a/cluster.yaml': 'regoin: eu-west-1\n' }))
  const bad = await runCli(located, ['push', '--cluster', 'a', '--json'])
  t.equal(bad.code, 2)
  t.same(JSON.parse(bad.stdout).problems, [{ reason: 'bad-config', message: 'clusters/a/cluster.yaml:1:1 unknown setting "regoin" (did you mean "region"?); known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template\n  regoin: eu-west-1\n  ^' }], 'a located failure: as on stderr')
  t.equal(bad.stderr, `${JSON.parse(bad.stdout).problems[0].message}\n`)
  t.same(await runCli(root, ['push', '--dryrun']), { code: 2, stdout: '', stderr: 'Unknown option "--dryrun" (did you mean "--dry-run"?).\nhint: run "tasks help" to list the options.\n' }, 'without --json stdout stays empty')
  t.same(await runCli(root, ['kops-cmd', '--bogus', '--', '--json']), { code: 2, stdout: '', stderr: 'Unknown option "--bogus".\nhint: run "tasks help" to list the options.\n' }, '--json after -- is not ours')
})

t.test('--changed with no cluster changed: nothing to do, exit 0', async (t) => {
  const root = makeProject(fixtureFiles())
  const nothing = (since = 'HEAD') => ({ code: 0, stdout: '', stderr: `No cluster changed since ${since}: nothing to do.\n` })
  t.same(await runCli(root, ['push', '--changed']), nothing())
  t.same(await runCli(root, ['push', '--changed', '--dry-run']), nothing())
  t.same(await runCli(root, ['push', '--since', 'main']), nothing('main'))
  t.same(await runCli(root, ['explain', 'push', '--changed']), nothing())
  t.same(await runCli(root, ['doctor', '--changed']), nothing())
  t.same(await runCli(root, ['push', '--changed', '--json']), { code: 0, stdout: '{\n  "clusters": [],\n  "exitCode": 0\n}\n', stderr: 'No cluster changed since HEAD: nothing to do.\n' })
  t.same(await runCli(root, ['push', '--changed', '--cluster', 'x-*']), { code: 2, stdout: '', stderr: "--cluster 'x-*' matches no cluster; known clusters are a, b.\n" }, 'a glob matching nothing is still a typo')
  const edited = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args.includes('diff') ? 'clusters/b/values.json\n' : '', stderr: '' }))
  const r = await runCli(root, ['push', '--changed', '--json'], { ports: { tools: edited } })
  t.equal(r.code, 0)
  t.same(JSON.parse(r.stdout).clusters.map((c: { name: string }) => c.name), ['b'], 'a changed cluster runs')
})

t.test('the usage-error document is the run\'s document of a run that stopped before any cluster', async (t) => {
  const problems = [{ reason: 'unknown-option', message: 'Unknown option "--x".' }]
  t.equal(stoppedJson(2, problems), notRunJson([], 2, problems))
  t.equal(stoppedJson(0, []), notRunJson([], 0, []))
})

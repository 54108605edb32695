// Failures, refusals and interrupts through the CLI: exit codes, what is shown, what is recorded.
import t from 'tap'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeProject, runCli, scriptedTools, recordingReporter } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const failingPush = scriptedTools((cmd) =>
  cmd.args[0] === 'push' && cmd.args.at(-1) === 'a'
    ? { exitCode: 1, stdout: Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n') + '\n', stderr: 'Error: push refused\n' }
    : { exitCode: 0, stdout: '', stderr: '' },
)

t.test('a failing stage: exit 1, the last lines and the log path, nothing recorded for it', async (t) => {
  const root = makeProject(fixtureFiles())
  const r = await runCli(root, ['push', '--cluster', 'a,b', '--json', '--concurrency', '1'], { ports: { tools: failingPush } })
  t.equal(r.code, 1)
  const doc = JSON.parse(r.stdout)
  t.same(doc.exitCode, 1)
  t.same(doc.clusters.map((c: { name: string; status: string }) => [c.name, c.status]), [['a', 'failed'], ['b', 'not-run']])
  t.same(doc.clusters[0].stages[2], { name: 'push', status: 'failed', durationMs: 100, reason: 'fake exited with code 1' })
  t.same(doc.clusters[1].stages.map((s: { status: string; reason: string }) => `${s.status}: ${s.reason}`), [
    'not-reached: not started: cluster a failed',
    'not-reached: not started: cluster a failed',
    'not-reached: not started: cluster a failed',
  ])
  const tail = [...Array.from({ length: 25 }, (_, i) => `line ${i + 1}`), 'Error: push refused'].slice(-20)
  t.equal(r.stderr, [
    '✖ a: push failed: fake exited with code 1',
    ...tail.map((l) => `  │ ${l}`),
    '  full log: .tasks/logs/a/push.log',
    '2 clusters: 0 ok, 1 failed, 1 not run',
    '',
  ].join('\n'))
  t.match(readFileSync(join(root, '.tasks/logs/a/push.log'), 'utf8'), /^\$ fake push out\.txt a\nline 1\n[^]*line 25\nError: push refused\n$/)
  t.notOk(existsSync(join(root, '.tasks/cache/a/push.json')), 'the failed stage is not recorded')
  t.ok(existsSync(join(root, '.tasks/cache/a/render.json')), 'the stages before it are')
})

t.test('--keep-going still runs the other clusters', async (t) => {
  const root = makeProject(fixtureFiles())
  const r = await runCli(root, ['push', '--cluster', 'a', '--cluster', 'b', '--json', '--concurrency', '1', '--keep-going'], { ports: { tools: failingPush } })
  t.equal(r.code, 1)
  t.same(JSON.parse(r.stdout).clusters.map((c: { status: string }) => c.status), ['failed', 'ok'])
})

t.test('an interrupt stops the running tool, records nothing for it and exits 130', async (t) => {
  const root = makeProject(fixtureFiles())
  const interrupt = new AbortController()
  // The tool runs until it is told to stop, as a real process would; the interrupt arrives
  // once it has started.
  const tools = scriptedTools((_cmd, io) => new Promise((resolve) => {
    io.signal.addEventListener('abort', () => resolve({ exitCode: 130, stdout: '', stderr: 'killed\n' }))
    io.onOutput('working\n')
  }))
  const reporter = recordingReporter((e) => {
    if (e.type === 'stage-output' && e.text === 'working\n') interrupt.abort()
  })
  const r = await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools, reporter }, signal: interrupt.signal })
  t.equal(r.code, 130)
  const stages = JSON.parse(r.stdout).clusters[0].stages
  t.same(stages.map((s: { status: string; reason: string }) => `${s.status}: ${s.reason}`), ['ran: reads live state', 'ran: no previous success', 'failed: interrupted'])
  t.notOk(existsSync(join(root, '.tasks/cache/a/push.json')), 'nothing recorded for the interrupted stage')
  t.match(r.stderr, /^✖ a: push failed: interrupted\n[^]*1 cluster: 0 ok, 1 failed \(interrupted\)\n$/)
})

t.test('a gated stage without a terminal needs --yes: exit 3 before it runs', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '2\n' : '', stderr: '' }))
  const refused = await runCli(root, ['deploy', '--cluster', 'a', '--json'], { ports: { tools } })
  t.equal(refused.code, 3)
  t.same(tools.calls.map((c) => c.args[0]), ['push', 'check'], 'deploy never started')
  t.match(refused.stderr, /Refused to run "deploy" on cluster "a": it changes remote state and there is no terminal to confirm on; pass --yes\.\n/)
  const approved = await runCli(root, ['deploy', '--cluster', 'a', '--json', '--yes'], { ports: { tools } })
  t.equal(approved.code, 0)
  t.same(tools.calls.map((c) => c.args[0]).slice(2), ['check', 'deploy'])
})

t.test('an interactive confirmation is asked and its answer obeyed', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '1\n' : '', stderr: '' }))
  const asked: string[] = []
  const confirm = { interactive: true, ask: async (q: string) => (asked.push(q), false) }
  const r = await runCli(root, ['deploy', '--cluster', 'a'], { ports: { tools, confirm } })
  t.equal(r.code, 3)
  t.same(asked, ['Run "deploy" on cluster "a"?'])
  t.match(r.stderr, /Refused to run "deploy" on cluster "a": not approved\./)
})

t.test('a plan with no changes skips the gated stage and asks nothing', async (t) => {
  const root = makeProject(fixtureFiles())
  const r = await runCli(root, ['deploy', '--cluster', 'a', '--json'])
  t.equal(r.code, 0)
  t.same(JSON.parse(r.stdout).clusters[0].stages.at(-1), { name: 'deploy', status: 'skipped', durationMs: 0, reason: 'no changes' })
})

t.test('a corrupt cache record is a miss with a warning', async (t) => {
  const root = makeProject(fixtureFiles())
  await runCli(root, ['push', '--cluster', 'a'])
  writeFileSync(join(root, '.tasks/cache/a/render.json'), '{"format":1,')
  const r = await runCli(root, ['push', '--cluster', 'a', '--json'])
  t.equal(r.code, 0)
  t.match(r.stderr, /^warning: ignoring corrupt cache record .*\.tasks\/cache\/a\/render\.json \(.*\); the stage will run\n/)
  t.same(JSON.parse(r.stdout).clusters[0].stages[1], { name: 'render', status: 'ran', durationMs: 100, reason: 'no previous success' })
})

t.test('--offline serves read stages from their record, and fails without one', async (t) => {
  const root = makeProject(fixtureFiles())
  const cold = await runCli(root, ['push', '--cluster', 'a', '--json', '--offline'])
  t.equal(cold.code, 1)
  t.same(JSON.parse(cold.stdout).clusters[0].stages[0], { name: 'outputs', status: 'failed', durationMs: 0, reason: 'offline, and no recorded result to serve' })
  await runCli(root, ['push', '--cluster', 'a'])
  writeFileSync(join(root, 'clusters/a/values.json'), '{"version":"9.9.9"}')
  const warm = await runCli(root, ['push', '--cluster', 'a', '--json', '--offline'])
  t.equal(warm.code, 0)
  t.match(JSON.parse(warm.stdout).clusters[0].stages[0], { status: 'cached', reason: /^offline: served from the result of 20\d\d-/ })
  t.equal(JSON.parse(warm.stdout).clusters[0].stages[1].status, 'cached', 'the recorded values were used')
})

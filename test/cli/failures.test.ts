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
  t.equal(r.stderr.replace(/run \d{8}-\d{6}-\d+:/, 'run ID:'), [
    '✖ a: push failed: fake exited with code 1',
    ...tail.map((l) => `  │ ${l}`),
    '  full log: .tasks/logs/a/push.log',
    '',
    'CLUSTER  RESULT   outputs    render     push          TIME',
    'a        failed   ran 100ms  ran 100ms  FAILED 100ms  300ms',
    'b        not-run  -          -          -             0ms',
    '',
    '2 clusters: 0 ok, 1 failed, 1 not run',
    'Recorded as run ID: tasks resume carries it on.',
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
    io.onOutput('working\n', 'stdout')
  }))
  const reporter = recordingReporter((e) => {
    if (e.type === 'stage-output' && e.text === 'working\n') interrupt.abort()
  })
  const r = await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools, reporter }, signal: interrupt.signal })
  t.equal(r.code, 130)
  const doc = JSON.parse(r.stdout)
  t.equal(doc.clusters[0].status, 'interrupted', 'the cluster is interrupted, not failed')
  t.same(doc.clusters[0].stages.map((s: { status: string; reason: string }) => `${s.status}: ${s.reason}`), ['ran: reads live state', 'ran: no previous success', 'interrupted: interrupted'])
  t.notOk(existsSync(join(root, '.tasks/cache/a/push.json')), 'nothing recorded for the interrupted stage')
  t.equal(r.stderr, [
    '✖ a: push interrupted',
    '  │ $ fake push out.txt a',
    '  │ working',
    '  │ killed',
    '  full log: .tasks/logs/a/push.log',
    '1 cluster: 0 ok, 0 failed, 1 interrupted',
    '',
  ].join('\n'))
})

t.test('a gated stage without a terminal needs --yes: exit 3 before it runs', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '2\n' : '', stderr: '' }))
  const refused = await runCli(root, ['deploy', '--cluster', 'a', '--json'], { ports: { tools } })
  t.equal(refused.code, 3)
  t.same(tools.calls.map((c) => c.args[0]), ['push', 'check'], 'deploy never started')
  t.match(refused.stderr, /Refused to run "deploy" on cluster "a": they change remote state and there is no terminal to confirm on; none of them ran\.\n {2}a {2}deploy: 2 change\(s\)\nhint: review these changes, then rerun with --yes \(or answer the question on a terminal\)\.\n/)
  const doc = JSON.parse(refused.stdout)
  t.same(doc.clusters[0].stages.map((s: { name: string; status: string; reason: string }) => `${s.name}:${s.status}:${s.reason}`), [
    'outputs:ran:reads live state', 'render:ran:no previous success', 'push:ran:no previous success', 'check:ran:reads live state', 'deploy:not-reached:not approved',
  ])
  t.equal(doc.exitCode, 3)
  t.same(doc.problems, [{
    reason: 'refused',
    message: 'Refused to run "deploy" on cluster "a": they change remote state and there is no terminal to confirm on; none of them ran.\n  a  deploy: 2 change(s)\nhint: review these changes, then rerun with --yes (or answer the question on a terminal).',
  }], 'the refusal is in the document, not only on stderr')
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
  t.same(asked, ['These changes need approval:\n  a  deploy: 1 change(s)\nApply them?'])
  t.match(r.stderr, /Refused to run "deploy" on cluster "a": not approved; none of them ran\./)
})

t.test('Ctrl-C at the question is an interrupt: exit 130, the gated stage not run, no refusal', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '1\n' : '', stderr: '' }))
  const interrupt = new AbortController()
  const confirm = { interactive: true, ask: async () => (interrupt.abort(), false) }
  const r = await runCli(root, ['deploy', '--cluster', 'a', '--json'], { ports: { tools, confirm }, signal: interrupt.signal })
  t.equal(r.code, 130)
  t.same(tools.calls.map((c) => c.args[0]), ['push', 'check'], 'deploy never started')
  const doc = JSON.parse(r.stdout)
  t.same(doc.clusters[0].stages.at(-1), { name: 'deploy', status: 'not-reached', durationMs: 0, reason: 'interrupted' })
  t.equal(doc.problems, undefined, 'not a refusal')
  t.notMatch(r.stderr, /Refused/)
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

t.test('a batch: every cluster reads first, then one confirmation covers all their changes', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '3\n' : '', stderr: '' }))
  const asked: string[] = []
  const order: string[] = []
  const confirm = { interactive: true, ask: async (q: string) => (asked.push(q), order.push('asked'), true) }
  const reporter = recordingReporter((e) => {
    if (e.type === 'stage-start') order.push(`${e.cluster}:${e.stage}`)
  })
  const r = await runCli(root, ['deploy', '--cluster', 'a,b', '--json', '--concurrency', '1'], { ports: { tools, confirm, reporter } })
  t.equal(r.code, 0)
  t.same(asked, ['These changes need approval:\n  a  deploy: 3 change(s)\n  b  deploy: 3 change(s)\nApply them?'])
  t.same(order, ['a:outputs', 'a:render', 'a:push', 'a:check', 'b:outputs', 'b:render', 'b:push', 'b:check', 'asked', 'a:deploy', 'b:deploy'])
  t.same(JSON.parse(r.stdout).clusters.map((c: { stages: { status: string }[] }) => c.stages.map((s) => s.status).join(' ')), ['ran ran ran ran ran', 'ran ran ran ran ran'])
})

t.test('a failure while reading: nothing is asked and no change runs (unless --keep-going)', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) =>
    cmd.args[0] === 'check' && cmd.args.at(-1) === 'b' ? { exitCode: 1, stdout: '', stderr: 'boom\n' } : { exitCode: 0, stdout: cmd.args[0] === 'check' ? '3\n' : '', stderr: '' },
  )
  const asked: string[] = []
  const confirm = { interactive: true, ask: async (q: string) => (asked.push(q), true) }
  const r = await runCli(root, ['deploy', '--cluster', 'a,b', '--json', '--concurrency', '2'], { ports: { tools, confirm } })
  t.equal(r.code, 1)
  t.same(asked, [])
  const doc = JSON.parse(r.stdout)
  t.same(doc.clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['a:not-run', 'b:failed'])
  t.same(doc.clusters[0].stages.at(-1), { name: 'deploy', status: 'not-reached', durationMs: 0, reason: 'stopped before its changes: cluster b failed' })
  t.notOk(tools.calls.some((c) => c.args[0] === 'deploy'), 'no change ran')
  const going = await runCli(root, ['deploy', '--cluster', 'a,b', '--json', '--keep-going'], { ports: { tools, confirm } })
  t.same(JSON.parse(going.stdout).clusters.map((c: { status: string }) => c.status), ['ok', 'failed'])
  t.same(asked.length, 1, 'with --keep-going the healthy cluster is still asked for')
})

t.test('gated stages with no read between them share one question; a no refuses them all', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '1\n' : '', stderr: '' }))
  const asked: string[] = []
  const confirm = { interactive: true, ask: async (q: string) => (asked.push(q), !q.includes('announce')) }
  const r = await runCli(root, ['announce', '--cluster', 'a', '--json'], { ports: { tools, confirm } })
  t.equal(r.code, 3)
  t.same(asked, ['These changes need approval:\n  a  deploy: 1 change(s)\n     announce: tells everyone\nApply them?'])
  t.same(tools.calls.map((c) => c.args[0]), ['push', 'check'], 'neither deploy nor announce ran')
  const again = await runCli(root, ['announce', '--cluster', 'a', '--json', '--yes'], { ports: { tools } })
  const twice = await runCli(root, ['announce', '--cluster', 'a', '--json', '--yes'], { ports: { tools } })
  t.same([again.code, twice.code], [0, 0])
  t.same(tools.calls.filter((c) => c.args[0] === 'announce').length, 2, 'a stage that is not cached runs every time it is asked for')
})

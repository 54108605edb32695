// End-to-end runs of the CLI in-process on a temp project, with scripted tools and a stepping clock.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { FIXTURE_TASKS, fixtureFiles } from '../helpers/fixture-graph.ts'
import { existsSync } from 'node:fs'

const json = (stdout: string) => JSON.parse(stdout)
const statuses = (stdout: string) => json(stdout).clusters.map((c: { name: string; stages: { name: string; status: string }[] }) => [c.name, c.stages.map((s) => `${s.name}:${s.status}`).join(' ')])

t.test('a first run runs every stage; the second skips what did not change', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools()
  const first = await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools } })
  t.equal(first.code, 0)
  t.same(json(first.stdout), {
    clusters: [{
      name: 'a',
      status: 'ok',
      stages: [
        { name: 'outputs', status: 'ran', durationMs: 100, reason: 'reads live state' },
        { name: 'render', status: 'ran', durationMs: 100, reason: 'no previous success' },
        { name: 'push', status: 'ran', durationMs: 100, reason: 'no previous success' },
      ],
    }],
    exitCode: 0,
  })
  t.same(tools.calls, [{ tool: 'fake', args: ['push', 'out.txt', 'a'], cwd: root, env: { REGION: 'eu-west-1' } }])
  t.equal(readFileSync(join(root, 'clusters/a/out.txt'), 'utf8'), 'version: 1.28.4\n')
  t.equal(readFileSync(join(root, '.tasks/logs/a/push.log'), 'utf8'), '$ fake push out.txt a\n')
  t.equal(first.stderr, '1 cluster: 1 ok, 0 failed\n')

  const second = await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools } })
  t.same(json(second.stdout).clusters[0].stages.map((s: { reason: string }) => s.reason), ['reads live state', 'cached', 'up to date: last succeeded with these inputs'])
  t.equal(tools.calls.length, 1, 'push did not run again')

  writeFileSync(join(root, 'clusters/a/values.json'), '{"version":"1.29.7"}')
  const third = await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools } })
  t.same(json(third.stdout).clusters[0].stages.map((s: { reason: string }) => s.reason), [
    'reads live state',
    'changed: outputs.version 1.28.4 → 1.29.7',
    'changed: file clusters/a/out.txt changed',
  ])
  t.equal(tools.calls.length, 2)
})

t.test('a stage that undoes another drops its record when it succeeds: the next run does it again', async (t) => {
  const graph = FIXTURE_TASKS.replace(
    "  .target('outputs'",
    "  .stage('unpush', { kind: 'write', cached: false, needs: ['outputs'], undoes: ['push'], commands: (ctx) => [fake(ctx, 'unpush')] })\n" +
      "  .target('unpush', { description: 'Take the push back', stages: ['unpush'] })\n  .target('outputs'",
  )
  const root = makeProject(fixtureFiles({ 'tasks.ts': graph }))
  const tools = scriptedTools()
  const push = async () => json((await runCli(root, ['push', '--cluster', 'a', '--json'], { ports: { tools } })).stdout).clusters[0].stages.at(-1)
  t.match(await push(), { name: 'push', status: 'ran', reason: 'no previous success' })
  t.match(await push(), { name: 'push', status: 'cached', reason: 'up to date: last succeeded with these inputs' })
  const undo = await runCli(root, ['unpush', '--cluster', 'a'], { ports: { tools } })
  t.equal(undo.code, 0, undo.stderr)
  t.notOk(existsSync(join(root, '.tasks/cache/a/push.json')), "push's record is gone")
  t.match(await push(), { name: 'push', status: 'ran', reason: 'no previous success' })
  t.same(tools.calls.map((c) => c.args[0]), ['push', 'unpush', 'push'])
})

t.test('editing a generated output makes its pure stage run again', async (t) => {
  const root = makeProject(fixtureFiles())
  await runCli(root, ['push', '--cluster', 'a'])
  writeFileSync(join(root, 'clusters/a/out.txt'), 'hand edit\n')
  const r = await runCli(root, ['push', '--cluster', 'a', '--json'])
  t.same(statuses(r.stdout), [['a', 'outputs:ran render:ran push:cached']])
  t.equal(json(r.stdout).clusters[0].stages[1].reason, 'output clusters/a/out.txt was modified')
  t.equal(readFileSync(join(root, 'clusters/a/out.txt'), 'utf8'), 'version: 1.28.4\n')
})

t.test('--force runs cached stages, all or one', async (t) => {
  const root = makeProject(fixtureFiles())
  await runCli(root, ['push', '--cluster', 'a'])
  const one = await runCli(root, ['push', '--cluster', 'a', '--json', '--force=push'])
  t.same(statuses(one.stdout), [['a', 'outputs:ran render:cached push:ran']])
  t.equal(json(one.stdout).clusters[0].stages[2].reason, 'forced (--force)')
  const all = await runCli(root, ['push', '--cluster', 'a', '--json', '--force'])
  t.same(statuses(all.stdout), [['a', 'outputs:ran render:ran push:ran']])
})

t.test('--dry-run prints the commands and runs nothing', async (t) => {
  const root = makeProject(fixtureFiles())
  const tools = scriptedTools()
  await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  writeFileSync(join(root, 'template.txt'), 'v: VERSION\n')
  const before = readFileSync(join(root, '.tasks/cache/a/render.json'), 'utf8')
  const r = await runCli(root, ['push', '--cluster', 'a', '--dry-run'], { ports: { tools } })
  t.equal(r.code, 0)
  t.equal(r.stdout, [
    'a:',
    '  outputs  run   reads live state',
    '      (in-process, no commands)',
    '  render   run   changed: file template.txt changed',
    '      (in-process, no commands)',
    // render writes out.txt again before push runs: the plan sees it as the run will.
    '  push     run   changed: file clusters/a/out.txt is rewritten by render',
    '      $ fake push out.txt a',
    '',
    'Dry run: nothing was run.',
    '',
  ].join('\n'))
  t.equal(tools.calls.length, 1, 'no tool ran')
  t.equal(readFileSync(join(root, 'clusters/a/out.txt'), 'utf8'), 'version: 1.28.4\n', 'no file written')
  t.equal(readFileSync(join(root, '.tasks/cache/a/render.json'), 'utf8'), before, 'no record written')
})

t.test('Ctrl-C during a run: the cluster it stopped is "interrupted", the one never started "not-started", exit 130', async (t) => {
  const root = makeProject(fixtureFiles())
  const interrupt = new AbortController()
  // a's push runs until it is stopped; the interrupt comes once it has started.
  const tools = scriptedTools((_cmd, io) => new Promise((resolve) => {
    io.signal.addEventListener('abort', () => resolve({ exitCode: 130, stdout: '', stderr: 'killed\n' }))
    interrupt.abort()
  }))
  const r = await runCli(root, ['push', '--all', '--concurrency', '1', '--json', '--summary-md', 'summary.md'], { ports: { tools }, signal: interrupt.signal })
  t.equal(r.code, 130)
  const doc = json(r.stdout)
  t.same(doc.clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['a:interrupted', 'b:not-started'])
  t.same(statuses(r.stdout), [['a', 'outputs:ran render:ran push:interrupted'], ['b', 'outputs:not-reached render:not-reached push:not-reached']])
  t.equal(doc.exitCode, 130)
  t.equal(r.stderr.replace(/run \d{8}-\d{6}-\d+:/, 'run ID:'), [
    '✖ a: push interrupted',
    '  │ $ fake push out.txt a',
    '  │ killed',
    '  full log: .tasks/logs/a/push.log',
    '',
    'CLUSTER  RESULT       outputs    render     push               TIME',
    'a        interrupted  ran 100ms  ran 100ms  interrupted 100ms  300ms',
    'b        not-started  -          -          -                  0ms',
    '',
    '2 clusters: 0 ok, 0 failed, 1 interrupted, 1 not started',
    'Recorded as run ID: tasks resume carries it on.',
    '',
  ].join('\n'))
  t.match(readFileSync(join(root, 'summary.md'), 'utf8'), /\n\| a \| interrupted \| ran 100ms \| ran 100ms \| interrupted 100ms \| 300ms \|\n\| b \| not-started \| - \| - \| - \| 0ms \|\n/)
})

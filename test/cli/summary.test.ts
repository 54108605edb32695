// The run summary as a terminal table, as Markdown (--summary-md, $GITHUB_STEP_SUMMARY) and in --json.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { summaryMarkdown, summaryText } from '../../modules/cli/summary.ts'
import { closingLine, failuresText, notRunJson, outcomeJson } from '../../modules/cli/outcome-text.ts'
import type { RunOutcome } from '../../modules/exec/mod.ts'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const OUTCOME: RunOutcome = {
  interrupted: false,
  clusters: [
    { name: 'prod', status: 'ok', stages: [
      { name: 'outputs', status: 'ran', durationMs: 1400, reason: 'reads live state' },
      { name: 'plan', status: 'ran', durationMs: 2300, reason: 'reads live state', note: '+3 ~1 -1; REPLACES instance groups (1)' },
    ] },
    { name: 'dev', status: 'failed', stages: [
      { name: 'outputs', status: 'cached', durationMs: 0, reason: 'offline' },
      { name: 'plan', status: 'failed', durationMs: 850, reason: 'terraform exited with code 1' },
    ] },
    { name: 'qa', status: 'not-run', stages: [
      { name: 'outputs', status: 'not-reached', durationMs: 0, reason: 'not started' },
      { name: 'plan', status: 'not-reached', durationMs: 0, reason: 'not started' },
    ] },
  ],
}

t.test('one table: clusters down, stages across, then the notes', async (t) => {
  t.equal(summaryText(OUTCOME), [
    'CLUSTER  RESULT   outputs   plan          TIME',
    'prod     ok       ran 1.4s  ran 2.3s      3.7s',
    'dev      failed   cached    FAILED 850ms  850ms',
    'qa       not-run  -         -             0ms',
    '',
    '  prod  plan: +3 ~1 -1; REPLACES instance groups (1)',
    '',
  ].join('\n'))
  t.equal(summaryMarkdown(OUTCOME, 'plan'), [
    '### tasks plan',
    '',
    '| CLUSTER | RESULT | outputs | plan | TIME |',
    '| --- | --- | --- | --- | --- |',
    '| prod | ok | ran 1.4s | ran 2.3s | 3.7s |',
    '| dev | failed | cached | FAILED 850ms | 850ms |',
    '| qa | not-run | - | - | 0ms |',
    '',
    '- **prod** plan: +3 ~1 -1; REPLACES instance groups (1)',
    '',
  ].join('\n'))
})

t.test('a batch run writes the Markdown where CI and reviewers read it', async (t) => {
  const root = makeProject(fixtureFiles())
  const step = join(root, 'step-summary.md')
  writeFileSync(step, '# earlier step\n')
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'check' ? '2\n' : '', stderr: '' }))
  const r = await runCli(root, ['deploy', '--all', '--yes', '--concurrency', '1', '--summary-md', 'summary.md'], { env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: step }, ports: { tools } })
  t.equal(r.code, 0)
  const md = readFileSync(join(root, 'summary.md'), 'utf8')
  t.match(md, /^### tasks deploy\n\n\| CLUSTER \| RESULT \| outputs \| render \| push \| check \| deploy \| TIME \|\n/)
  t.match(md, /\n\| a \| ok \| ran 100ms \| ran 100ms \| ran 100ms \| ran 100ms \| ran 100ms \| 500ms \|\n/)
  t.equal(readFileSync(step, 'utf8'), `# earlier step\n${md}`, 'appended to $GITHUB_STEP_SUMMARY')
  t.match(r.stderr, /\nCLUSTER +RESULT +outputs +render +push +check +deploy +TIME\na +ok +ran 100ms +ran 100ms +ran 100ms +ran 100ms +ran 100ms +500ms\n/, 'the table on stderr for a batch')
})

// Ctrl-C while dev planned: dev stopped in its plan, stg between two stages, qa never started.
const INTERRUPTED: RunOutcome = {
  interrupted: true,
  clusters: [
    { name: 'prod', status: 'ok', stages: [
      { name: 'outputs', status: 'ran', durationMs: 1400, reason: 'reads live state' },
      { name: 'plan', status: 'ran', durationMs: 2300, reason: 'reads live state' },
    ] },
    { name: 'dev', status: 'failed', stages: [
      { name: 'outputs', status: 'ran', durationMs: 900, reason: 'reads live state' },
      { name: 'plan', status: 'failed', durationMs: 2100, reason: 'interrupted', logPath: '/p/.tasks/logs/dev/plan.log', logTail: ['Refreshing state...'] },
    ] },
    { name: 'stg', status: 'not-run', stages: [
      { name: 'outputs', status: 'ran', durationMs: 800, reason: 'reads live state' },
      { name: 'plan', status: 'not-reached', durationMs: 0, reason: 'interrupted' },
    ] },
    { name: 'qa', status: 'not-run', stages: [
      { name: 'outputs', status: 'not-reached', durationMs: 0, reason: 'interrupted' },
      { name: 'plan', status: 'not-reached', durationMs: 0, reason: 'interrupted' },
    ] },
  ],
}

t.test('an interrupted run: the clusters it stopped are "interrupted", those it kept from starting "not-started"', async (t) => {
  t.equal(summaryText(INTERRUPTED), [
    'CLUSTER  RESULT       outputs    plan              TIME',
    'prod     ok           ran 1.4s   ran 2.3s          3.7s',
    'dev      interrupted  ran 900ms  interrupted 2.1s  3.0s',
    'stg      interrupted  ran 800ms  -                 800ms',
    'qa       not-started  -          -                 0ms',
    '',
  ].join('\n'))
  t.match(summaryMarkdown(INTERRUPTED, 'plan'), /\n\| dev \| interrupted \| ran 900ms \| interrupted 2\.1s \| 3\.0s \|\n\| stg \| interrupted \| ran 800ms \| - \| 800ms \|\n\| qa \| not-started \| - \| - \| 0ms \|\n/)
  const doc = JSON.parse(outcomeJson(INTERRUPTED, 130))
  t.same(doc.clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['prod:ok', 'dev:interrupted', 'stg:interrupted', 'qa:not-started'])
  t.same(doc.clusters[1].stages[1], { name: 'plan', status: 'interrupted', durationMs: 2100, reason: 'interrupted' })
  t.equal(closingLine(INTERRUPTED), '4 clusters: 1 ok, 0 failed, 2 interrupted, 1 not started\n')
  t.equal(failuresText(INTERRUPTED, '/p'), '✖ dev: plan interrupted\n  │ Refreshing state...\n  full log: .tasks/logs/dev/plan.log\n')
  t.same(JSON.parse(notRunJson(['a', 'b'], 130, [{ reason: 'interrupted', message: 'Interrupted before any stage ran.' }], true)).clusters.map((c: { status: string }) => c.status), ['not-started', 'not-started'])
})

t.test('without an interrupt nothing changes; an interrupt between clusters still says so', async (t) => {
  t.equal(closingLine(OUTCOME), '3 clusters: 1 ok, 1 failed, 1 not run\n')
  t.same(JSON.parse(outcomeJson(OUTCOME, 1)).clusters.map((c: { status: string }) => c.status), ['ok', 'failed', 'not-run'])
  const between: RunOutcome = { interrupted: true, clusters: [INTERRUPTED.clusters[0], INTERRUPTED.clusters[3]] }
  t.equal(closingLine(between), '2 clusters: 1 ok, 0 failed, 1 not started (interrupted)\n')
})

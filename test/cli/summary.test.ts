// The run summary as a terminal table, as Markdown (--summary-md, $GITHUB_STEP_SUMMARY) and in --json.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { summaryMarkdown, summaryText } from '../../modules/cli/summary.ts'
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

import t from 'tap'
import type { RunOutcome, StageOutcome } from '../../modules/exec/mod.ts'
import { planRows, planTableMarkdown, planTableText } from '../../modules/cli/plan-table.ts'

const plan = (add: number, change: number, destroy: number, destructive: { address: string; protected: boolean }[] = []): StageOutcome => ({
  name: 'plan', status: 'ran', durationMs: 100, reason: 'reads live state', details: { add, change, destroy, ...(destructive.length ? { destructive } : {}) },
})
const outcome = (clusters: [string, StageOutcome[]][]): RunOutcome => ({ interrupted: false, clusters: clusters.map(([name, stages]) => ({ name, status: 'ok', stages })) })

const fleet = outcome([
  ['a', [plan(1, 0, 0)]],
  ['b', [plan(2, 1, 2, [{ address: 'aws_ebs_volume.x', protected: true }, { address: 'aws_launch_template.n', protected: false }])]],
  ['c', [plan(0, 3, 0)]],
  ['d', [plan(0, 0, 1)]],
  ['e', [{ name: 'render', status: 'cached', durationMs: 0, reason: 'cached' }]],
])

t.test('rows: protected replacements first, then destroys, changes, adds, then by name; clusters without a plan left out', async (t) => {
  t.same(planRows(fleet).map((r) => r.cluster), ['b', 'd', 'c', 'a'])
  t.same(planRows(fleet)[0], { cluster: 'b', stage: 'plan', add: 2, change: 1, destroy: 2, protected: ['aws_ebs_volume.x'] })
})

t.test('the terminal table and the Markdown one', async (t) => {
  t.equal(planTableText(fleet), [
    'CLUSTER  STAGE  ADD  CHANGE  DESTROY  PROTECTED',
    'b        plan     2       1        2  1: aws_ebs_volume.x',
    'd        plan     0       0        1  0',
    'c        plan     0       3        0  0',
    'a        plan     1       0        0  0',
    '',
  ].join('\n'))
  t.equal(planTableMarkdown(fleet), [
    '| CLUSTER | STAGE | ADD | CHANGE | DESTROY | PROTECTED |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    '| b | plan | 2 | 1 | 2 | 1: aws_ebs_volume.x |',
    '| d | plan | 0 | 0 | 1 | 0 |',
    '| c | plan | 0 | 3 | 0 | 0 |',
    '| a | plan | 1 | 0 | 0 | 0 |',
    '',
  ].join('\n'))
})

t.test('one plan is not a table', async (t) => {
  t.equal(planTableText(outcome([['a', [plan(1, 0, 0)]]])), '')
  t.equal(planTableMarkdown(outcome([['a', [plan(1, 0, 0)]]])), '')
})

// The `tasks runs` table as exact text: columns, cluster counts, results and the resume hint.
import t from 'tap'
import { runsText } from '../../modules/cli/runs.ts'
import type { Journal, JournalCluster, JournalClusterStatus } from '../../modules/rollout/journal.ts'

/** Which runs are still going: none, unless a test says so. */
const NONE = (): boolean => false

const clusters = (...statuses: JournalClusterStatus[]): JournalCluster[] => statuses.map((status, i) => ({ name: `c${i}`, status }))

const journal = (id: string, startedAt: string, over: Partial<Journal> = {}): Journal => ({
  format: 1, id, startedAt, status: 'finished', target: ['apply'], argv: ['apply'], clusters: clusters('finished'), ...over,
})

t.test('no journals', async (t) => {
  t.equal(runsText([], NONE, 'ci-7'), 'No runs recorded yet.\n')
})

t.test('a table newest first, with the resume hint when a run can be carried on', async (t) => {
  const old = journal('20261205-080000-17', '2026-12-05T08:00:00.250Z', {
    status: 'stopped', resumedBy: '20261206-051541-4242', clusters: clusters('finished', 'failed', 'not-started'),
  })
  const resume = journal('20261206-051541-4242', '2026-12-06T05:15:41.123Z', {
    status: 'stopped', resumes: '20261205-080000-17', target: ['plan', 'apply'],
    clusters: clusters('finished', 'finished', 'failed', 'not-started', 'not-started'),
  })
  const done = journal('20261206-090000-5', '2026-12-06T09:00:00.000Z')
  t.equal(
    runsText([old, done, resume], NONE, 'ci-7'),
    [
      'RUN                   STARTED               TARGET      CLUSTERS                                 RESULT',
      '20261206-090000-5     2026-12-06 09:00:00Z  apply       1 (1 finished)                           finished',
      '20261206-051541-4242  2026-12-06 05:15:41Z  plan apply  5 (2 finished, 1 failed, 2 not started)  stopped',
      '20261205-080000-17    2026-12-05 08:00:00Z  apply       3 (1 finished, 1 failed, 1 not started)  stopped, resumed by 20261206-051541-4242',
      '',
      'resume the latest unfinished run with: tasks resume',
      '',
    ].join('\n'),
  )
})

t.test('running, interrupted and pending clusters; no hint when nothing can be resumed', async (t) => {
  const killed = journal('20261206-100000-9', '2026-12-06T10:00:00Z', {
    status: 'running', target: [], clusters: clusters('running', 'pending', 'interrupted', 'finished'), pid: 9, host: 'ci-7',
  })
  const empty = journal('20261206-090000-8', 'not a date', { clusters: [] })
  t.equal(
    runsText([empty, killed], NONE, 'ci-7'),
    [
      'RUN                STARTED               TARGET  CLUSTERS                                       RESULT',
      '20261206-100000-9  2026-12-06 10:00:00Z          4 (1 finished, 1 interrupted, 2 not finished)  ended unfinished (its process is gone)',
      '20261206-090000-8  not a date            apply   0                                              finished',
      '',
      'resume the latest unfinished run with: tasks resume',
      '',
    ].join('\n'),
  )
  // The same run still going in its process: said so, and resume is not offered yet.
  t.equal(
    runsText([empty, killed], (j) => j.id === killed.id, 'ci-7'),
    [
      'RUN                STARTED               TARGET  CLUSTERS                                       RESULT',
      '20261206-100000-9  2026-12-06 10:00:00Z          4 (1 finished, 1 interrupted, 2 not finished)  running now (pid 9 on ci-7)',
      '20261206-090000-8  not a date            apply   0                                              finished',
      '',
      'run 20261206-100000-9 is still running; once it ends, tasks resume carries it on if it did not finish',
      '',
    ].join('\n'),
  )
  // Recorded on another host, or by a version without pids: not guessed at.
  const elsewhere = { ...killed, host: 'laptop' }
  const older = { ...killed, pid: undefined, host: undefined }
  t.same([elsewhere, older].map((j) => runsText([j], NONE, 'ci-7').split('\n')[1].replace(/^.*not finished\)  /, '')), [
    'not finished (recorded on laptop: cannot tell from here whether it still runs)',
    'not finished (no pid recorded: cannot tell from here whether it still runs)',
  ])
  const stoppedResumed = journal('20261206-100000-9', '2026-12-06T10:00:00Z', { status: 'stopped', resumedBy: '20261206-110000-1' })
  t.equal(
    runsText([empty, stoppedResumed], NONE, 'ci-7'),
    [
      'RUN                STARTED               TARGET  CLUSTERS        RESULT',
      '20261206-100000-9  2026-12-06 10:00:00Z  apply   1 (1 finished)  stopped, resumed by 20261206-110000-1',
      '20261206-090000-8  not a date            apply   0               finished',
      '',
    ].join('\n'),
  )
})

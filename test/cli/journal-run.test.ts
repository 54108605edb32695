// Recording a run's journal as it goes: written before the first stage, updated as clusters start
// and end (so a killed run leaves one), whole at the end; an earlier unfinished run of the same
// command is taken over; two runs in one second do not overwrite each other.
import t from 'tap'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startJournal } from '../../modules/cli/journal-run.ts'
import type { RunOutcome } from '../../modules/exec/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { journalPath, readJournals, type Journal } from '../../modules/rollout/mod.ts'
import { recordingReporter } from '../helpers/project.ts'

const NOW = Date.UTC(2026, 11, 6, 5, 15, 41)
const start = (earlier: Journal[] = [], targets = ['apply']) => ({ now: () => NOW, pid: 42, host: 'ci-7', cwd: 'clusters', targets, argv: [...targets, '--all'], clusters: [{ name: 'a', wave: 1 }, { name: 'b', wave: 2 }], waves: [['a'], ['b']], earlier })
const read = (state: string, id: string): Journal => JSON.parse(readFileSync(journalPath(state, id), 'utf8')) as Journal

t.test('written at the start, as clusters start and end, and whole at the end', async (t) => {
  const state = join(mkdtempSync(join(tmpdir(), 'tasks-jr-')), '.tasks')
  const warnings: string[] = []
  const recorder = await startJournal(nodeFileSystem, state, start(), (m) => warnings.push(m))
  t.equal(recorder.id, '20261206-051541-42')
  t.same(read(state, recorder.id).clusters, [{ name: 'a', wave: 1, status: 'pending' }, { name: 'b', wave: 2, status: 'pending' }])
  const inner = recordingReporter()
  const reporter = recorder.reporter(inner)
  reporter.event({ type: 'cluster-start', cluster: 'a', stages: ['push'] })
  t.equal(read(state, recorder.id).clusters[0].status, 'running', 'a killed run leaves this behind')
  reporter.event({ type: 'cluster-end', cluster: 'a', status: 'ok' })
  t.same(read(state, recorder.id).clusters.map((c) => c.status), ['finished', 'pending'])
  t.equal(inner.events.length, 2, 'the events reach the inner reporter')
  const outcome: RunOutcome = {
    interrupted: false,
    clusters: [
      { name: 'a', status: 'ok', wave: 1, stages: [{ name: 'push', status: 'ran', durationMs: 1, reason: 'no previous success' }] },
      { name: 'b', status: 'not-run', wave: 2, notStarted: 'not started: wave 1 was not approved', stages: [{ name: 'push', status: 'not-reached', durationMs: 0, reason: 'not started: wave 1 was not approved' }] },
    ],
  }
  await recorder.finish(outcome)
  const done = read(state, recorder.id)
  t.same({ ...done, startedAt: undefined }, {
    format: 1, id: '20261206-051541-42', startedAt: undefined, status: 'stopped', target: ['apply'], argv: ['apply', '--all'],
    pid: 42, host: 'ci-7', cwd: 'clusters', waves: [['a'], ['b']],
    clusters: [
      { name: 'a', wave: 1, status: 'finished', stages: { push: 'ran' } },
      { name: 'b', wave: 2, status: 'not-started', reason: 'not started: wave 1 was not approved', stages: { push: 'not-reached' } },
    ],
    endedAt: '2026-12-06T05:15:41.000Z',
  })
  t.same(warnings, [])

  // The same command again in the same second: its own id, and it takes the first run over.
  const again = await startJournal(nodeFileSystem, state, start([done]), () => {})
  t.equal(again.id, '20261206-051541-42.2')
  t.equal(read(state, recorder.id).resumedBy, again.id)
  // Another target does not take it over.
  const other = await startJournal(nodeFileSystem, state, start([read(state, again.id)], ['plan']), () => {})
  t.equal(read(state, again.id).resumedBy, undefined)
  t.same((await readJournals(nodeFileSystem, state)).journals.map((j) => j.id), [other.id, again.id, recorder.id])
})

t.test('a journal that cannot be written is one warning, not a failed run', async (t) => {
  const warnings: string[] = []
  const fs = { ...nodeFileSystem, writeAtomic: async () => { throw new Error('disk full') }, writeAtomicSync: () => { throw new Error('disk full') } }
  const recorder = await startJournal(fs, join(mkdtempSync(join(tmpdir(), 'tasks-jr-')), '.tasks'), start(), (m) => warnings.push(m))
  recorder.reporter(recordingReporter()).event({ type: 'cluster-start', cluster: 'a', stages: [] })
  await recorder.finish({ interrupted: false, clusters: [] })
  t.same(warnings, ["could not record the run's journal (tasks resume will not know it): disk full"])
})

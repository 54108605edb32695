// Run journals through a real temporary state directory: ids, the round trip, ordering, which run
// resume picks, damaged files as warnings, pruning, and the pure cluster update.
import t, { type Test } from 'tap'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import {
  checkable, isLive, journalId, journalPath, latestUnfinished, pruneJournals, readJournals, withCluster, writeJournal, type Journal,
} from '../../modules/rollout/journal.ts'

function stateDir(t: Test): string {
  const root = mkdtempSync(join(tmpdir(), 'tasks-journal-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  return join(root, '.tasks')
}

const journal = (id: string, over: Partial<Journal> = {}): Journal => ({
  format: 1, id, startedAt: '2026-12-06T05:15:41.000Z', status: 'finished', target: ['apply'], argv: ['apply', '--all'],
  clusters: [{ name: 'a', status: 'finished' }], ...over,
})

t.test('ids sort by UTC start time, then pid', async (t) => {
  t.equal(journalId(Date.UTC(2026, 11, 6, 5, 15, 41, 999), 4242), '20261206-051541-4242')
  t.equal(journalId(Date.UTC(2027, 0, 2, 23, 0, 9), 7), '20270102-230009-7')
  t.equal(journalPath('/p/.tasks', '20261206-051541-4242'), '/p/.tasks/runs/20261206-051541-4242.json')
})

t.test('a journal round-trips through an atomic write', async (t) => {
  const state = stateDir(t)
  const j = journal('20261206-051541-42', {
    status: 'stopped', endedAt: '2026-12-06T05:20:00.000Z', waves: [['a'], ['b', 'c']], resumes: '20261205-000000-1',
    clusters: [
      { name: 'a', wave: 1, status: 'finished', stages: { plan: 'ran', apply: 'ran' } },
      { name: 'b', wave: 2, status: 'failed', reason: 'apply failed (exit 1)', stages: { plan: 'ran', apply: 'failed' } },
      { name: 'c', wave: 2, status: 'not-started' },
    ],
  })
  t.same(await readJournals(nodeFileSystem, state), { journals: [], warnings: [] }, 'no runs directory: nothing, quietly')
  await writeJournal(nodeFileSystem, state, j)
  t.same(readdirSync(join(state, 'runs')), ['20261206-051541-42.json'], 'no temporary file left behind')
  t.equal(readFileSync(journalPath(state, j.id), 'utf8'), `${JSON.stringify(j, null, 2)}\n`)
  t.same(await readJournals(nodeFileSystem, state), { journals: [j], warnings: [] })
})

t.test('a synchronous write goes through writeAtomicSync when the port has it and the directory exists', async (t) => {
  const state = stateDir(t)
  const calls: string[] = []
  const fs: FileSystem = {
    ...nodeFileSystem,
    writeAtomic: (path, data) => {
      calls.push(`async ${path.slice(state.length)}`)
      return nodeFileSystem.writeAtomic(path, data)
    },
    writeAtomicSync: (path, data) => {
      calls.push(`sync ${path.slice(state.length)}`)
      nodeFileSystem.writeAtomicSync?.(path, data)
    },
  }
  await writeJournal(fs, state, journal('20261206-051541-1'), true)
  await writeJournal(fs, state, journal('20261206-051541-2'), true)
  await writeJournal(fs, state, journal('20261206-051541-3'))
  await writeJournal({ ...fs, writeAtomicSync: undefined }, state, journal('20261206-051541-4'), true)
  t.same(calls, [
    'sync /runs/20261206-051541-1.json', // no runs directory yet: the synchronous write cannot make it
    'async /runs/20261206-051541-1.json',
    'sync /runs/20261206-051541-2.json',
    'async /runs/20261206-051541-3.json',
    'async /runs/20261206-051541-4.json',
  ])
  const ids = (await readJournals(nodeFileSystem, state)).journals.map((j) => j.id)
  t.same(ids, ['20261206-051541-4', '20261206-051541-3', '20261206-051541-2', '20261206-051541-1'])
})

t.test('journals are read newest first, pids compared as numbers', async (t) => {
  const state = stateDir(t)
  for (const id of ['20261206-051541-999', '20261205-235959-5', '20261206-051541-1000', '20270101-000000-3']) {
    await writeJournal(nodeFileSystem, state, journal(id))
  }
  const read = await readJournals(nodeFileSystem, state)
  t.same(read.journals.map((j) => j.id), ['20270101-000000-3', '20261206-051541-1000', '20261206-051541-999', '20261205-235959-5'])
  t.same(read.warnings, [])
})

t.test('a damaged or foreign file is one warning each, never a crash', async (t) => {
  const state = stateDir(t)
  await writeJournal(nodeFileSystem, state, journal('20261206-000000-1'))
  const runs = join(state, 'runs')
  writeFileSync(join(runs, '20261206-000000-2.json'), '{"format":1,"id":')
  writeFileSync(join(runs, '20261206-000000-3.json'), JSON.stringify({ ...journal('20261206-000000-3'), format: 2 }))
  writeFileSync(join(runs, '20261206-000000-4.json'), '')
  writeFileSync(join(runs, '20261206-000000-5.json'), JSON.stringify(journal('20261206-000000-9')))
  writeFileSync(join(runs, '20261206-000000-6.json'), JSON.stringify({ ...journal('20261206-000000-6'), clusters: [{ name: 'a', status: 'done' }] }))
  mkdirSync(join(runs, '20261206-000000-7.json'))
  writeFileSync(join(runs, '20261206-000000-8.json.1234.1.tmp'), '{')
  let notJson = ''
  try {
    JSON.parse('{"format":1,"id":')
  } catch (error) {
    notJson = (error as Error).message
  }
  const read = await readJournals(nodeFileSystem, state)
  t.same(read.journals.map((j) => j.id), ['20261206-000000-1'])
  t.same(read.warnings, [
    "ignoring .tasks/runs/20261206-000000-7.json: it cannot be read (EISDIR: illegal operation on a directory, read)",
    'ignoring .tasks/runs/20261206-000000-6.json: it is not a tasks run journal (format 1)',
    'ignoring .tasks/runs/20261206-000000-5.json: it names run 20261206-000000-9, not 20261206-000000-5',
    'ignoring .tasks/runs/20261206-000000-4.json: it is empty',
    'ignoring .tasks/runs/20261206-000000-3.json: it is not a tasks run journal (format 1)',
    `ignoring .tasks/runs/20261206-000000-2.json: it is not JSON (${notJson})`,
  ])
})

t.test('resume picks the newest run that did not finish and was not taken over', async (t) => {
  const finished = journal('20261206-000000-5')
  const stopped = journal('20261206-000000-4', { status: 'stopped' })
  const running = journal('20261206-000000-3', { status: 'running' })
  const resumed = journal('20261206-000000-6', { status: 'stopped', resumedBy: '20261206-000000-5' })
  t.equal(latestUnfinished([]), undefined)
  t.equal(latestUnfinished([finished, resumed]), undefined, 'finished or taken over: nothing to resume')
  t.equal(latestUnfinished([finished, resumed, stopped, running]), stopped)
  t.equal(latestUnfinished([running, stopped]), stopped, 'by id, not by the order given')
  t.equal(latestUnfinished([running, finished]), running, 'a run left running (killed outright) counts')
})

t.test('a run is live while its process on this host is alive, is not this one, and holds a lock of its run', async (t) => {
  const running = journal('20261206-000000-7', { status: 'running', pid: 7, host: 'ci-7', clusters: [{ name: 'a', status: 'running' }, { name: 'b', status: 'pending' }] })
  const probe = { host: 'ci-7', pid: 99, isAlive: (pid: number) => pid === 7 || pid === 99, lockHolder: (c: string) => (c === 'b' ? { pid: 7, host: 'ci-7' } : undefined) }
  t.equal(isLive(running, probe), true)
  t.equal(isLive({ ...running, pid: 8 }, { ...probe, lockHolder: () => ({ pid: 8, host: 'ci-7' }) }), false, 'its process is gone (killed, a forced exit)')
  t.equal(isLive(running, { ...probe, lockHolder: () => undefined }), false, 'it holds no lock: the pid was reused (a restarted container)')
  t.equal(isLive(running, { ...probe, lockHolder: () => ({ pid: 7, host: 'other' }) }), false, 'the lock is another host\'s')
  t.equal(isLive(running, { ...probe, pid: 7 }), false, 'the pid is this very process: not the run it recorded')
  t.equal(isLive(running, { ...probe, host: 'laptop' }), false, 'another host: its pids say nothing here')
  t.equal(isLive({ ...running, status: 'stopped' }, probe), false, 'it ended')
  t.equal(isLive({ ...running, pid: undefined, host: undefined }, probe), false, 'an older journal without pid and host')
  t.same([checkable(running, 'ci-7'), checkable(running, 'laptop'), checkable({ ...running, pid: undefined }, 'ci-7'), checkable({ ...running, status: 'stopped' }, 'laptop')], [true, false, false, true])
})

t.test('withCluster returns a new journal and leaves the old one as it was', async (t) => {
  const before = journal('20261206-000000-1', {
    clusters: [{ name: 'a', wave: 1, status: 'running', stages: { plan: 'ran' } }, { name: 'b', wave: 2, status: 'pending' }],
  })
  const copy = JSON.parse(JSON.stringify(before)) as Journal
  const after = withCluster(before, 'a', { status: 'failed', reason: 'apply failed', stages: { apply: 'failed' } })
  t.same(before, copy, 'the old journal is untouched')
  t.same(after, {
    ...copy,
    clusters: [
      { name: 'a', wave: 1, status: 'failed', reason: 'apply failed', stages: { plan: 'ran', apply: 'failed' } },
      { name: 'b', wave: 2, status: 'pending' },
    ],
  })
  t.equal(after.clusters[1], before.clusters[1], 'other clusters are shared, not copied')
  t.same(withCluster(before, 'c', { wave: 2 }).clusters.at(-1), { name: 'c', status: 'pending', wave: 2 }, 'an unknown cluster is added as pending')
  t.same(withCluster(before, 'b', { name: 'x', status: 'finished' }).clusters[1], { name: 'b', wave: 2, status: 'finished' }, 'the name never changes')
})

t.test('pruning keeps the newest N journals', async (t) => {
  const state = stateDir(t)
  const ids = ['20261201-000000-1', '20261202-000000-1', '20261203-000000-1', '20261203-000000-20', '20261204-000000-1']
  for (const id of ids) await writeJournal(nodeFileSystem, state, journal(id))
  writeFileSync(join(state, 'runs', 'x.json.1.1.tmp'), '')
  await pruneJournals(nodeFileSystem, state, 3)
  t.same(readdirSync(join(state, 'runs')), ['20261203-000000-1.json', '20261203-000000-20.json', '20261204-000000-1.json', 'x.json.1.1.tmp'])
  await pruneJournals(nodeFileSystem, state)
  t.equal(readdirSync(join(state, 'runs')).length, 4, 'fewer than the default 50: nothing removed')
  await pruneJournals(nodeFileSystem, state, 0)
  t.same(readdirSync(join(state, 'runs')), ['x.json.1.1.tmp'])
  t.equal(await pruneJournals(nodeFileSystem, join(state, 'nowhere'), 1), undefined, 'no runs directory: nothing to prune, no error')
})

// Per-cluster locks: a second run on a busy cluster exits 3 naming the holder; a lock whose
// process is gone is taken over with a warning; a finished run leaves no lock behind.
import t from 'tap'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { makeProject, recordingReporter, runCli, scriptedTools } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const lockFile = (root: string, cluster: string) => join(root, '.tasks/locks', `${cluster}.lock`)
function placeLock(root: string, cluster: string, holder: object) {
  mkdirSync(join(root, '.tasks/locks'), { recursive: true })
  writeFileSync(lockFile(root, cluster), JSON.stringify(holder))
}

t.test('a held lock: exit 3, the holder named, nothing run, the other clusters\' locks released', async (t) => {
  const root = makeProject(fixtureFiles())
  placeLock(root, 'b', { pid: process.pid, host: hostname(), startedAt: '2026-11-27T08:00:00.000Z', target: 'apply' })
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a,b'], { ports: { tools } })
  t.same(r, {
    code: 3,
    stdout: '',
    stderr: `Cluster "b" is busy: another tasks run (pid ${process.pid} on ${hostname()}, "apply", since 2026-11-27T08:00:00.000Z) holds its lock.\nhint: wait for it to finish; if it is gone from another machine, delete ${lockFile(root, 'b')}.\n`,
  })
  t.same(tools.calls, [], 'nothing ran')
  t.notOk(existsSync(lockFile(root, 'a')), 'the lock taken on a was released')
  t.ok(existsSync(lockFile(root, 'b')), "the holder's lock is untouched")
})

t.test('a lock from another host is respected, whatever its pid', async (t) => {
  const root = makeProject(fixtureFiles())
  placeLock(root, 'a', { pid: 999999999, host: 'ci-runner-3', startedAt: '2026-11-27T08:00:00.000Z', target: 'plan' })
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).code, 3)
})

t.test('a stale lock (its process is gone) is taken over with a warning', async (t) => {
  const root = makeProject(fixtureFiles())
  placeLock(root, 'a', { pid: 999999999, host: hostname(), startedAt: '2026-11-27T08:00:00.000Z', target: 'plan' })
  let during = ''
  const reporter = recordingReporter((e) => {
    if (e.type === 'stage-start' && e.stage === 'push') during = readFileSync(lockFile(root, 'a'), 'utf8')
  })
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { reporter } })
  t.equal(r.code, 0)
  t.match(r.stderr, /^warning: taking over the lock of cluster "a": pid 999999999 \(plan, since 2026-11-27T08:00:00\.000Z\) is gone\n/)
  t.match(JSON.parse(during), { pid: process.pid, host: hostname(), target: 'push' }, 'held by this run while it runs')
  t.notOk(existsSync(lockFile(root, 'a')), 'released at the end')
})

// Per-cluster locks: a second run on a busy cluster exits 3 naming the holder; a lock whose
// process is gone is taken over with a warning; a finished run leaves no lock behind. And what
// else stops a run before anything ran: a lock file that is not a lock, a state directory that
// cannot be written (exit 2), a protected cluster's teardown without --allow-protected (exit 3).
import t from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { GRAPH_API, makeProject, recordingReporter, runCli, scriptedTools } from '../helpers/project.ts'
import { becomesDead } from '../helpers/processes.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

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

t.test('with --json, a run stopped by a lock still prints its document: every cluster not run, exit code, the problem', async (t) => {
  const root = makeProject(fixtureFiles())
  placeLock(root, 'b', { pid: process.pid, host: hostname(), startedAt: '2026-11-27T08:00:00.000Z', target: 'apply' })
  const r = await runCli(root, ['push', '--cluster', 'a,b', '--json'])
  t.equal(r.code, 3)
  t.same(JSON.parse(r.stdout), {
    clusters: [{ name: 'a', status: 'not-run', stages: [] }, { name: 'b', status: 'not-run', stages: [] }],
    exitCode: 3,
    problems: [{ reason: 'locked', message: r.stderr.trimEnd() }],
  })
  t.match(r.stderr, /^Cluster "b" is busy: /)
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

t.test('a lock file that is not a tasks lock: exit 3, its path and how to remove it; left as it is', async (t) => {
  const root = makeProject(fixtureFiles())
  mkdirSync(join(root, '.tasks/locks'), { recursive: true })
  writeFileSync(lockFile(root, 'a'), '')
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.same(r, {
    code: 3,
    stdout: '',
    stderr: [
      `Cluster "a" is locked by ${lockFile(root, 'a')}, which is not a lock tasks can read: it is empty.`,
      `hint: tasks writes its locks whole, so this one is damaged or foreign; if no tasks run is active on this cluster, remove it (rm ${lockFile(root, 'a')}) and run again.`,
      '',
    ].join('\n'),
  })
  t.same(tools.calls, [], 'nothing ran')
  t.equal(readFileSync(lockFile(root, 'a'), 'utf8'), '', 'left as it is')
})

const stateHint = (root: string) =>
  `hint: tasks keeps cache records, logs and locks under ${join(root, '.tasks')}; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.\n`

t.test('a state directory that cannot be created: one message with the path and a hint, exit 2', async (t) => {
  const root = makeProject(fixtureFiles({ '.tasks': 'a file where the directory should be\n' }))
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.equal(r.code, 2)
  t.equal(r.stderr, `Cannot write tasks's state to ${join(root, '.tasks/secret.key')}: a parent is a file, not a directory (ENOTDIR).\n${stateHint(root)}`)
  t.same(tools.calls, [], 'nothing ran')
})

t.test('a logs directory that cannot be written: exit 2 before anything runs, the lock released', async (t) => {
  const root = makeProject(fixtureFiles({ '.tasks/logs': 'a file where the directory should be\n' }))
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.equal(r.code, 2)
  t.equal(r.stderr, `Cannot write tasks's state to ${join(root, '.tasks/logs/a')}: a parent is a file, not a directory (ENOTDIR).\n${stateHint(root)}`)
  t.same(tools.calls, [], 'nothing ran')
  t.notOk(existsSync(lockFile(root, 'a')), 'the lock was released')
})

t.test('permission denied anywhere under .tasks: the same message, never a stack', async (t) => {
  const root = makeProject(fixtureFiles())
  const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path })
  const under = (path: string) => path.startsWith(join(root, '.tasks'))
  const readOnly: FileSystem = {
    ...nodeFileSystem,
    writeAtomic: async (path, data, mode) => (under(path) ? Promise.reject(denied(path)) : nodeFileSystem.writeAtomic(path, data, mode)),
    createExclusive: async (path, data, mode) => (under(path) ? Promise.reject(denied(path)) : nodeFileSystem.createExclusive(path, data, mode)),
  }
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { fs: readOnly } })
  t.equal(r.code, 2)
  t.equal(r.stderr, `Cannot write tasks's state to ${join(root, '.tasks/secret.key')}: permission denied (EACCES).\n${stateHint(root)}`)
  // A state directory made read-only after a first run: found by the probe, same message.
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).code, 0)
  const again = await runCli(root, ['push', '--cluster', 'a'], { ports: { fs: readOnly } })
  t.equal(again.code, 2)
  t.match(again.stderr, /^Cannot write tasks's state to .*\.tasks\/\.write-test-\d+: permission denied \(EACCES\)\.\nhint: /)
})

t.test('a protected cluster\'s teardown is refused before anything runs or is asked (exit 3)', async (t) => {
  const root = repoCopy()
  const yaml = readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8')
  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), `${yaml}protected: true\n`)
  let asked = 0
  const confirm = { interactive: true, ask: async () => (asked++, true) }
  for (const target of ['destroy', 'cluster-destroy-yes', '1-prerequisites:destroy']) {
    const tools = scriptedTools()
    const r = await runCli(root, [target, '--cluster', 'demo'], { ports: { tools, confirm } })
    // The teardown chain: each target runs the teardowns before it, every one of them refused.
    const stages = { destroy: '"destroy"', 'cluster-destroy-yes': '"destroy", "cluster-delete"', '1-prerequisites:destroy': '"destroy", "cluster-delete", "prereq-destroy"' }[target]
    t.same(r, {
      code: 3,
      stdout: '',
      stderr: `Refused to run ${stages} on cluster "demo": it is protected (protected: true in its cluster.yaml); nothing ran.\nhint: pass --allow-protected if you mean to tear it down.\n`,
    }, target)
    t.same(tools.calls, [], `${target}: no tool started`)
    t.notOk(existsSync(join(root, '.tasks/locks/demo.lock')), `${target}: not even locked`)
  }
  t.equal(asked, 0, 'nothing was asked')
  const dry = await runCli(root, ['destroy', '--cluster', 'demo', '--dry-run'])
  t.match(dry.stdout, /\n {2}destroy +fail {2}refused: it is protected \(protected: true in its cluster\.yaml\); pass --allow-protected if you mean to tear it down\n/)
  const allowed = await runCli(root, ['destroy', '--cluster', 'demo', '--allow-protected', '--dry-run'])
  t.match(allowed.stdout, /\n {2}destroy +run {3}runs whenever it is asked for\n/)
})

t.test('a dead run\'s tool still running in its own process group: no takeover, exit 3 naming the group; once it is gone, taken over', async (t) => {
  const root = makeProject(fixtureFiles())
  // The orphan: a tool in a process group of its own, as tasks starts them, whose runner is gone.
  const orphan = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' })
  const pgid = orphan.pid!
  t.teardown(() => void orphan.kill('SIGKILL'))
  const holder = { pid: 999999999, host: hostname(), startedAt: '2026-11-27T08:00:00.000Z', target: 'apply', toolGroups: [pgid] }
  placeLock(root, 'a', holder)
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.same(r, {
    code: 3,
    stdout: '',
    stderr: [
      `Cluster "a" is locked by a tasks run that is gone (pid 999999999 on ${hostname()}, "apply", since 2026-11-27T08:00:00.000Z), but a tool it started still runs: process group ${pgid}.`,
      `hint: wait for it to finish, or stop it (see it with: ps -o pid,args -g ${pgid}; stop it with: kill -TERM -${pgid}), then run again.`,
      '',
    ].join('\n'),
  })
  t.same(tools.calls, [], 'nothing ran')
  t.equal(readFileSync(lockFile(root, 'a'), 'utf8'), JSON.stringify(holder), 'the lock is left as it is')
  process.kill(-pgid, 'SIGTERM')
  t.ok(await becomesDead(pgid), 'the orphan is gone')
  const again = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(again.code, 0)
  t.match(again.stderr, /^warning: taking over the lock of cluster "a": pid 999999999 \(apply, since 2026-11-27T08:00:00\.000Z\) is gone\n/)
})

t.test('while a tool runs, its process group is recorded in the cluster\'s lock; the interrupted run leaves no lock', async (t) => {
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('wait', {",
      "    kind: 'write',",
      "    commands: (ctx) => [{ tool: process.execPath, args: ['-e', \"require('fs').writeFileSync('pid', String(process.pid)); console.log('waiting'); setInterval(() => {}, 1000)\"], cwd: ctx.root, env: {} }],",
      '  })',
      "  .target('wait', { description: 'Wait', stages: ['wait'] })",
      '',
    ].join('\n'),
    'clusters/x/cluster.yaml': 'region: eu-west-1\n',
    'package.json': '{"type":"module"}\n',
  })
  const interrupt = new AbortController()
  let recorded: unknown
  // Polls the lock file (event-loop turns, no timers) until it names the tool's group, then interrupts.
  const watch = async (): Promise<void> => {
    for (let i = 0; i < 100_000 && recorded === undefined; i++) {
      const pid = existsSync(join(root, 'pid')) ? Number(readFileSync(join(root, 'pid'), 'utf8')) : 0
      const lock = existsSync(lockFile(root, 'x')) ? JSON.parse(readFileSync(lockFile(root, 'x'), 'utf8')) : {}
      if (pid && Array.isArray(lock.toolGroups) && lock.toolGroups.includes(pid)) recorded = lock
      else await new Promise<void>((r) => setImmediate(r))
    }
    interrupt.abort()
  }
  const reporter = recordingReporter((e) => {
    if (e.type === 'stage-output' && e.text.includes('waiting')) void watch()
  })
  const r = await runCli(root, ['wait'], { ports: { tools: processRunner, reporter }, signal: interrupt.signal })
  const pid = Number(readFileSync(join(root, 'pid'), 'utf8'))
  t.match(recorded, { pid: process.pid, host: hostname(), target: 'wait', toolGroups: [pid] }, 'the tool\'s group (its pid) is in the lock')
  t.equal(r.code, 130)
  t.ok(await becomesDead(pid), 'the tool is gone')
  t.notOk(existsSync(lockFile(root, 'x')), 'the lock was released')
})

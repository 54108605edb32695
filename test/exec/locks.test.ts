// Lock races, with interleavings the test controls: two runs taking over one stale lock at once
// (every order of their file operations the test tries lets exactly one win), a lock file that
// is not a tasks lock, a claim left by a dead run, and an unwritable locks directory.
import t from 'tap'
import { formatLockProblem, lockClusters, lockPath, lockProblemExit, type LockEnv, type LockHolder } from '../../modules/exec/locks.ts'
import type { FileSystem } from '../../modules/fs/mod.ts'

const HOST = 'box'
const STATE = '/p/.tasks'
const LOCK = lockPath(STATE, 'a')
const holder = (pid: number, target = 'plan'): LockHolder => ({ pid, host: HOST, startedAt: '2026-11-27T08:00:00.000Z', target })
const text = (h: LockHolder) => `${JSON.stringify(h)}\n`

/** Files as a map; createExclusive is atomic with its content, as the node implementation is. */
class Store {
  files = new Map<string, string>()
}

const enoent = (path: string) => Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT', path })

/**
 * One run's view of the store: before each operation it waits for `turn()`, so a test decides
 * which run's next operation happens when.
 */
function memoryFs(store: Store, turn: () => Promise<void> = async () => {}): FileSystem & { ops: string[] } {
  const ops: string[] = []
  const step = async (op: string, path: string) => {
    await turn()
    ops.push(`${op} ${path.slice(STATE.length + 1)}`)
  }
  const fs = {
    ops,
    async readText(path: string) {
      await step('read', path)
      const data = store.files.get(path)
      if (data === undefined) throw enoent(path)
      return data
    },
    async createExclusive(path: string, data: string) {
      await step('create', path)
      if (store.files.has(path)) return false
      store.files.set(path, data)
      return true
    },
    async remove(path: string) {
      await step('remove', path)
      store.files.delete(path)
    },
    async writeAtomic(path: string, data: string) {
      await step('write', path)
      store.files.set(path, data)
    },
    removeSync: (path: string) => void store.files.delete(path),
  }
  return fs as unknown as FileSystem & { ops: string[] }
}

function lockEnv(fs: FileSystem, me: LockHolder, alive: (pid: number) => boolean, warnings: string[] = []): LockEnv {
  return { fs, stateDir: STATE, me, isAlive: alive, warn: (m) => void warnings.push(m) }
}

/** A gate per run: `hold()` stops it before its next operation until `release()`. */
function gate() {
  let open = true
  let waiters: (() => void)[] = []
  let count = 0
  let pauseAt = Infinity
  let reached: () => void = () => {}
  const reachedPromise = new Promise<void>((r) => (reached = r))
  return {
    /** Pauses before operation number `n` (0-based). */
    pauseAt(n: number) {
      pauseAt = n
    },
    reached: reachedPromise,
    async turn() {
      if (count++ === pauseAt) {
        open = false
        reached()
      }
      if (!open) await new Promise<void>((r) => waiters.push(r))
    },
    release() {
      open = true
      for (const w of waiters) w()
      waiters = []
    },
  }
}

t.test('a free lock is taken and released; a live holder is respected', async (t) => {
  const store = new Store()
  const mine = await lockClusters(lockEnv(memoryFs(store), holder(10, 'apply'), () => true), ['a'])
  t.ok(mine.ok)
  t.equal(store.files.get(LOCK), text(holder(10, 'apply')))
  const other = await lockClusters(lockEnv(memoryFs(store), holder(11), () => true), ['a'])
  t.same(other, { ok: false, problem: { reason: 'locked', cluster: 'a', holder: holder(10, 'apply'), path: LOCK } })
  if (mine.ok) await mine.release()
  t.notOk(store.files.has(LOCK))
})

t.test('two runs taking over one stale lock: exactly one wins, whatever the order of their steps', async (t) => {
  const dead = holder(99, 'plan')
  const alive = (pid: number) => pid !== 99
  // Run A is paused before its n-th file operation while B runs to its end, then A goes on.
  for (let n = 0; n <= 12; n++) {
    const store = new Store()
    store.files.set(LOCK, text(dead))
    const g = gate()
    g.pauseAt(n)
    const warnings: string[] = []
    const a = lockClusters(lockEnv(memoryFs(store, g.turn), holder(1, 'A'), alive, warnings), ['a'])
    await Promise.race([g.reached, a])
    const b = await lockClusters(lockEnv(memoryFs(store), holder(2, 'B'), alive, warnings), ['a'])
    g.release()
    const ra = await a
    const winners = [ra, b].filter((r) => r.ok).length
    t.equal(winners, 1, `A paused before step ${n}: one winner`)
    const winner = ra.ok ? 'A' : 'B'
    t.match(JSON.parse(store.files.get(LOCK) ?? '{}'), { target: winner }, `A paused before step ${n}: the file names the winner`)
    const loser = ra.ok ? b : ra
    if (!loser.ok) t.equal(loser.problem.reason, 'locked', `A paused before step ${n}: the loser sees a holder`)
    t.equal(warnings.length, 1, `A paused before step ${n}: one takeover, one warning`)
    t.same([...store.files.keys()], [LOCK], `A paused before step ${n}: no claim left behind`)
  }
})

t.test('two runs taking over in lockstep: exactly one wins', async (t) => {
  // Strict alternation: A's first step, B's first step, A's second, …
  const store = new Store()
  store.files.set(LOCK, text(holder(99)))
  let turnOf: 'A' | 'B' = 'A'
  const done = { A: false, B: false }
  const waiters: Record<'A' | 'B', (() => void)[]> = { A: [], B: [] }
  const turn = (me: 'A' | 'B') => async () => {
    while (turnOf !== me && !done[me === 'A' ? 'B' : 'A']) await new Promise<void>((r) => waiters[me].push(r))
    // Hand the next step to the other run.
    queueMicrotask(() => {
      turnOf = me === 'A' ? 'B' : 'A'
      waiters[turnOf].splice(0).forEach((w) => w())
    })
  }
  const run = (me: 'A' | 'B', pid: number) =>
    lockClusters(lockEnv(memoryFs(store, turn(me)), holder(pid, me), (p) => p !== 99), ['a']).finally(() => {
      done[me] = true
      waiters[me === 'A' ? 'B' : 'A'].splice(0).forEach((w) => w())
    })
  const results = await Promise.all([run('A', 1), run('B', 2)])
  t.equal(results.filter((r) => r.ok).length, 1)
  t.same([...store.files.keys()], [LOCK])
})

t.test('a lock file tasks cannot read is respected, with its path and how to remove it', async (t) => {
  for (const [content, detail] of [['', 'it is empty'], ['{"pid":', 'it is not JSON'], ['{"who":"me"}', 'it names no pid and host']]) {
    const store = new Store()
    store.files.set(LOCK, content)
    const r = await lockClusters(lockEnv(memoryFs(store), holder(1), () => false), ['a'])
    t.equal(store.files.get(LOCK), content, 'left as it is')
    if (r.ok) {
      t.fail('taken')
      continue
    }
    t.equal(lockProblemExit(r.problem), 3)
    t.match(formatLockProblem(r.problem), new RegExp(`^Cluster "a" is locked by ${LOCK}, which is not a lock tasks can read: ${detail}`))
    t.match(formatLockProblem(r.problem), new RegExp(`\\nhint: tasks writes its locks whole, so this one is damaged or foreign; if no tasks run is active on this cluster, remove it \\(rm ${LOCK}\\) and run again\\.$`))
  }
})

t.test('a takeover claim left by a dead run is taken over too', async (t) => {
  const store = new Store()
  store.files.set(LOCK, text(holder(98)))
  store.files.set(`${LOCK}.takeover`, text(holder(97)))
  const warnings: string[] = []
  const r = await lockClusters(lockEnv(memoryFs(store), holder(1, 'apply'), (p) => p < 90, warnings), ['a'])
  t.ok(r.ok)
  t.same([...store.files.entries()], [[LOCK, text(holder(1, 'apply'))]])
  t.same(warnings, ['taking over the lock of cluster "a": pid 98 (plan, since 2026-11-27T08:00:00.000Z) is gone'])
})

t.test('a live run in the middle of a takeover is the holder', async (t) => {
  const store = new Store()
  store.files.set(LOCK, text(holder(98)))
  store.files.set(`${LOCK}.takeover`, text(holder(5, 'deploy')))
  const r = await lockClusters(lockEnv(memoryFs(store), holder(1), (p) => p < 90), ['a'])
  t.same(r, { ok: false, problem: { reason: 'locked', cluster: 'a', holder: holder(5, 'deploy'), path: `${LOCK}.takeover` } })
  t.equal(store.files.get(LOCK), text(holder(98)), 'the stale lock is left to it')
})

t.test('every cluster or none; a forced exit releases synchronously', async (t) => {
  const store = new Store()
  store.files.set(lockPath(STATE, 'b'), text(holder(7)))
  const blocked = await lockClusters(lockEnv(memoryFs(store), holder(1), () => true), ['a', 'b'])
  t.notOk(blocked.ok)
  t.same([...store.files.keys()], [lockPath(STATE, 'b')], 'the lock taken on a was released')
  const both = await lockClusters(lockEnv(memoryFs(store), holder(1), () => true), ['a', 'c'])
  t.ok(both.ok)
  if (both.ok) both.releaseSync()
  t.same([...store.files.keys()], [lockPath(STATE, 'b')])
})

t.test('a locks directory that cannot be written: exit 2 with the path and a hint', async (t) => {
  const fs = memoryFs(new Store())
  fs.createExclusive = async () => {
    throw Object.assign(new Error(`EACCES: permission denied, mkdir '${STATE}/locks'`), { code: 'EACCES', path: `${STATE}/locks` })
  }
  const r = await lockClusters(lockEnv(fs, holder(1), () => true), ['a'])
  if (r.ok) return t.fail('locked')
  t.equal(lockProblemExit(r.problem), 2)
  t.equal(formatLockProblem(r.problem), [
    `Cannot write tasks's state to ${STATE}/locks: permission denied (EACCES).`,
    `hint: tasks keeps cache records, logs and locks under ${STATE}; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.`,
  ].join('\n'))
})

// ── the dead runner's tools (issue 16, item 5) ──

const withGroups = (h: LockHolder, toolGroups: number[]) => ({ ...h, toolGroups })

t.test('a dead run whose tool group still has members is not taken over: exit 3, the group and what to do', async (t) => {
  const store = new Store()
  const dead = withGroups(holder(99, 'apply'), [4242, 4243])
  store.files.set(LOCK, text(dead))
  const warnings: string[] = []
  const env = { ...lockEnv(memoryFs(store), holder(1), (p) => p !== 99, warnings), groupAlive: (g: number) => g === 4242 }
  const r = await lockClusters(env, ['a'])
  t.same(r, { ok: false, problem: { reason: 'lock-orphaned', cluster: 'a', path: LOCK, holder: dead, groups: [4242] } })
  if (r.ok) return
  t.equal(lockProblemExit(r.problem), 3)
  t.equal(formatLockProblem(r.problem), [
    'Cluster "a" is locked by a tasks run that is gone (pid 99 on box, "apply", since 2026-11-27T08:00:00.000Z), but a tool it started still runs: process group 4242.',
    'hint: wait for it to finish, or stop it (see it with: ps -o pid,args -g 4242; stop it with: kill -TERM -4242), then run again.',
  ].join('\n'))
  t.same([...store.files.entries()], [[LOCK, text(dead)]], 'the lock is left as it is, no claim behind')
  t.same(warnings, [], 'no takeover')
})

t.test('a dead run whose tool groups are all gone is taken over as before', async (t) => {
  const store = new Store()
  store.files.set(LOCK, text(withGroups(holder(99), [4242])))
  const warnings: string[] = []
  const env = { ...lockEnv(memoryFs(store), holder(1, 'apply'), (p) => p !== 99, warnings), groupAlive: () => false }
  t.ok((await lockClusters(env, ['a'])).ok)
  t.same([...store.files.entries()], [[LOCK, text(holder(1, 'apply'))]])
  t.same(warnings, ['taking over the lock of cluster "a": pid 99 (plan, since 2026-11-27T08:00:00.000Z) is gone'])
})

t.test('the running tools\' groups are recorded in every lock the run holds, and a release waits for the last record', async (t) => {
  const store = new Store()
  const me = holder(1, 'apply')
  const r = await lockClusters(lockEnv(memoryFs(store), me, () => true), ['a', 'b'])
  if (!r.ok) return t.fail('not locked')
  r.recordGroups([7, 8])
  await r.recordGroups([7])
  t.equal(store.files.get(LOCK), text(withGroups(me, [7])))
  t.equal(store.files.get(lockPath(STATE, 'b')), text(withGroups(me, [7])))
  await r.recordGroups([])
  t.equal(store.files.get(LOCK), text(me), 'no tool running: the plain record')
  r.recordGroups([9])
  await r.release()
  t.same([...store.files.keys()], [], 'released after the pending record, never re-created by it')
  await r.recordGroups([10])
  t.same([...store.files.keys()], [], 'a record after the release writes nothing')
})

t.test("each lock names its own cluster's tool groups (and unowned ones), and is rewritten only when that list changes", async (t) => {
  const store = new Store()
  const me = holder(1, 'apply')
  const fs = memoryFs(store)
  const r = await lockClusters(lockEnv(fs, me, () => true), ['a', 'b', 'c'])
  if (!r.ok) return t.fail('not locked')
  fs.ops.length = 0
  await r.recordGroups([{ pgid: 7, owner: 'a' }])
  t.same(fs.ops, ['write locks/a.lock'], 'a tool of cluster a: only its lock is written')
  t.equal(store.files.get(LOCK), text(withGroups(me, [7])))
  t.equal(store.files.get(lockPath(STATE, 'b')), text(me), "b's lock does not name a's tool: a's orphan cannot block b's takeover")
  fs.ops.length = 0
  await r.recordGroups([{ pgid: 7, owner: 'a' }, { pgid: 8, owner: 'b' }])
  t.same(fs.ops, ['write locks/b.lock'], 'a started on b: a and c unchanged, not rewritten')
  fs.ops.length = 0
  await r.recordGroups([{ pgid: 8, owner: 'b' }, { pgid: 5 }])
  t.same(fs.ops, ['write locks/a.lock', 'write locks/b.lock', 'write locks/c.lock'], 'a probe owned by no cluster is named in every lock')
  t.equal(store.files.get(lockPath(STATE, 'c')), text(withGroups(me, [5])))
  t.equal(store.files.get(lockPath(STATE, 'b')), text(withGroups(me, [8, 5])))
  await r.release()
})

t.test('a forced exit while a record is being written leaves no lock behind (records are written synchronously when the port can)', async (t) => {
  const store = new Store()
  const me = holder(1, 'apply')
  const g = gate()
  const fs = memoryFs(store, g.turn)
  // The port's synchronous writer: what the node file system does (write, then rename, at once).
  const sync = { ...fs, writeAtomicSync: (path: string, data: string) => void store.files.set(path, data) }
  const r = await lockClusters(lockEnv(sync, me, () => true), ['a'])
  if (!r.ok) return t.fail('not locked')
  // An asynchronous write would now wait at the gate, and land after the forced exit's release.
  g.pauseAt(0)
  const pending = r.recordGroups([7])
  await Promise.resolve()
  r.releaseSync()
  g.release()
  await pending
  t.same([...store.files.keys()], [], 'released, and not made again by the record')
})

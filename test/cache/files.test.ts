import t from 'tap'
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expand, FileHasher, IO_LIMIT, sha256 } from '../../modules/cache/mod.ts'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'

const OLD = new Date('2026-01-01T00:00:00Z')
const NOW = Date.parse('2026-11-27T00:00:00Z')

function project() {
  const root = makeProject({ 'a.txt': 'alpha', 'dir/b.txt': 'beta', 'dir/sub/c.yaml': 'gamma', 'dir/d.yaml': 'delta' })
  for (const f of ['a.txt', 'dir/b.txt', 'dir/sub/c.yaml', 'dir/d.yaml']) utimesSync(join(root, f), OLD, OLD)
  return root
}

t.test('an unchanged file is served from the stat cache, not re-read', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const first = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.equal(await first.hash('a.txt'), sha256('alpha'))
  t.equal(first.reads, 1)
  await first.save(cacheFile)
  const second = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.equal(await second.hash('a.txt'), sha256('alpha'))
  t.equal(second.reads, 0, 'the stat cache answered')
  writeFileSync(join(root, 'a.txt'), 'ALPHA')
  utimesSync(join(root, 'a.txt'), OLD, new Date(OLD.getTime() + 1000))
  t.equal(await second.hash('a.txt'), sha256('ALPHA'), 'a changed mtime re-reads')
  t.equal(second.reads, 1)
})

t.test('a file modified right before hashing is not trusted next time (racy-git rule)', async (t) => {
  const root = project()
  utimesSync(join(root, 'a.txt'), new Date(NOW - 500), new Date(NOW - 500))
  const h = new FileHasher(nodeFileSystem, root, () => NOW)
  await h.hash('a.txt')
  await h.hash('a.txt')
  t.equal(h.reads, 2)
})

t.test('missing files hash as "missing"; a corrupt stat cache starts empty', async (t) => {
  const root = project()
  writeFileSync(join(root, 'files.json'), '{not json')
  const h = await FileHasher.load(nodeFileSystem, root, join(root, 'files.json'), () => NOW)
  t.equal(await h.hash('nope.txt'), 'missing')
  t.equal(await h.hash('dir'), 'missing', 'a directory is not a file')
})

t.test('patterns expand to files: paths, directories and globs', async (t) => {
  const root = project()
  mkdirSync(join(root, 'empty'))
  t.same(await expand(nodeFileSystem, root, 'a.txt'), ['a.txt'])
  t.same(await expand(nodeFileSystem, root, 'gone.txt'), ['gone.txt'], 'kept, so it hashes as missing')
  t.same(await expand(nodeFileSystem, root, 'dir'), ['dir/b.txt', 'dir/d.yaml', 'dir/sub/c.yaml'])
  t.same(await expand(nodeFileSystem, root, 'dir/*.yaml'), ['dir/d.yaml'])
  t.same(await expand(nodeFileSystem, root, 'dir/**/*.yaml'), ['dir/d.yaml', 'dir/sub/c.yaml'])
  t.same(await expand(nodeFileSystem, root, 'empty'), [])
  const h = new FileHasher(nodeFileSystem, root, () => NOW)
  t.same(await h.hashAll(['dir/*.txt', 'a.txt']), { 'dir/b.txt': sha256('beta'), 'a.txt': sha256('alpha') })
})

/** The real file system, recording every stat, list and read, and the most calls ever in flight at once. */
function recording(base: FileSystem = nodeFileSystem) {
  const calls = { stat: [] as string[], list: [] as string[], read: [] as string[] }
  let inFlight = 0
  let maxInFlight = 0
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      // One turn of the event loop, so that calls started together are in flight together.
      await new Promise((resolve) => setImmediate(resolve))
      return await work()
    } finally {
      inFlight--
    }
  }
  const fs: FileSystem = {
    ...base,
    stat: (p) => (calls.stat.push(p), track(() => base.stat(p))),
    list: (d) => (calls.list.push(d), track(() => base.list(d))),
    readBytes: (p) => (calls.read.push(p), track(() => base.readBytes(p))),
  }
  return { fs, calls, maxInFlight: () => maxInFlight }
}

const repeated = (xs: readonly string[]): string[] => xs.filter((x, i) => xs.indexOf(x) !== i)

t.test('expansion order is unchanged: a directory in walk order, a glob sorted, first pattern first', async (t) => {
  const root = project()
  writeFileSync(join(root, 'dir/sub.txt'), 'epsilon')
  t.same(await expand(nodeFileSystem, root, 'dir'), ['dir/b.txt', 'dir/d.yaml', 'dir/sub/c.yaml', 'dir/sub.txt'])
  t.same(await expand(nodeFileSystem, root, 'dir/**'), ['dir/b.txt', 'dir/d.yaml', 'dir/sub.txt', 'dir/sub/c.yaml'])
  t.same(await expand(nodeFileSystem, root, '**/?.yaml'), ['dir/d.yaml', 'dir/sub/c.yaml'])
  t.same(await expand(nodeFileSystem, root, 'nowhere/*.txt'), [], 'a glob under a missing directory names nothing')
  const patterns = ['dir/sub', 'dir/**', 'gone.txt', 'a.txt', 'dir/d.yaml']
  const h = new FileHasher(nodeFileSystem, root, () => NOW)
  const hashes = await h.hashAll(patterns)
  t.same(Object.keys(hashes), ['dir/sub/c.yaml', 'dir/b.txt', 'dir/d.yaml', 'dir/sub.txt', 'gone.txt', 'a.txt'])
  const expected: Record<string, string> = {}
  for (const p of patterns) for (const f of await expand(nodeFileSystem, root, p)) expected[f] = existsSync(join(root, f)) ? sha256(readFileSync(join(root, f))) : 'missing'
  t.same(hashes, expected, 'the same hashes as expanding and hashing one by one')
  t.equal(h.reads, 5, 'a file two patterns name is read once')
})

t.test('hashAll stats each path once: the stat taken while listing is the one compared', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const cold = recording()
  const first = await FileHasher.load(cold.fs, root, cacheFile, () => NOW)
  await first.hashAll(['dir', 'a.txt', 'dir/**/*.yaml'])
  t.same(repeated(cold.calls.stat), [], 'no path stat-ed twice, even when two patterns name it')
  t.equal(cold.calls.read.length, 4)
  await first.save(cacheFile)
  const warm = recording()
  const second = await FileHasher.load(warm.fs, root, cacheFile, () => NOW)
  t.same(await second.hashAll(['dir']), { 'dir/b.txt': sha256('beta'), 'dir/d.yaml': sha256('delta'), 'dir/sub/c.yaml': sha256('gamma') })
  t.equal(second.reads, 0, 'served from the stat cache')
  t.same(warm.calls.stat.map((p) => p.slice(root.length + 1)).sort(), ['dir', 'dir/b.txt', 'dir/d.yaml', 'dir/sub', 'dir/sub/c.yaml'])
})

t.test('the racy-git rule holds through hashAll, across saves', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  // Modified 1.5 s before it is hashed: within the racy window, so never trusted from the cache.
  utimesSync(join(root, 'dir/d.yaml'), new Date(NOW - 1500), new Date(NOW - 1500))
  const first = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  await first.hashAll(['dir/*.yaml', 'dir/*.txt'])
  t.equal(first.reads, 2)
  await first.save(cacheFile)
  const second = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW + 60_000)
  t.same(await second.hashAll(['dir/*.yaml', 'dir/*.txt']), { 'dir/d.yaml': sha256('delta'), 'dir/b.txt': sha256('beta') })
  t.equal(second.reads, 1, 'the racily clean file is read again; the old one is not')
  await second.save(cacheFile)
  const third = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW + 120_000)
  await third.hashAll(['dir/*.yaml', 'dir/*.txt'])
  t.equal(third.reads, 0, 'hashed long after its last change, it is trusted from then on')
})

t.test('a same-size rewrite in the same second is caught by the racy rule, not missed', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const when = new Date(NOW - 200)
  utimesSync(join(root, 'a.txt'), when, when)
  const first = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.same(await first.hashAll(['a.txt']), { 'a.txt': sha256('alpha') })
  await first.save(cacheFile)
  writeFileSync(join(root, 'a.txt'), 'ALPHA')
  utimesSync(join(root, 'a.txt'), when, when) // same size, same mtime, same inode
  const second = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW + 1000)
  t.same(await second.hashAll(['a.txt']), { 'a.txt': sha256('ALPHA') })
})

t.test('a file that is gone is forgotten by the stat cache', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const first = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  await first.hashAll(['dir', 'a.txt'])
  await first.save(cacheFile)
  rmSync(join(root, 'dir/b.txt'))
  rmSync(join(root, 'a.txt'))
  const second = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.same(await second.hashAll(['dir', 'a.txt']), { 'dir/d.yaml': sha256('delta'), 'dir/sub/c.yaml': sha256('gamma'), 'a.txt': 'missing' })
  await second.save(cacheFile)
  t.same(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8'))).sort(), ['dir/b.txt', 'dir/d.yaml', 'dir/sub/c.yaml'], 'a.txt was looked up and dropped')
})

t.test('file system calls run side by side, never more than IO_LIMIT at once', async (t) => {
  const files: Record<string, string> = {}
  for (let i = 0; i < IO_LIMIT * 3; i++) files[`many/d${i % 3}/f${String(i).padStart(3, '0')}.tf`] = `file ${i}`
  const root = makeProject(files)
  const rec = recording()
  const h = new FileHasher(rec.fs, root, () => NOW)
  const hashes = await h.hashAll(['many/**/*.tf'])
  t.equal(Object.keys(hashes).length, IO_LIMIT * 3)
  t.same(Object.keys(hashes), Object.keys(hashes).sort(), 'in order, whatever order the calls finished in')
  t.equal(hashes['many/d1/f001.tf'], sha256('file 1'))
  t.ok(rec.maxInFlight() > 1, 'in parallel')
  t.ok(rec.maxInFlight() <= IO_LIMIT, `at most ${IO_LIMIT} in flight (saw ${rec.maxInFlight()})`)
})

t.test('a snapshot lists, stats and reads each path once for every stage and cluster that names it', async (t) => {
  const root = project()
  const rec = recording()
  const hasher = new FileHasher(rec.fs, root, () => NOW)
  const snap = hasher.snapshot()
  // Two clusters gathered side by side, with overlapping inputs, then a stage re-hashing its outputs.
  const [one, two] = await Promise.all([snap.hashAll(['dir/**/*.yaml', 'a.txt']), snap.hashAll(['dir', 'dir/*.yaml'])])
  t.same(one, { 'dir/d.yaml': sha256('delta'), 'dir/sub/c.yaml': sha256('gamma'), 'a.txt': sha256('alpha') })
  t.same(two, { 'dir/b.txt': sha256('beta'), 'dir/d.yaml': sha256('delta'), 'dir/sub/c.yaml': sha256('gamma') })
  t.equal(await snap.hash('dir/b.txt'), sha256('beta'))
  t.same(repeated(rec.calls.stat), [], 'no path stat-ed twice')
  t.same(repeated(rec.calls.list), [], 'no directory listed twice')
  t.equal(rec.calls.read.length, 4, 'every file read once')
  t.equal(hasher.reads, 4, 'reads are counted on the hasher the snapshot came from')
})

t.test('a snapshot is per phase: what it saw stays, the hasher and a new snapshot look again', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const hasher = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  const planning = hasher.snapshot()
  t.same(await planning.hashAll(['dir/*.yaml']), { 'dir/d.yaml': sha256('delta') })
  // A stage runs and writes.
  writeFileSync(join(root, 'dir/d.yaml'), 'DELTA')
  utimesSync(join(root, 'dir/d.yaml'), OLD, new Date(OLD.getTime() + 1000))
  writeFileSync(join(root, 'dir/e.yaml'), 'epsilon')
  utimesSync(join(root, 'dir/e.yaml'), OLD, OLD)
  t.same(await planning.hashAll(['dir/*.yaml']), { 'dir/d.yaml': sha256('delta') }, 'the old snapshot answers from memory')
  t.same(await hasher.hashAll(['dir/*.yaml']), { 'dir/d.yaml': sha256('DELTA'), 'dir/e.yaml': sha256('epsilon') }, 'the hasher itself remembers nothing')
  t.same(await hasher.snapshot().hashAll(['dir/*.yaml']), { 'dir/d.yaml': sha256('DELTA'), 'dir/e.yaml': sha256('epsilon') }, 'nor does a new snapshot')
  await planning.save(cacheFile)
  const next = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  await next.hashAll(['dir/*.yaml'])
  t.equal(next.reads, 0, 'a snapshot saves the shared stat cache')
})

t.test('an in-place edit that keeps size and mtime is seen: the stat signature includes ctime and inode', async (t) => {
  const root = project()
  const cacheFile = join(root, '.tasks/cache/files.json')
  const first = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.equal(await first.hash('a.txt'), sha256('alpha'))
  await first.save(cacheFile)
  // Same size, same inode (written in place), mtime put back: only the ctime tells.
  writeFileSync(join(root, 'a.txt'), 'ALPHA')
  utimesSync(join(root, 'a.txt'), OLD, OLD)
  const second = await FileHasher.load(nodeFileSystem, root, cacheFile, () => NOW)
  t.equal(await second.hash('a.txt'), sha256('ALPHA'))
  t.equal(second.reads, 1, 're-read, not served from the stat cache')
  t.match(JSON.parse(readFileSync(cacheFile, 'utf8'))['a.txt'], { ino: Number, ctimeMs: Number }, 'both are recorded')
})

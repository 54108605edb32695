import t from 'tap'
import { utimesSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expand, FileHasher, sha256 } from '../../modules/cache/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
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

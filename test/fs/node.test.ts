// The node file system's exclusive create: atomic with its content (a temporary file linked into
// place), one winner among concurrent creators, no temporary files left, the mode it was given.
import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeFileSystem } from '../../modules/fs/mod.ts'

const tmp = () => mkdtempSync(join(tmpdir(), 'tasks-fs-'))

t.test('concurrent exclusive creates: one wins, and the file holds all of its content', async (t) => {
  const dir = tmp()
  const path = join(dir, 'locks', 'a.lock')
  const contents = Array.from({ length: 16 }, (_, i) => `${JSON.stringify({ pid: i, pad: 'x'.repeat(64 * 1024) })}\n`)
  // Readers racing the writers only ever see nothing or a complete file.
  const seen: string[] = []
  const reads = Array.from({ length: 16 }, () => nodeFileSystem.readText(path).then((text) => void seen.push(text), () => {}))
  const won = await Promise.all(contents.map((c) => nodeFileSystem.createExclusive(path, c)))
  await Promise.all(reads)
  t.equal(won.filter(Boolean).length, 1)
  const winner = contents[won.indexOf(true)]
  t.equal(readFileSync(path, 'utf8'), winner)
  t.same(seen.filter((text) => text !== winner), [], 'no reader saw a partial file')
  t.same(readdirSync(join(dir, 'locks')), ['a.lock'], 'no temporary file left')
})

t.test('an existing file is never replaced; the mode is applied', async (t) => {
  const dir = tmp()
  const path = join(dir, 'secret.key')
  t.equal(await nodeFileSystem.createExclusive(path, 'first\n', 0o600), true)
  t.equal(statSync(path).mode & 0o777, 0o600)
  t.equal(await nodeFileSystem.createExclusive(path, 'second\n', 0o600), false)
  t.equal(readFileSync(path, 'utf8'), 'first\n')
})

t.test('removeSync removes, and ignores what is not there', async (t) => {
  const path = join(tmp(), 'x.lock')
  writeFileSync(path, 'x')
  nodeFileSystem.removeSync!(path)
  t.throws(() => statSync(path), { code: 'ENOENT' })
  t.doesNotThrow(() => nodeFileSystem.removeSync!(path))
})

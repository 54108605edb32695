// The node file system's exclusive create: atomic with its content (a temporary file linked into
// place), one winner among concurrent creators, no temporary files left, the mode it was given.
import t from 'tap'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

t.test('writes make their directory again when it was removed after an earlier write', async (t) => {
  const dir = join(tmp(), 'plans', 'edge-b')
  await nodeFileSystem.writeAtomic(join(dir, 'plan.json'), '{}\n')
  rmSync(dir, { recursive: true })
  await nodeFileSystem.writeAtomic(join(dir, 'plan.json'), '{"again":true}\n')
  t.equal(readFileSync(join(dir, 'plan.json'), 'utf8'), '{"again":true}\n')
  t.same(readdirSync(dir), ['plan.json'], 'no temporary file left')
  // The exclusive create (locks) and the log stream, likewise.
  rmSync(dir, { recursive: true })
  t.equal(await nodeFileSystem.createExclusive(join(dir, 'demo.lock'), '{"pid":7}\n'), true)
  rmSync(dir, { recursive: true })
  const log = await nodeFileSystem.openLog(join(dir, 'apply.log'))
  log.write('line\n')
  await log.close()
  t.same([readdirSync(dir), readFileSync(join(dir, 'apply.log'), 'utf8')], [['apply.log'], 'line\n'])
})

// A failed write leaves the directory as it was: no `NAME.PID.N.tmp` beside the target.
t.test('writeAtomic that cannot rename into place removes its temporary file', async (t) => {
  const dir = tmp()
  mkdirSync(join(dir, 'cluster.yml'))
  writeFileSync(join(dir, 'other.txt'), 'x')
  const before = readdirSync(dir)
  await t.rejects(nodeFileSystem.writeAtomic(join(dir, 'cluster.yml'), 'kind: Cluster\n'), { code: 'EISDIR' })
  t.same(readdirSync(dir), before)
})

t.test('writeAtomic and createExclusive whose write fails midway remove their temporary file', async (t) => {
  const dir = tmp()
  writeFileSync(join(dir, 'other.txt'), 'x')
  const before = readdirSync(dir)
  // Data that fails after its first chunk is written: the temporary file exists when the write fails.
  const failing = () =>
    (async function* () {
      yield 'partial'
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
    })() as unknown as string
  await t.rejects(nodeFileSystem.createExclusive(join(dir, 'a.lock'), failing()), { code: 'ENOSPC' })
  t.same(readdirSync(dir), before)
  await t.rejects(nodeFileSystem.writeAtomic(join(dir, 'render.json'), failing()), { code: 'ENOSPC' })
  t.same(readdirSync(dir), before)
})

t.test('stat reports the permission bits; nothing there is undefined', async (t) => {
  const path = join(tmp(), 'secret.key')
  await nodeFileSystem.writeAtomic(path, 'k\n', 0o640)
  t.equal((await nodeFileSystem.stat(path))?.mode, 0o640)
  t.equal(await nodeFileSystem.stat(join(tmp(), 'absent')), undefined)
})

t.test('writeAtomicSync replaces a file whole and leaves no temporary file, also when it fails', async (t) => {
  const dir = tmp()
  const path = join(dir, 'a.lock')
  writeFileSync(path, 'old\n')
  nodeFileSystem.writeAtomicSync!(path, 'new\n')
  t.equal(readFileSync(path, 'utf8'), 'new\n')
  // A directory where the file should go: the rename fails, the temporary file is removed.
  mkdirSync(join(dir, 'b.lock'))
  t.throws(() => nodeFileSystem.writeAtomicSync!(join(dir, 'b.lock'), 'x'), { code: 'EISDIR' })
  t.same(readdirSync(dir).sort(), ['a.lock', 'b.lock'])
})

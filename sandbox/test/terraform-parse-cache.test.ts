// The terraform simulator's parse cache: keyed by the text's digest, in one directory per parser
// version shared by every sandbox, so a new sandbox (every test, every benchmark copy) does not
// load hcl2json's WebAssembly module again for a file it has seen.
import t from 'tap'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HCL_CACHE, parseFile } from '../terraform/lang/parse-file.ts'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const digest = (text: string): string => createHash('sha256').update(text).digest('hex')

t.test('the cache is one directory of the repository, named by the installed parser version', async (t) => {
  const version = JSON.parse(readFileSync(join(REPO, 'node_modules', '@cdktf', 'hcl2json', 'package.json'), 'utf8')).version
  t.equal(HCL_CACHE, join(REPO, '.tasks', 'sandbox-cache', `hcl2json-${version}`))
})

t.test('a parse is written under its digest, and a cached parse is used as it is', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-hcl-cache-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const text = `variable "unique_${process.pid}_${Date.now()}" {\n  default = 1\n}\n`
  const doc = await parseFile('v.tf', text, dir)
  t.same(Object.keys(doc), ['variable'])
  t.same(JSON.parse(readFileSync(join(dir, `${digest(text)}.json`), 'utf8')), doc)

  // Another text whose cached parse is planted: the simulator takes it without parsing.
  const planted = 'output "x" {\n  value = 1\n}\n'
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${digest(planted)}.json`), '{"planted":true}')
  t.same(await parseFile('o.tf', planted, dir), { planted: true })
})

t.test('the disk cache is only a speed-up: a corrupt entry is parsed again, an unwritable cache loses nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-hcl-cache-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const text = `locals {\n  corrupt_${process.pid}_${Date.now()} = true\n}\n`
  writeFileSync(join(dir, `${digest(text)}.json`), '{"locals": [')
  const doc = await parseFile('l.tf', text, dir)
  t.same(Object.keys(doc), ['locals'])
  t.same(JSON.parse(readFileSync(join(dir, `${digest(text)}.json`), 'utf8')), doc, 'replaced by the good parse')

  // A file where the cache directory should be: nothing can be written, the parse still answers.
  const blocked = join(dir, 'not-a-dir')
  writeFileSync(blocked, '')
  const other = `locals {\n  unwritable_${process.pid}_${Date.now()} = 1\n}\n`
  t.same(Object.keys(await parseFile('u.tf', other, join(blocked, 'cache'))), ['locals'])
})

t.test('a syntax error is not cached', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-hcl-cache-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const broken = 'variable "x" {\n  default = \n'
  await t.rejects(parseFile('b.tf', broken, dir))
  t.notOk(existsSync(join(dir, `${digest(broken)}.json`)))
})

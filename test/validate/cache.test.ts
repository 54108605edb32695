// The validation result cache reads and writes through the file-system port: missing or damaged
// is empty, unchanged is not written back, a state directory that cannot be written is no error.
import t from 'tap'
import { openResultCache, noResultCache } from '../../modules/validate/mod.ts'
import type { FileSystem } from '../../modules/fs/mod.ts'
import type { Problem } from '../../modules/manifest/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { join } from 'node:path'

/** A file system of one map; `writeAtomic` fails when `readOnly`. */
function memoryFs(files: Record<string, string> = {}, readOnly = false): FileSystem & { files: Record<string, string>; writes: number } {
  const fs = {
    ...nodeFileSystem,
    files,
    writes: 0,
    readText: async (path: string) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return files[path]
    },
    writeAtomic: async (path: string, data: string | Uint8Array) => {
      if (readOnly) throw Object.assign(new Error('EROFS'), { code: 'EROFS' })
      fs.writes++
      files[path] = String(data)
    },
  }
  return fs
}

const PATH = '/state/cache/validate.json'
const problem: Problem = { at: { file: 'f', line: 1, column: 1 }, message: 'bad', rule: 'x', severity: 'error' }

t.test('results round-trip through the port; nothing new is not written', async (t) => {
  const fs = memoryFs()
  const cache = await openResultCache(fs, PATH)
  t.equal(cache.get('a', 'k'), undefined, 'a missing file is an empty cache')
  await cache.save()
  t.equal(fs.writes, 0, 'unchanged: not written')
  cache.set('a', 'k', [problem])
  cache.setFacts('a', 'f', [])
  await cache.save()
  t.equal(fs.writes, 1)
  const again = await openResultCache(fs, PATH)
  t.same(again.get('a', 'k'), [problem])
  t.equal(again.get('a', 'other'), undefined, 'another key is a miss')
  t.same(again.facts('a', 'f'), [])
})

t.test('a damaged or foreign file is an empty cache; a read-only state directory is no error', async (t) => {
  t.equal((await openResultCache(memoryFs({ [PATH]: '{"format":' }), PATH)).get('a', 'k'), undefined)
  t.equal((await openResultCache(memoryFs({ [PATH]: '{"format":1,"entries":{"a":{"key":"k","problems":[]}},"facts":{}}' }), PATH)).get('a', 'k'), undefined)
  const cache = await openResultCache(memoryFs({}, true), PATH)
  cache.set('a', 'k', [])
  await cache.save()
  await noResultCache.save()
  t.pass('saved without throwing')
})

t.test('the real file system: written atomically, no temporary file left', async (t) => {
  const dir = t.testdir({})
  const path = join(dir, 'cache', 'validate.json')
  const cache = await openResultCache(nodeFileSystem, path)
  cache.set('a', 'k', [])
  await cache.save()
  t.same((await openResultCache(nodeFileSystem, path)).get('a', 'k'), [])
  t.same(await nodeFileSystem.list(join(dir, 'cache')), ['validate.json'])
})

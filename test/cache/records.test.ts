import t from 'tap'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readRecord, recordPath, writeRecord, type CacheRecord } from '../../modules/cache/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'

const record: CacheRecord = {
  format: 1, cluster: 'demo', stage: 'render', key: 'k1', parts: { stage: 'render@1 (pure)' },
  result: { file: 'cluster.yml' }, outputs: { 'clusters/demo/cluster.yml': 'h' }, finishedAt: '2026-11-27T00:00:00.000Z', durationMs: 5,
}

t.test('records round-trip through an atomic write', async (t) => {
  const state = join(makeProject({}), '.tasks')
  t.same(await readRecord(nodeFileSystem, state, 'demo', 'render'), {}, 'missing is a plain miss')
  await writeRecord(nodeFileSystem, state, record)
  t.equal(recordPath(state, 'demo', 'render'), join(state, 'cache/demo/render.json'))
  t.same(readdirSync(join(state, 'cache/demo')), ['render.json'], 'no temp file left behind')
  t.same(JSON.parse(readFileSync(join(state, 'cache/demo/render.json'), 'utf8')), record)
  t.same(await readRecord(nodeFileSystem, state, 'demo', 'render'), { record })
})

t.test('a corrupt or foreign record is a miss with a warning, never a crash', async (t) => {
  const state = join(makeProject({}), '.tasks')
  mkdirSync(join(state, 'cache/demo'), { recursive: true })
  const path = join(state, 'cache/demo/render.json')
  writeFileSync(path, '{"format":1,"key":')
  const corrupt = await readRecord(nodeFileSystem, state, 'demo', 'render')
  t.equal(corrupt.record, undefined)
  t.match(corrupt.warning, new RegExp(`^ignoring corrupt cache record ${path} \\(.+\\); the stage will run$`))
  writeFileSync(path, '{"format":2}')
  t.same(await readRecord(nodeFileSystem, state, 'demo', 'render'), {
    warning: `ignoring cache record ${path}: not a tasks cache record; the stage will run`,
  })
})

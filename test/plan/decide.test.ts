import t from 'tap'
import { decide, outputProblem, type DecideInput } from '../../modules/plan/mod.ts'
import type { CacheRecord } from '../../modules/cache/mod.ts'

const record = (key: string, parts: Record<string, string> = {}): CacheRecord => ({
  format: 1, cluster: 'c', stage: 's', key, parts, result: null, outputs: {}, finishedAt: '2026-11-26T10:00:00.000Z', durationMs: 1,
})
const input = (over: Partial<DecideInput>): DecideInput => ({ kind: 'pure', parts: { 'file:a': 'h2' }, key: 'k2', forced: false, offline: false, ...over })

t.test('pure stages skip on an equal key with intact outputs', async (t) => {
  t.same(decide(input({})), { action: 'run', reason: 'no previous success', changes: [] })
  t.same(decide(input({ record: record('k2', { 'file:a': 'h2' }) })), { action: 'skip', status: 'cached', reason: 'cached' })
  t.same(decide(input({ record: record('k1', { 'file:a': 'h1' }) })), {
    action: 'run', reason: 'changed: file a changed', changes: [{ part: 'file:a', before: 'h1', after: 'h2' }],
  })
  t.same(decide(input({ record: record('k2', { 'file:a': 'h2' }), outputProblem: 'output x is missing' })), { action: 'run', reason: 'output x is missing', changes: [] })
})

t.test('read stages run every time, or are served offline', async (t) => {
  t.same(decide(input({ kind: 'read', record: record('k2', { 'file:a': 'h2' }) })), { action: 'run', reason: 'reads live state', changes: [] })
  t.same(decide(input({ kind: 'read', offline: true, record: record('k1') })), { action: 'skip', status: 'cached', reason: 'offline: served from the result of 2026-11-26T10:00:00.000Z' })
  t.same(decide(input({ kind: 'read', offline: true })), { action: 'fail', reason: 'offline, and no recorded result to serve' })
})

t.test('write stages skip when the remote already holds this input', async (t) => {
  t.same(decide(input({ kind: 'write', record: record('k2') })), { action: 'skip', status: 'cached', reason: 'up to date: last succeeded with these inputs' })
  t.same(decide(input({ kind: 'write', record: record('k2'), outputProblem: 'output x is missing' })).action, 'run', 'a write stage remakes a deleted output too')
  t.same(decide(input({ kind: 'write', skipReason: 'no changes' })), { action: 'skip', status: 'skipped', reason: 'no changes' })
})

t.test('--force overrides everything', async (t) => {
  for (const kind of ['pure', 'read', 'write'] as const) {
    t.equal(decide(input({ kind, forced: true, record: record('k2'), skipReason: 'no changes', offline: true })).reason, 'forced (--force)')
  }
})

t.test('more than three changes are summarised', async (t) => {
  const parts = { 'file:a': '1', 'file:b': '1', 'file:c': '1', 'file:d': '1', 'file:e': '1' }
  const d = decide(input({ parts, record: record('old', {}) }))
  t.equal(d.reason, 'changed: file a is new, file b is new, file c is new and 2 more')
})

t.test('output problems name the file', async (t) => {
  t.equal(outputProblem({ a: 'h' }, { a: 'h' }), undefined)
  t.equal(outputProblem({ a: 'h' }, { a: 'missing' }), 'output a is missing')
  t.equal(outputProblem({ a: 'h' }, { a: 'x' }), 'output a was modified')
})

t.test('a write stage that is not cached runs whenever asked, unless it has nothing to do', async (t) => {
  t.same(decide(input({ kind: 'write', cached: false, record: record('k2', { 'file:a': 'h2' }) })), { action: 'run', reason: 'runs whenever it is asked for', changes: [] })
  t.same(decide(input({ kind: 'write', cached: false, skipReason: 'no instance group needs a roll' })).action, 'skip')
})

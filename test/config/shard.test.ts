import t from 'tap'
import { inShard, parseShard, shardOf } from '../../modules/config/shard.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

/** `count` generated cluster names, numbered from `from`. */
const names = (count: number, from = 0): string[] => Array.from({ length: count }, (_, i) => `cluster-${String(i + from).padStart(3, '0')}`)
const parsed = (text: string): string | { index: number; count: number } => {
  const r = parseShard(text)
  return r.ok ? r.shard : formatFailure(r.failure)
}

t.test('I/N parses; anything else is a bad value that says what is expected', async (t) => {
  t.same(parsed('1/3'), { index: 1, count: 3 })
  t.same(parsed('3/3'), { index: 3, count: 3 })
  t.same(parsed('1/1'), { index: 1, count: 1 })
  t.same(parsed('12/20'), { index: 12, count: 20 })
  for (const bad of ['0/3', '4/3', 'a/b', '1/0', '3', '1/3/4', '-1/3', '1.5/3', '', '/3', '1/', ' 1/3', '01/3', '1/99999999999999999999']) {
    t.equal(parsed(bad), `Option --shard does not accept "${bad}": expected I/N with 1 <= I <= N, such as 1/3.`, bad)
  }
  t.same(parseShard('0/2', 'shard'), { ok: false, failure: { reason: 'bad-option-value', option: 'shard', value: '0/2', expected: 'I/N with 1 <= I <= N, such as 1/3' } }, 'the option as the caller names it')
})

t.test('golden shards: sha256 rendezvous, the same on every machine', async (t) => {
  const golden = ['demo', 'prod', 'staging', 'fleet-01', 'eu-west-1-prd'].map((n) => [n, shardOf(n, 1), shardOf(n, 3), shardOf(n, 5)])
  t.same(golden, [
    ['demo', 1, 2, 2],
    ['prod', 1, 3, 3],
    ['staging', 1, 3, 5],
    ['fleet-01', 1, 1, 1],
    ['eu-west-1-prd', 1, 1, 4],
  ])
  t.same(names(50).map((n) => shardOf(n, 4)), names(50).map((n) => shardOf(n, 4)), 'deterministic')
})

t.test('every name in exactly one shard, in the order given', async (t) => {
  const all = names(200)
  for (let count = 1; count <= 5; count++) {
    const shards = Array.from({ length: count }, (_, i) => inShard(all, { index: i + 1, count }))
    t.same(shards.flat().sort(), all, `N=${count}: the shards together are the whole selection, each name once`)
    shards.forEach((shard, i) => t.same(shard, all.filter((n) => shardOf(n, count) === i + 1), `N=${count}: shard ${i + 1} keeps order`))
  }
  t.same(inShard(['prod', 'demo', 'staging'], { index: 3, count: 3 }), ['prod', 'staging'])
  t.same(inShard([], { index: 1, count: 3 }), [])
})

t.test('roughly balanced: each of 3 shards holds 20%–47% of 300 names', async (t) => {
  const all = names(300)
  const sizes = [1, 2, 3].map((index) => inShard(all, { index, count: 3 }).length)
  t.same(sizes, [82, 106, 112])
  t.ok(sizes.every((n) => n >= 60 && n <= 141), 'within 20% and 47%')
})

t.test('stable: adding clusters moves none of the old ones', async (t) => {
  const old = names(200)
  const grown = [...old, ...names(50, 200)]
  for (const count of [2, 3, 5]) {
    const before = [1, 2, 3, 4, 5].slice(0, count).map((index) => inShard(old, { index, count }))
    const after = [1, 2, 3, 4, 5].slice(0, count).map((index) => inShard(grown, { index, count }).filter((n) => old.includes(n)))
    t.same(after, before, `N=${count}`)
  }
})

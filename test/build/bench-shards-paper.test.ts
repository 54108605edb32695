// The shards estimate of BENCHMARKS.md: real rendezvous shard sizes, and the model's arithmetic
// on measured T and S, as exact lines.
import t from 'tap'
import { paperSection, shardSizes } from '../../scripts/bench/shards-paper.ts'

t.test('200 clusters over 20 shards: every cluster counted once, sizes as rendezvous hashing gives them', async (t) => {
  const sizes = shardSizes(200, 20)
  t.same(sizes, [5, 7, 7, 7, 7, 7, 8, 9, 9, 9, 9, 10, 12, 12, 12, 13, 13, 13, 14, 17])
  t.equal(sizes.reduce((a, b) => a + b, 0), 200)
  t.same(shardSizes(9, 1), [9], 'one runner holds everything')
})

t.test('the section: the measured table and the estimate from T and S', async (t) => {
  const lines = paperSection({
    clusters: 12, concurrency: 4, cores: 2, chainMs: 2480, startupMs: 1440,
    wallMs: new Map([[1, 8870], [2, 8170], [3, 6610]]), speedUp: new Map([[1, 1], [2, 1.09], [3, 1.34]]),
    sizes: new Map([[1, '12'], [2, '6 + 6'], [3, '4 + 4 + 4']]),
  })
  t.same(lines.slice(2, 7), [
    '| runners R | clusters per runner | wall | speed-up vs 1 | efficiency |',
    '|---|---|---|---|---|',
    '| 1 | 12 | 8.87 s | 1.00× | 100% |',
    '| 2 | 6 + 6 | 8.17 s | 1.09× | 55% |',
    '| 3 | 4 + 4 + 4 | 6.61 s | 1.34× | 45% |',
  ])
  // 1.44 + ⌈17/4⌉ × 2.48 = 13.84; 1.44 + 3 × 2.48 = 8.88; 1.44 + 50 × 2.48 = 125.44.
  t.ok(lines.includes('- Simulated chain: worst shard ⌈17/4⌉ = 5 waves, ≈ 13.8 s; even shards (10) ≈ 8.88 s;'), lines.join('\n'))
  t.ok(lines.includes('  one runner with all 200 (50 waves) ≈ 125.4 s. About 9.1× faster on 20 runners.'), lines.join('\n'))
})

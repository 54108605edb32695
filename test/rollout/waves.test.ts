import t from 'tap'
import { assignWaves, describeWaves, parseWaves, rolloutOrder, type WaveCluster } from '../../modules/rollout/waves.ts'

const SIZES = 'counts (1), percentages of the selection (25%), and rest only last'
const bad = (value: string, expected: string, option = '--waves') => ({ ok: false, failure: { reason: 'bad-option-value', option, value, expected } })
const named = (...names: string[]): WaveCluster[] => names.map((name) => ({ name }))
const sizesOf = (waves: string[][]): number[] => waves.map((w) => w.length)

t.test('parseWaves reads counts, percentages and a last rest, whitespace allowed', async (t) => {
  t.same(parseWaves('1,25%,rest'), { ok: true, sizes: [{ count: 1 }, { percent: 25 }, { rest: true }] })
  t.same(parseWaves(' 2 , 12.5% ,  rest '), { ok: true, sizes: [{ count: 2 }, { percent: 12.5 }, { rest: true }] })
  t.same(parseWaves('100%'), { ok: true, sizes: [{ percent: 100 }] })
  t.same(parseWaves('.5%,10'), { ok: true, sizes: [{ percent: 0.5 }, { count: 10 }] })
  t.same(parseWaves('rest'), { ok: true, sizes: [{ rest: true }] })
})

t.test('parseWaves says what is wrong with a bad spec', async (t) => {
  t.same(parseWaves('rest,1'), bad('rest,1', 'rest only as the last wave (it takes every cluster left), e.g. 1,25%,rest'))
  t.same(parseWaves('1,rest,rest'), bad('1,rest,rest', 'rest only as the last wave (it takes every cluster left), e.g. 1,25%,rest'))
  t.same(parseWaves('0,rest'), bad('0,rest', 'counts of at least 1 (a wave of 0 clusters runs nothing), e.g. 1,25%,rest'))
  t.same(parseWaves('1,101%'), bad('1,101%', 'percentages above 0% and at most 100%, e.g. 1,25%,rest'))
  t.same(parseWaves('0%'), bad('0%', 'percentages above 0% and at most 100%, e.g. 1,25%,rest'))
  t.same(parseWaves('0.0%,rest'), bad('0.0%,rest', 'percentages above 0% and at most 100%, e.g. 1,25%,rest'))
  t.same(parseWaves('1,,rest'), bad('1,,rest', `a wave size between every two commas: ${SIZES}`))
  t.same(parseWaves('1,25%,'), bad('1,25%,', `a wave size between every two commas: ${SIZES}`))
  t.same(parseWaves('1, a'), bad('1, a', `a comma list of wave sizes: ${SIZES}; "a" is none of these`))
  t.same(parseWaves('1.5'), bad('1.5', `a comma list of wave sizes: ${SIZES}; "1.5" is none of these`))
  t.same(parseWaves('-1'), bad('-1', `a comma list of wave sizes: ${SIZES}; "-1" is none of these`))
  t.same(parseWaves('25 %'), bad('25 %', `a comma list of wave sizes: ${SIZES}; "25 %" is none of these`))
  t.same(parseWaves('REST'), bad('REST', `a comma list of wave sizes: ${SIZES}; "REST" is none of these`))
  t.same(parseWaves(''), bad('', `a comma list of wave sizes: ${SIZES}`))
  t.same(parseWaves('  '), bad('  ', `a comma list of wave sizes: ${SIZES}`))
})

t.test('parseWaves names the option it was given', async (t) => {
  t.same(parseWaves('x', '--canary'), bad('x', `a comma list of wave sizes: ${SIZES}; "x" is none of these`, '--canary'))
})

t.test('rolloutOrder: by wave, those without one last, then by name', async (t) => {
  const clusters: WaveCluster[] = [{ name: 'zeta' }, { name: 'b', wave: 2 }, { name: 'a', wave: 2 }, { name: 'alpha' }, { name: 'c', wave: 1 }, { name: 'Z', wave: 2 }, { name: 'late', wave: 10 }]
  t.same(
    rolloutOrder(clusters).map((c) => c.name),
    ['c', 'Z', 'a', 'b', 'late', 'alpha', 'zeta'],
  )
  t.same(
    rolloutOrder([{ name: 'n', wave: Number.NaN }, { name: 'm' }, { name: 'o', wave: -1 }]).map((c) => c.name),
    ['o', 'm', 'n'],
    'a NaN wave counts as none',
  )
  t.same(clusters[0], { name: 'zeta' }, 'the input is not reordered')
})

t.test('assignWaves cuts the ordered selection', async (t) => {
  const ten = named('j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a')
  t.same(assignWaves(ten, [{ count: 1 }, { percent: 25 }, { rest: true }]), [['a'], ['b', 'c', 'd'], ['e', 'f', 'g', 'h', 'i', 'j']])
  t.same(sizesOf(assignWaves(named('a', 'b', 'c', 'd', 'e'), [{ count: 1 }, { count: 2 }])), [1, 2, 2], 'the uncovered clusters form one more wave')
  t.same(assignWaves(named('c', 'b', 'a'), [{ percent: 50 }, { percent: 50 }]), [['a', 'b'], ['c']], 'percentages are of the whole selection, rounded up')
  t.same(assignWaves(named('c', 'b', 'a'), [{ count: 10 }]), [['a', 'b', 'c']])
  t.same(sizesOf(assignWaves(named(...'abcdefghijklmnopqrstuvwxyz0123'), [{ percent: 10 }, { rest: true }])), [3, 27], '10% of 30 is 3, not 4')
  t.same(sizesOf(assignWaves(named(...'abcdefghij'), [{ percent: 1 }, { percent: 0.5 }, { rest: true }])), [1, 1, 8], 'a percentage takes at least 1')
})

t.test('assignWaves drops waves that find nothing left, and keeps the wave: order', async (t) => {
  t.same(assignWaves(named('a', 'b'), [{ count: 1 }, { count: 1 }, { percent: 50 }, { rest: true }]), [['a'], ['b']])
  t.same(assignWaves([], [{ count: 1 }, { rest: true }]), [])
  t.same(assignWaves(named('a', 'b'), []), [['a', 'b']], 'no sizes: one wave of everything')
  const clusters: WaveCluster[] = [{ name: 'prod-eu' }, { name: 'prod-us' }, { name: 'canary', wave: 0 }, { name: 'staging', wave: 1 }]
  t.same(assignWaves(clusters, [{ count: 1 }, { count: 1 }, { rest: true }]), [['canary'], ['staging'], ['prod-eu', 'prod-us']])
})

t.test('describeWaves: one line per wave, no trailing newline', async (t) => {
  t.equal(describeWaves([['a'], ['b', 'c'], ['d']]), 'wave 1 of 3: a\nwave 2 of 3: b, c\nwave 3 of 3: d')
  t.equal(describeWaves([['only']]), 'wave 1 of 1: only')
  t.equal(describeWaves([]), '')
})

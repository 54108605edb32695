import t from 'tap'
import { closest, didYouMean, distance } from '../../modules/diag/mod.ts'

t.test('distance counts a swap of neighbours as one edit', async (t) => {
  t.equal(distance('plan', 'plan'), 0)
  t.equal(distance('plna', 'plan'), 1)
  t.equal(distance('aply', 'apply'), 1)
  t.equal(distance('kitten', 'sitting'), 3)
})

t.test('only close names are suggested', async (t) => {
  const targets = ['plan', 'apply', 'cluster-update', 'cluster-destroy']
  t.equal(closest('cluster-updat', targets), 'cluster-update')
  t.equal(closest('PLAN', targets), 'plan')
  t.equal(closest('c', ['a', 'b']), undefined, 'one letter is never "close"')
  t.equal(closest('deploy', targets), undefined)
  t.equal(didYouMean('aply', targets), ' (did you mean "apply"?)')
  t.equal(didYouMean('zzz', targets), '')
})

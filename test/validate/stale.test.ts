import t from 'tap'
import { firstDifference, staleFile } from '../../modules/validate/stale.ts'

t.test('firstDifference finds the first differing line, including one text being longer', async (t) => {
  t.equal(firstDifference('a\nb\n', 'a\nb\n'), undefined)
  t.equal(firstDifference('a\nb\n', 'a\nc\n'), 2)
  t.equal(firstDifference('a\n', 'a\nb\n'), 2)
})

t.test('a committed file that differs is stale, with the command that regenerates it; an absent one is not', async (t) => {
  t.equal(staleFile('clusters/x/cluster.yml', undefined, 'a\n', 'x'), undefined)
  t.equal(staleFile('clusters/x/cluster.yml', 'a\n', 'a\n', 'x'), undefined)
  t.same(staleFile('clusters/x/cluster.yml', 'a\nold: 1\n', 'a\nnew: 2\n', 'x'), {
    at: { file: 'clusters/x/cluster.yml', line: 2, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: 'clusters/x/cluster.yml is stale: the template now renders "new: 2" here',
    hint: 'regenerate it with `npx tasks cluster-template --cluster x` (and `npx tasks cluster-update --cluster x` for kubernetes.tf), then commit both',
  })
})

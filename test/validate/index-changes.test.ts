// What a staged change touches, from `git diff --cached --name-status -z` (modules/validate/source.ts):
// every path (a rename's both), and which ones the index no longer holds.
import t from 'tap'
import { indexChanges } from '../../modules/validate/source.ts'

const sorted = (s: Set<string>): string[] => [...s].sort()

t.test('modified, added, deleted, renamed and copied paths', async (t) => {
  const out = ['M', 'clusters/a/cluster.yaml', 'A', 'clusters/b/cluster.yaml', 'D', 'clusters/c/cluster.yml', 'R087', 'clusters/d/old.yaml', 'clusters/e/cluster.yaml', 'C100', 'templates/x.tmpl', 'templates/y.tmpl', ''].join('\0')
  const { touched, deleted } = indexChanges(out)
  t.same(sorted(touched), ['clusters/a/cluster.yaml', 'clusters/b/cluster.yaml', 'clusters/c/cluster.yml', 'clusters/d/old.yaml', 'clusters/e/cluster.yaml', 'templates/y.tmpl'], "a copy's source is not touched")
  t.same(sorted(deleted), ['clusters/c/cluster.yml', 'clusters/d/old.yaml'])
})

t.test('paths with spaces, tabs and newlines come through whole (-z)', async (t) => {
  const { touched, deleted } = indexChanges(['M', 'clusters/a/my file.yaml', 'D', 'clusters/a/odd\tname\n.yaml', ''].join('\0'))
  t.same(sorted(touched), ['clusters/a/my file.yaml', 'clusters/a/odd\tname\n.yaml'])
  t.same(sorted(deleted), ['clusters/a/odd\tname\n.yaml'])
})

t.test('nothing staged', async (t) => {
  t.same(indexChanges(''), { touched: new Set(), deleted: new Set() })
})

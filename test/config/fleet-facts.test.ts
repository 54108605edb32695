// The fleet's cluster.yaml facts, kept by file stat: a run on one cluster reads only the files that
// changed since; a changed, added or removed cluster is seen at once; a damaged cache is only a miss.
import t from 'tap'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fleetFacts, sharedSettings } from '../../modules/config/mod.ts'
import { formatFailure } from '../../modules/diag/mod.ts'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'

const yaml = (name: string, key = name): string => [
  'backends:',
  `  prerequisites: { bucket: tf, key: ${key}/1-prerequisites.tfstate }`,
  `  kops: { bucket: tf, key: ${key}/2-kops.tfstate }`,
  'prerequisites:',
  `  cluster_name: ${name}.k8s.local`,
  '',
].join('\n')

/** The node file system, counting the cluster.yaml files it reads. */
function counting(): { fs: FileSystem; reads: string[] } {
  const reads: string[] = []
  const fs = { ...nodeFileSystem, readText: (path: string) => (path.endsWith('cluster.yaml') && reads.push(path.split('/').slice(-2)[0]), nodeFileSystem.readText(path)) }
  return { fs, reads }
}

t.test('parsed once, then read again only when a file changed', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a'), 'clusters/b/cluster.yaml': yaml('b'), 'clusters/c/cluster.yaml': 'key: [unclosed\n' })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  const first = counting()
  const facts = await fleetFacts(first.fs, root, 'clusters', ['a', 'b', 'c'], cache)
  t.same(facts.map((f) => [f.cluster, f.facts.map((x) => x.kind)]), [['a', ['backend.prerequisites', 'backend.kops', 'cluster-name']], ['b', ['backend.prerequisites', 'backend.kops', 'cluster-name']]], 'a file that does not parse has no facts')
  t.same(first.reads, ['a', 'b', 'c'])

  const second = counting()
  t.same(await fleetFacts(second.fs, root, 'clusters', ['a', 'b', 'c'], cache), facts, 'the same facts from the cache')
  t.same(second.reads, [], 'no file read')

  // b now copies a's backend: seen at once, and only b is read.
  writeFileSync(join(root, 'clusters/b/cluster.yaml'), yaml('b', 'a'))
  const third = counting()
  const failures = await sharedSettings(third.fs, root, 'clusters', ['b'], ['a', 'b', 'c'], cache)
  t.same(third.reads.filter((r) => r !== 'b'), [], 'only the changed file is read (again for the lines shown)')
  t.equal(formatFailure(failures[0]).split('\n').slice(0, 2).join('\n'), [
    'clusters/b/cluster.yaml:2:37 backends.prerequisites (bucket "tf", key "a/1-prerequisites.tfstate") is also the backend of cluster "a" (clusters/a/cluster.yaml:2:37): the clusters would share one Terraform state',
    '    prerequisites: { bucket: tf, key: a/1-prerequisites.tfstate }',
  ].join('\n'))

  // A removed cluster leaves the cache.
  rmSync(join(root, 'clusters/c'), { recursive: true })
  await fleetFacts(nodeFileSystem, root, 'clusters', ['a', 'b'], cache)
  t.same(Object.keys((JSON.parse(readFileSync(cache, 'utf8')) as { clusters: object }).clusters), ['a', 'b'])
})

t.test('a damaged or foreign cache is a miss, never an error', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a'), '.tasks/cache/cluster-facts.json': '' })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  for (const text of ['', '{not json', '{"format":2,"clusters":{}}', '{"format":1,"clusters":{"a":{"stat":"x","facts":"no"}}}']) {
    writeFileSync(cache, text)
    const run = counting()
    t.same((await fleetFacts(run.fs, root, 'clusters', ['a'], cache)).map((f) => f.cluster), ['a'], JSON.stringify(text))
    t.same(run.reads, ['a'])
  }
  // Rewritten whole after each miss; an entry whose stat matches but whose facts are not a list is a miss too.
  const text = readFileSync(cache, 'utf8')
  t.match(text, /^\{"format":1,"clusters":\{"a":\{"stat":"\d+:[\d.]+:[\d.]+:\d+","facts":\[/)
  writeFileSync(cache, text.replace(/"facts":\[.*\]\}\}\}/, '"facts":"no"}}}'))
  const tampered = counting()
  t.same((await fleetFacts(tampered.fs, root, 'clusters', ['a'], cache)).map((f) => f.facts.length), [3])
  t.same(tampered.reads, ['a'])
})

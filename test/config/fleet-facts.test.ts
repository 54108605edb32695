// The fleet's cluster.yaml facts, kept by file stat: a run on one cluster reads only the files that
// changed since; a changed, added, removed or moved cluster is seen at once; a file read too soon
// after it was written is read again; a damaged, foreign or older cache is only a miss.
import t from 'tap'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fleetFacts, sharedSettings } from '../../modules/config/mod.ts'
import { formatFailure } from '../../modules/diag/mod.ts'
import { nodeFileSystem, type FileStat, type FileSystem } from '../../modules/fs/mod.ts'
import { makeProject } from '../helpers/project.ts'

const yaml = (name: string, key = name): string => [
  'backends:',
  `  prerequisites: { bucket: tf, key: ${key}/1-prerequisites.tfstate }`,
  `  kops: { bucket: tf, key: ${key}/2-kops.tfstate }`,
  'prerequisites:',
  `  cluster_name: ${name}.k8s.local`,
  '',
].join('\n')

/** The node file system, counting the cluster.yaml files it reads; `stat` replaces its stat. */
function counting(stat?: (path: string) => FileStat): { fs: FileSystem; reads: string[] } {
  const reads: string[] = []
  const fs: FileSystem = {
    ...nodeFileSystem,
    readText: (path: string) => (path.endsWith('cluster.yaml') && reads.push(path.split('/').slice(-2)[0]), nodeFileSystem.readText(path)),
    ...(stat ? { stat: async (path: string) => stat(path) } : {}),
  }
  return { fs, reads }
}

/** A clock well after the files were written, so no entry is racy. */
const later = () => Date.now() + 60_000
const kinds = ['backend.prerequisites', 'backend.kops', 'cluster-name']

t.test('parsed once, then read again only when a file changed', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a'), 'clusters/b/cluster.yaml': yaml('b'), 'clusters/c/cluster.yaml': 'key: [unclosed\n' })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  const first = counting()
  const facts = await fleetFacts(first.fs, root, 'clusters', ['a', 'b', 'c'], cache, later)
  t.same(facts.map((f) => [f.cluster, f.facts.map((x) => x.kind)]), [['a', kinds], ['b', kinds]], 'a file that does not parse has no facts')
  t.same(first.reads, ['a', 'b', 'c'])

  const second = counting()
  t.same(await fleetFacts(second.fs, root, 'clusters', ['a', 'b', 'c'], cache, later), facts, 'the same facts from the cache')
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
  await fleetFacts(nodeFileSystem, root, 'clusters', ['a', 'b'], cache, later)
  t.same(Object.keys((JSON.parse(readFileSync(cache, 'utf8')) as { clusters: object }).clusters), ['clusters/a/cluster.yaml', 'clusters/b/cluster.yaml'])

  // A moved clusters directory keeps every file's stat, yet its facts name the new paths.
  renameSync(join(root, 'clusters'), join(root, 'fleet'))
  const moved = counting()
  const again = await fleetFacts(moved.fs, root, 'fleet', ['a', 'b'], cache, later)
  t.same([moved.reads, again[0].facts[0].at.file], [['a', 'b'], 'fleet/a/cluster.yaml'])
})

t.test('a file read within its timestamp granularity of a write is read again', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a') })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  // A file system with whole-second times: a same-size edit within the second keeps the stat.
  const T = 1_765_000_000_000
  const coarse = () => ({ size: 120, mtimeMs: T, ctimeMs: T, ino: 1, isDirectory: false, mode: 0o644 })
  const run = async (at: number) => {
    const c = counting(coarse)
    const facts = await fleetFacts(c.fs, root, 'clusters', ['a'], cache, () => at)
    return [c.reads.length, facts[0].facts[2].key]
  }
  t.same(await run(T + 500), [1, 'a.k8s.local'])
  writeFileSync(join(root, 'clusters/a/cluster.yaml'), yaml('x', 'a'))
  t.same(await run(T + 900), [1, 'x.k8s.local'], 'read at T+500 of a file of time T: not trusted, read again')
  t.same(await run(T + 10_000), [1, 'x.k8s.local'], 'read at T+900: still too close')
  t.same(await run(T + 20_000), [0, 'x.k8s.local'], 'read at T+10s: trusted')
})

t.test('a damaged, foreign or older cache is a miss, never an error', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a') })
  mkdirSync(join(root, '.tasks/cache'), { recursive: true })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  const good = async () => {
    await fleetFacts(nodeFileSystem, root, 'clusters', ['a'], cache, later)
    return readFileSync(cache, 'utf8')
  }
  const text = await good()
  t.match(text, /^\{"format":1,"clusters":\{"clusters\/a\/cluster\.yaml":\{"stat":"\d+:[\d.]+:[\d.]+:\d+","readAt":\d+,"facts":\[/)
  const damaged = [
    '', '{not json', text.replace('"format":1', '"format":0'),
    text.replace(/"facts":\[.*\]\}\}\}/, '"facts":"no"}}}'),
    text.replace(/"facts":\[.*\]\}\}\}/, '"facts":[{"kind":"cluster-name","key":7}]}}}'),
  ]
  for (const bad of damaged) {
    writeFileSync(cache, bad)
    const c = counting()
    t.same((await fleetFacts(c.fs, root, 'clusters', ['a'], cache, later)).map((f) => f.facts.length), [3], JSON.stringify(bad.slice(0, 60)))
    t.same(c.reads, ['a'])
  }
})

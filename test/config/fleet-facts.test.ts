// The fleet's cluster.yaml facts, kept by content hash (the session's file hasher): a run on one
// cluster parses only the files that changed since; a changed, added, removed or moved cluster is
// seen at once, also on a file system whose coarse times hide an edit; a damaged, foreign or older
// cache is only a miss.
import t from 'tap'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FileHasher } from '../../modules/cache/mod.ts'
import { fleetFacts, sharedSettings, type FactsStore } from '../../modules/config/mod.ts'
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

/** A clock well after the files were written, so no stat cache entry is racy. */
const later = () => Date.now() + 60_000

/** The store of a run: the facts file, and hashes from a file hasher whose stat cache lives beside it. */
async function store(fs: FileSystem, root: string, now: () => number): Promise<FactsStore & { save(): Promise<void> }> {
  const stats = join(root, '.tasks/cache/files.json')
  const hasher = await FileHasher.load(fs, root, stats, now)
  return { file: join(root, '.tasks/cache/cluster-facts.json'), hashAll: (paths) => hasher.hashAll(paths), save: () => hasher.save(stats) }
}

/** fleetFacts as one run calls it: its store, then the stat cache saved as the run ends. */
async function run(fs: FileSystem, root: string, dir: string, known: string[], now = later) {
  const s = await store(fs, root, now)
  const facts = await fleetFacts(fs, root, dir, known, s)
  await s.save()
  return facts
}
const kinds = ['backend.prerequisites', 'backend.kops', 'cluster-name']

t.test('parsed once, then read again only when a file changed', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a'), 'clusters/b/cluster.yaml': yaml('b'), 'clusters/c/cluster.yaml': 'key: [unclosed\n' })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  const first = counting()
  const facts = await run(first.fs, root, 'clusters', ['a', 'b', 'c'])
  t.same(facts.map((f) => [f.cluster, f.facts.map((x) => x.kind)]), [['a', kinds], ['b', kinds]], 'a file that does not parse has no facts')
  t.same(first.reads, ['a', 'b', 'c'])

  const second = counting()
  t.same(await run(second.fs, root, 'clusters', ['a', 'b', 'c']), facts, 'the same facts from the cache')
  t.same(second.reads, [], 'no file read')

  // b now copies a's backend: seen at once, and only b is read.
  writeFileSync(join(root, 'clusters/b/cluster.yaml'), yaml('b', 'a'))
  const third = counting()
  const failures = await sharedSettings(third.fs, root, 'clusters', ['b'], ['a', 'b', 'c'], await store(third.fs, root, Date.now))
  t.same(third.reads.filter((r) => r !== 'b'), [], 'only the changed file is read (again for the lines shown)')
  t.equal(formatFailure(failures[0]).split('\n').slice(0, 2).join('\n'), [
    'clusters/b/cluster.yaml:2:37 backends.prerequisites (bucket "tf", key "a/1-prerequisites.tfstate") is also the backend of cluster "a" (clusters/a/cluster.yaml:2:37): the clusters would share one Terraform state',
    '    prerequisites: { bucket: tf, key: a/1-prerequisites.tfstate }',
  ].join('\n'))

  // A removed cluster leaves the cache.
  rmSync(join(root, 'clusters/c'), { recursive: true })
  await run(nodeFileSystem, root, 'clusters', ['a', 'b'])
  t.same(Object.keys((JSON.parse(readFileSync(cache, 'utf8')) as { clusters: object }).clusters), ['clusters/a/cluster.yaml', 'clusters/b/cluster.yaml'])

  // A moved clusters directory keeps every file's stat, yet its facts name the new paths.
  renameSync(join(root, 'clusters'), join(root, 'fleet'))
  const moved = counting()
  const again = await run(moved.fs, root, 'fleet', ['a', 'b'])
  t.same([moved.reads, again[0].facts[0].at.file], [['a', 'b'], 'fleet/a/cluster.yaml'])
})

t.test('an edit hidden by coarse file times is still seen: the hasher reads a racy file again', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a') })
  // A file system with whole-second times: a same-size edit within the second keeps the stat.
  const T = 1_765_000_000_000
  const coarse = () => ({ size: 120, mtimeMs: T, ctimeMs: T, ino: 1, isDirectory: false, mode: 0o644 })
  const at = async (now: number) => {
    const c = counting(coarse)
    const facts = await run(c.fs, root, 'clusters', ['a'], () => now)
    return [c.reads.length, facts[0].facts[2].key]
  }
  t.same(await at(T + 500), [1, 'a.k8s.local'])
  writeFileSync(join(root, 'clusters/a/cluster.yaml'), yaml('x', 'a'))
  t.same(await at(T + 900), [1, 'x.k8s.local'], 'hashed at T+500, a file of time T: read again, its new content parsed')
  t.same(await at(T + 10_000), [0, 'x.k8s.local'], 'read again by the hasher, the same content: not parsed again')
})

t.test('a damaged, foreign or older cache is a miss, never an error', async (t) => {
  const root = makeProject({ 'clusters/a/cluster.yaml': yaml('a') })
  mkdirSync(join(root, '.tasks/cache'), { recursive: true })
  const cache = join(root, '.tasks/cache/cluster-facts.json')
  const good = async () => {
    await run(nodeFileSystem, root, 'clusters', ['a'])
    return readFileSync(cache, 'utf8')
  }
  const text = await good()
  t.match(text, /^\{"format":2,"clusters":\{"clusters\/a\/cluster\.yaml":\{"hash":"[0-9a-f]{64}","facts":\[/)
  const damaged = [
    '', '{not json', text.replace('"format":2', '"format":1'),
    text.replace(/"facts":\[.*\]\}\}\}/, '"facts":"no"}}}'),
    text.replace(/"facts":\[.*\]\}\}\}/, '"facts":[{"kind":"cluster-name","key":7}]}}}'),
  ]
  for (const bad of damaged) {
    writeFileSync(cache, bad)
    const c = counting()
    t.same((await run(c.fs, root, 'clusters', ['a'])).map((f) => f.facts.length), [3], JSON.stringify(bad.slice(0, 60)))
    t.same(c.reads, ['a'])
  }
})

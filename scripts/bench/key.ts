// The cache key of a stage whose inputs glob covers N files, in-process, through the code a run
// uses: FileHasher.load of the stat cache, gatherCluster (records, input hashes), evaluateStage
// (key parts, key, decision) and FileHasher.save. Cold: no stat cache on disk, a fresh hasher, so
// every file is read and hashed. Warm: the stat cache a previous run saved (files.json), so files
// are stat-ed, not read.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { FileHasher } from '../../modules/cache/mod.ts'
import { gatherCluster, ToolVersions, type Gatherer } from '../../modules/exec/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { graph, type ClusterInfo, type Stage } from '../../modules/graph/mod.ts'
import { evaluateStage, type PlanOptions } from '../../modules/plan/mod.ts'
import { tempDir } from './copy.ts'
import { verdict, type Row } from './report.ts'
import { ms, spread, summarize } from './stats.ts'

export const KEY_WARM_BUDGET_MS = 50
export const KEY_COLD_BUDGET_MS = 500

/** N files of 0.5–4.5 KB under src/dNN/, modified an hour ago (older than the stat cache's racy window). */
function makeInputs(root: string, n: number): void {
  const old = new Date(Date.now() - 3600_000)
  for (let i = 0; i < n; i++) {
    const dir = join(root, 'src', `d${String(i % 40).padStart(2, '0')}`)
    if (i < 40) mkdirSync(dir, { recursive: true })
    const file = join(dir, `f${String(i).padStart(5, '0')}.tf`)
    writeFileSync(file, `# input ${i}\n${'resource "x" "y" { a = 1 }\n'.repeat(16 + (i % 128))}`)
    utimesSync(file, old, old)
  }
}

interface Computation {
  ms: number
  key: string
  /** Files read and hashed (not served from the stat cache). */
  reads: number
  /** Files the stage's inputs matched. */
  hashed: number
}

export async function keyBench(files: number, repeats: number): Promise<Row[]> {
  const root = tempDir('key')
  makeInputs(root, files)
  const stateDir = join(root, '.tasks')
  const statCache = join(stateDir, 'cache', 'files.json')
  const stage = graph().stage('inputs', { kind: 'pure', inputs: ['src/**/*.tf'], run: () => null }).build().stages.get('inputs') as Stage
  const cluster: ClusterInfo = { name: 'k', dir: 'clusters/k', settings: {}, toolPath: process.env.PATH ?? '', bins: {} }
  const options: PlanOptions = { force: false, offline: false, params: {}, root, stateDir }
  const noTools = { run: () => Promise.reject(new Error('the key benchmark runs no tools')) }

  /** One key computation as a run makes it; returns its time, the key and how many files were read. */
  async function once(): Promise<Computation> {
    const start = performance.now()
    const hasher = await FileHasher.load(nodeFileSystem, root, statCache, Date.now)
    const g: Gatherer = { fs: nodeFileSystem, hasher, versions: new ToolVersions(nodeFileSystem, noTools, join(stateDir, 'tools.json')), root, stateDir, warn: () => {} }
    const facts = await gatherCluster(g, cluster, [stage])
    const { key } = evaluateStage(stage, facts, {}, options)
    await hasher.save(statCache)
    return { ms: performance.now() - start, key, reads: hasher.reads, hashed: Object.keys(facts.files.inputs ?? {}).length }
  }

  const cold = async () => {
    rmSync(statCache, { force: true })
    return once()
  }
  await cold() // warm-up: JIT, module state
  const colds: Computation[] = []
  for (let i = 0; i < repeats; i++) colds.push(await cold())
  const warms: Computation[] = []
  await once() // warm-up on the saved stat cache
  for (let i = 0; i < repeats; i++) warms.push(await once())

  const hashed = colds[0].hashed
  if (hashed !== files) throw new Error(`the stage's inputs matched ${hashed} files, not ${files}`)
  if (warms.some((w) => w.key !== colds[0].key)) throw new Error('warm and cold keys differ')
  const c = summarize(colds.map((r) => r.ms))
  const w = summarize(warms.map((r) => r.ms))
  const warmReads = Math.max(...warms.map((r) => r.reads))
  const how = `In-process: ${files} files (0.5–4.5 KB) under src/ of a temporary directory, modified an hour earlier; a pure stage with inputs \`src/**/*.tf\`; one key computation = FileHasher.load of files.json, gatherCluster, evaluateStage, FileHasher.save — the calls a run makes.`
  return [
    {
      measure: `cache key, ${files} input files, cold`,
      budget: `≤ ${KEY_COLD_BUDGET_MS} ms`,
      result: ms(c.median),
      ratio: '—',
      verdict: verdict(c.median <= KEY_COLD_BUDGET_MS),
      how: `${how} Cold: files.json deleted before each computation, so every file is listed, stat-ed, read and hashed (the OS page cache is warm: it cannot be dropped without disturbing the machine). One warm-up, then ${repeats} computations.`,
      details: [`cold: ${spread(c)}; files read per computation: ${colds[0].reads}`],
    },
    {
      measure: `cache key, ${files} input files, warm`,
      budget: `≤ ${KEY_WARM_BUDGET_MS} ms`,
      result: ms(w.median),
      ratio: '—',
      verdict: verdict(w.median <= KEY_WARM_BUDGET_MS && warmReads === 0),
      how: `${how} Warm: the stat cache the previous computation saved is loaded, as the next run would; a file is re-read only when its size, mtime or inode changed. One warm-up, then ${repeats} computations; the key must equal the cold one.`,
      details: [`warm: ${spread(w)}; files read per computation: ${warmReads}`],
    },
  ]
}

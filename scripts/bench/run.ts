// `npm run bench`: the benchmark suite. Measures every budget of BENCHMARKS.md on this machine in
// one run (ratios against `node -e 0` measured in the same run), prints the table and rewrites
// BENCHMARKS.md. `npm run bench -- --help` lists the flags (scale, repeats, --only).
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { cleanUp, REPO } from './copy.ts'
import { fanoutMake } from './fanout-make.ts'
import { fanoutSandbox } from './fanout-sandbox.ts'
import { inProcess } from './inprocess.ts'
import { keyBench } from './key.ts'
import { finish, machine } from './machine.ts'
import { memory } from './memory.ts'
import { noop } from './noop.ts'
import { parseOptions, scaleLine, USAGE, type Measure } from './options.ts'
import { nodeBaseline } from './proc.ts'
import { markdown, table, type Report, type Row } from './report.ts'
import { shardsBench } from './shards.ts'
import { paperSection } from './shards-paper.ts'
import { startup } from './startup.ts'
import { testSuite } from './test-suite.ts'
import { ms, summarize } from './stats.ts'
import { validate } from './validate.ts'

const argv = process.argv.slice(2)
const parsed = parseOptions(argv)
if ('help' in parsed) {
  console.log(USAGE)
  process.exit(0)
}
if ('error' in parsed) {
  console.error(`bench: ${parsed.error}\n${USAGE}`)
  process.exit(2)
}
const o = parsed
if (!o.keep) {
  // Temporary project copies go however the suite ends (Ctrl-C included).
  process.on('exit', cleanUp)
  process.on('SIGINT', () => process.exit(130))
}
const m = machine()
const startedAt = new Date()
console.log(`bench: ${scaleLine(o)}`)

const baseline = summarize(nodeBaseline(tmpdir(), o.startupRepeats))
console.log(`node -e 0: ${ms(baseline.median)} (median of ${baseline.n})`)
m.nodeStartMs = baseline.median

/** fanout-make and runner-cpu are two rows of one run, made once for either. */
let sideBySide: ReturnType<typeof fanoutMake> | undefined
const makeRun = () => (sideBySide ??= fanoutMake({ checkouts: o.checkouts, clusters: o.makeClusters, concurrency: o.makeConcurrency, latencyMs: o.makeLatencyMs, repeats: o.makeRepeats }))

/** Sections after the table: the shards estimate, the in-process fan-out. */
const sections: Report['sections'] = []

/** Each measure in turn; one that throws becomes a failed row, and the suite goes on. */
const MEASURES: [Measure, string, () => Promise<Row[]> | Row[]][] = [
  ['startup', 'tasks --help start-up', () => [startup(o.startupRepeats)]],
  ['noop', 'no-op cluster-update --offline', () => [noop(o.noopRepeats)]],
  ['validate', `validate --all, ${o.validateClusters} clusters`, () => validate(o.validateClusters, o.validateRepeats)],
  ['key', `cache key, ${o.keyFiles} files`, () => keyBench(o.keyFiles, o.keyRepeats)],
  ['fanout', `fan-out ${o.fanoutClusters} clusters through the simulators, and make`, () => fanoutSandbox(o.fanoutClusters, o.concurrency, o.latencyMs, o.fanoutRepeats)],
  ['fanout-make', `fan-out ${o.makeClusters} clusters vs make -j${o.makeConcurrency} replaying its calls`, () => makeRun().make],
  ['runner-cpu', 'runner CPU per tool call (the fan-out vs make run)', () => makeRun().cpu],
  ['shards', `${o.shardClusters} clusters on 1, 2 and 3 runner processes (--shard I/R)`, async () => {
    const { rows, paper } = await shardsBench(o.shardClusters, o.shardConcurrency, o.shardLatencyMs, o.shardRepeats)
    sections.push({ title: 'Past one machine: runners and shards', lines: paperSection(paper) })
    return rows
  }],
  ['memory', `peak RSS, dry run over ${o.memoryClusters} clusters`, () => [memory(o.memoryClusters, o.memoryRepeats)]],
  ['tests', 'npm test on a fresh clone', () => [testSuite()]],
]

const rows: Row[] = []
for (const [name, title, measure] of MEASURES) {
  if (!o.only.has(name)) continue
  console.log(`${title}…`)
  try {
    const got = await measure()
    for (const r of got) console.log(`  ${r.measure}: ${r.result} (${r.ratio}) ${r.verdict}`)
    rows.push(...got)
  } catch (error) {
    const message = (error as Error).message
    console.error(`  failed: ${message}`)
    rows.push({ measure: title, budget: '—', result: `error: ${message.split('\n')[0]}`, ratio: '—', verdict: 'fail', how: 'The measurement itself failed.', details: message.split('\n').slice(1, 8) })
  }
}

if (o.only.has('inprocess')) {
  console.log('in-process fan-out…')
  sections.push({ title: 'In-process fan-out (scheduling overhead without processes)', lines: await inProcess(o.quick) })
}

finish(m)
const report: Report = {
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  scale: scaleLine(o),
  quick: o.quick,
  machine: m,
  startedAt,
  durationMs: Date.now() - startedAt.getTime(),
  rows,
  sections,
}
console.log(`\n${table(rows).join('\n')}`)
if (o.write) {
  const out = resolve(REPO, o.out)
  writeFileSync(out, markdown(report))
  console.log(`\nwrote ${out}`)
}
if (o.keep) console.log('kept the project copies under', tmpdir())

// The suite's flags: which measures, at which scale, how many repeats, where the report goes.
// `--quick` is a small scale for development on a busy machine; the defaults are the budgets' scale.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { REPO } from './copy.ts'

export const MEASURES = ['startup', 'noop', 'validate', 'key', 'fanout', 'fanout-make', 'runner-cpu', 'shards', 'memory', 'tests', 'inprocess'] as const
export type Measure = (typeof MEASURES)[number]

export interface BenchOptions {
  only: ReadonlySet<Measure>
  quick: boolean
  startupRepeats: number
  noopRepeats: number
  validateClusters: number
  validateRepeats: number
  keyFiles: number
  keyRepeats: number
  fanoutClusters: number
  concurrency: number
  latencyMs: number
  fanoutRepeats: number
  memoryClusters: number
  memoryRepeats: number
  /** The fan-out against make replaying its calls (fanout-make, runner-cpu). */
  makeClusters: number
  makeConcurrency: number
  makeLatencyMs: number
  makeRepeats: number
  /** The same clusters split between 1, 2 and 3 runner processes with `--shard I/R` (shards.ts). */
  shardClusters: number
  shardConcurrency: number
  shardLatencyMs: number
  shardRepeats: number
  /** The tasks installations fanout-make and runner-cpu measure (default: this repository). */
  checkouts: string[]
  /** Write BENCHMARKS.md (false: print the table only). */
  write: boolean
  out: string
  /** Keep the temporary project copies (their paths are printed). */
  keep: boolean
}

const FULL: Omit<BenchOptions, 'only' | 'quick' | 'write' | 'out' | 'keep' | 'checkouts'> = {
  startupRepeats: 15, noopRepeats: 15, validateClusters: 100, validateRepeats: 10, keyFiles: 2000, keyRepeats: 15,
  fanoutClusters: 40, concurrency: 8, latencyMs: 200, fanoutRepeats: 3, memoryClusters: 200, memoryRepeats: 3,
  makeClusters: 12, makeConcurrency: 4, makeLatencyMs: 300, makeRepeats: 3,
  shardClusters: 12, shardConcurrency: 4, shardLatencyMs: 200, shardRepeats: 2,
}

const QUICK: typeof FULL = {
  startupRepeats: 5, noopRepeats: 5, validateClusters: 100, validateRepeats: 3, keyFiles: 2000, keyRepeats: 5,
  fanoutClusters: 4, concurrency: 2, latencyMs: 200, fanoutRepeats: 1, memoryClusters: 200, memoryRepeats: 1,
  makeClusters: 12, makeConcurrency: 4, makeLatencyMs: 300, makeRepeats: 1,
  shardClusters: 6, shardConcurrency: 2, shardLatencyMs: 200, shardRepeats: 1,
}

/** Flag name → the numeric option it sets. */
const NUMBERS: Record<string, keyof typeof FULL> = {
  'startup-repeats': 'startupRepeats', 'noop-repeats': 'noopRepeats', 'validate-clusters': 'validateClusters',
  'validate-repeats': 'validateRepeats', 'key-files': 'keyFiles', 'key-repeats': 'keyRepeats', clusters: 'fanoutClusters',
  concurrency: 'concurrency', latency: 'latencyMs', 'fanout-repeats': 'fanoutRepeats', 'memory-clusters': 'memoryClusters',
  'memory-repeats': 'memoryRepeats', 'make-clusters': 'makeClusters', 'make-concurrency': 'makeConcurrency',
  'make-latency': 'makeLatencyMs', 'make-repeats': 'makeRepeats', 'shard-clusters': 'shardClusters',
  'shard-concurrency': 'shardConcurrency', 'shard-latency': 'shardLatencyMs', 'shard-repeats': 'shardRepeats',
}

export const USAGE = `npm run bench -- [--quick] [--only=${MEASURES.join(',')}] [--repeats=N]
  [--clusters=N] [--concurrency=N] [--latency=MS] [--fanout-repeats=N]
  [--validate-clusters=N] [--memory-clusters=N] [--key-files=N] [--<measure>-repeats=N]
  [--make-clusters=N] [--make-concurrency=N] [--make-latency=MS] [--make-repeats=N] [--checkout=DIR[,DIR…]]
  [--shard-clusters=N] [--shard-concurrency=N] [--shard-latency=MS] [--shard-repeats=N]
  [--no-write] [--out=FILE] [--keep]
--quick: small scale (fan-out ${QUICK.fanoutClusters} clusters at concurrency ${QUICK.concurrency}, ${QUICK.startupRepeats} repeats; shards ${QUICK.shardClusters} clusters at concurrency ${QUICK.shardConcurrency})
--shard-*: shards runs the same clusters on 1, 2 and 3 runner processes (\`--shard I/R\`), each in its own project copy
--repeats=N: every process measure's repeat count (fan-out excepted)
--checkout=DIR,…: the tasks checkouts fanout-make and runner-cpu measure, side by side (default: this one; \`.\` is this one)
--no-write: print the table, leave BENCHMARKS.md alone`

export function parseOptions(argv: readonly string[]): BenchOptions | { help: true } | { error: string } {
  const flags = new Map<string, string>()
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!m) return { error: `unexpected argument "${arg}"` }
    flags.set(m[1], m[2] ?? '')
  }
  if (flags.has('help')) return { help: true }
  const quick = flags.has('quick')
  const o: BenchOptions = { ...(quick ? QUICK : FULL), only: new Set(MEASURES), quick, write: !flags.has('no-write'), out: flags.get('out') || 'BENCHMARKS.md', keep: flags.has('keep'), checkouts: [REPO] }
  flags.delete('quick')
  flags.delete('no-write')
  flags.delete('out')
  flags.delete('keep')
  const checkouts = flags.get('checkout')
  if (checkouts !== undefined) {
    o.checkouts = checkouts.split(',').filter(Boolean).map((dir) => resolve(dir) === resolve(REPO) ? REPO : resolve(dir))
    const missing = o.checkouts.filter((dir) => !existsSync(join(dir, 'scripts', 'bin', 'tasks.mjs')))
    if (!o.checkouts.length || missing.length) return { error: `--checkout takes tasks checkouts (with scripts/bin/tasks.mjs); got "${checkouts}"` }
    flags.delete('checkout')
  }
  const only = flags.get('only')
  if (only !== undefined) {
    const names = only.split(',').filter(Boolean)
    const unknown = names.filter((n) => !(MEASURES as readonly string[]).includes(n))
    if (unknown.length || !names.length) return { error: `--only takes ${MEASURES.join(', ')}; got "${only}"` }
    o.only = new Set(names as Measure[])
    flags.delete('only')
  }
  const repeats = flags.get('repeats')
  if (repeats !== undefined) {
    const n = Number(repeats)
    if (!Number.isInteger(n) || n < 1) return { error: `--repeats takes a positive integer; got "${repeats}"` }
    Object.assign(o, { startupRepeats: n, noopRepeats: n, validateRepeats: n, keyRepeats: n, memoryRepeats: n })
    flags.delete('repeats')
  }
  for (const [name, value] of flags) {
    const key = NUMBERS[name]
    if (!key) return { error: `unknown flag --${name}` }
    const n = Number(value)
    if (!Number.isInteger(n) || n < (key === 'latencyMs' || key === 'shardLatencyMs' ? 0 : 1)) return { error: `--${name} takes a positive integer; got "${value}"` }
    o[key] = n
  }
  return o
}

/** One line saying which scale ran, for the report. */
export function scaleLine(o: BenchOptions): string {
  return [
    o.quick ? 'quick (`--quick`)' : 'full',
    `start-up ×${o.startupRepeats}`, `no-op ×${o.noopRepeats}`, `validate ${o.validateClusters} clusters ×${o.validateRepeats}`,
    `key ${o.keyFiles} files ×${o.keyRepeats}`,
    `fan-out ${o.fanoutClusters} clusters, concurrency ${o.concurrency}, latency ${o.latencyMs} ms, ×${o.fanoutRepeats}`,
    `memory ${o.memoryClusters} clusters ×${o.memoryRepeats}`,
    `fan-out vs make ${o.makeClusters} clusters, concurrency ${o.makeConcurrency}, latency ${o.makeLatencyMs} ms, ×${o.makeRepeats}`,
    `shards ${o.shardClusters} clusters on 1–3 runners, concurrency ${o.shardConcurrency}, latency ${o.shardLatencyMs} ms, ×${o.shardRepeats}`,
  ].join('; ')
}

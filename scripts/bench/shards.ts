// Runner scaling past one process: the same N demo clones split between R runner processes with
// `cluster-update --all --shard I/R`, started at once, each in its own fresh project copy and
// simulator state (as CI runners each start from a fresh checkout), every tool call delayed by the
// sandbox's latency injection. Wall time runs from the first spawn to the last exit.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fleet, projectCopy, sandboxDir } from './copy.ts'
import { chainSpan, prime } from './fanout-sandbox.ts'
import { childEnv, childrenCpuMs, NODE, tail, TASKS_BIN } from './proc.ts'
import { verdict, type Row } from './report.ts'
import type { ShardMeasured } from './shards-paper.ts'
import { ms, summarize } from './stats.ts'

/** Two runners must finish at least this many times sooner than one. */
export const SHARD_BUDGET = 1.5
/** The runner counts measured: 3 is one more process than this machine's usual 2 CPUs. */
export const RUNNERS = [1, 2, 3] as const

/** The measured command's arguments for shard `i` of `r`. */
const shardArgs = (i: number, r: number, c: number): string[] => ['cluster-update', '--all', '--shard', `${i}/${r}`, '--yes', '--concurrency', String(c), '--json']

interface Runner {
  root: string
  code: number | null
  /** Spawn and exit, on the wall clock (epoch ms), and exit relative to the first spawn (performance ms). */
  spawnedAt: number
  exitMs: number
  stdout: string
  stderr: string
  /** CPU time (user + system) of the runner and every process it started, from bash's `times`. */
  cpuMs: number
}

/** Starts one runner through bash (for `times`, as proc.ts runCpu does); resolves at its exit. */
function start(root: string, args: readonly string[], env: Record<string, string>, t0: number): Promise<Runner> {
  const spawnedAt = Date.now()
  const child = spawn('bash', ['-c', 'LC_ALL=C; "$@"; s=$?; times >&2; exit $s', 'bash', NODE, TASKS_BIN, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', (code) => {
      const exitMs = performance.now() - t0
      const times = /\d+m[\d.]+s \d+m[\d.]+s\n\d+m[\d.]+s \d+m[\d.]+s\n$/.exec(stderr)
      if (!times) return fail(new Error(`runner in ${root}: no output of times at the end of stderr: ${tail(stderr, 3)}`))
      done({ root, code, spawnedAt, exitMs, stdout, stderr: stderr.slice(0, times.index), cpuMs: childrenCpuMs(times[0]) })
    })
  })
}

/** The clusters a runner's --json document says it ran; any cluster that did not end ok is an error. */
function ranClusters(r: Runner): string[] {
  // A shard that owns no cluster prints a document without clusters (and exits 0).
  const doc = JSON.parse(r.stdout) as { clusters?: { name: string; status: string }[] }
  const clusters = doc.clusters ?? []
  const bad = clusters.filter((c) => c.status !== 'ok')
  if (bad.length) throw new Error(`runner in ${r.root}: ${bad.map((c) => `${c.name} ${c.status}`).join(', ')}\n${tail(r.stderr)}`)
  return clusters.map((c) => c.name)
}

interface ShardRun {
  wallMs: number
  /** Clusters each runner ran, in shard order. */
  sizes: number[]
  /** Median chain span of the run's clusters; and spawn → first stage start, median over runners. */
  chainMs: number
  startupMs: number
  cpuMs: number
}

/** R runners over N clusters at once; every runner must exit 0 and together run each cluster exactly once. */
async function shardRun(n: number, c: number, latencyMs: number, r: number): Promise<ShardRun> {
  const copies = Array.from({ length: r }, (_, i) => {
    const root = projectCopy(`shards-${r}-${i + 1}`)
    return { root, names: fleet(root, n, 'c') }
  })
  for (const { root } of copies) prime(root)
  const t0 = performance.now()
  const runners = await Promise.all(copies.map(({ root }, i) =>
    start(root, shardArgs(i + 1, r, c), childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root), TASKS_SANDBOX_LATENCY_MS: String(latencyMs) }), t0)))
  const wallMs = Math.max(...runners.map((x) => x.exitMs))
  for (const x of runners) if (x.code !== 0) throw new Error(`shard runner in ${x.root} exited ${x.code}:\n${tail(x.stderr || x.stdout)}`)
  const ran = runners.map(ranClusters)
  const all = ran.flat().sort()
  const expected = copies[0].names
  if (all.length !== expected.length || all.some((name, i) => name !== expected[i])) {
    throw new Error(`${r} shards did not cover each of the ${n} clusters exactly once: ran ${ran.map((names) => `[${names.join(' ')}]`).join(' ')}`)
  }
  const spans = runners.flatMap((x, i) => ran[i].map((name) => chainSpan(x.root, name)))
  const startups = runners.map((x, i) => Math.min(...ran[i].map((name) => chainSpan(x.root, name).start)) - x.spawnedAt)
  return {
    wallMs,
    sizes: ran.map((names) => names.length),
    chainMs: summarize(spans.map((s) => s.end - s.start)).median,
    startupMs: summarize(startups.filter(Number.isFinite)).median,
    cpuMs: runners.reduce((sum, x) => sum + x.cpuMs, 0),
  }
}

/** One clone alone, untimed warm-up of the simulators' parse cache, and the chain it takes without company. */
async function alone(c: number, latencyMs: number): Promise<number> {
  return (await shardRun(1, c, latencyMs, 1)).chainMs
}

export async function shardsBench(n: number, c: number, latencyMs: number, repeats: number): Promise<{ rows: Row[]; paper: ShardMeasured }> {
  const runs: Map<number, ShardRun>[] = []
  const solo: number[] = []
  for (let k = 0; k < repeats; k++) {
    solo.push(await alone(c, latencyMs))
    const byR = new Map<number, ShardRun>()
    for (const r of RUNNERS) byR.set(r, await shardRun(n, c, latencyMs, r))
    runs.push(byR)
    console.log(`  repeat ${k + 1}/${repeats}: ${RUNNERS.map((r) => `${r} runner${r > 1 ? 's' : ''} ${ms(byR.get(r)!.wallMs)}`).join(', ')}`)
  }
  const med = (f: (run: Map<number, ShardRun>) => number) => summarize(runs.map(f)).median
  const wall = (r: number) => (run: Map<number, ShardRun>) => run.get(r)!.wallMs
  const cores = availableParallelism()
  const waves = Math.ceil(n / c)
  // From the 1-runner run: T the median chain as it ran there, S what the wall time leaves beside ⌈N/C⌉ waves of T.
  const chain1 = med((run) => run.get(1)!.chainMs)
  const derivedS = med((run) => run.get(1)!.wallMs - waves * run.get(1)!.chainMs)
  const repeatsNote = `${repeats} repeat${repeats > 1 ? 's' : ''}, each in fresh project copies and simulator state, the runner counts in turn; medians over repeats, speed-ups the median of each repeat's ratio`
  const how = `R project copies, each holding the same ${n} clones of the demo cluster (sandbox: true) and its own simulator state, as CI runners each start from a fresh checkout; each copy primed as an installed tasks would be (tool version probes, \`tasks help\`). Then R runners started at once, runner I running \`node scripts/bin/tasks.mjs ${shardArgs(1, 1, c).join(' ').replace('1/1', 'I/R')}\` in copy I with TASKS_SANDBOX_LATENCY_MS=${latencyMs}; wall time from the first spawn to the last exit. Every runner must exit 0, and their --json documents together must name each cluster exactly once, ok. This machine has ${cores} CPUs, so with 3 runners the third process competes for CPU with the other two (the point of measuring 3): beyond the CPUs, more runners only help while the chains wait on latency rather than on CPU. ${repeatsNote}.`
  const speedUps = new Map(RUNNERS.map((r) => [r, med((run) => run.get(1)!.wallMs / run.get(r)!.wallMs)]))
  const paper: ShardMeasured = {
    clusters: n, concurrency: c, cores, chainMs: chain1, startupMs: derivedS,
    wallMs: new Map(RUNNERS.map((r) => [r, summarize(runs.map(wall(r))).median])), speedUp: speedUps,
    sizes: new Map(RUNNERS.map((r) => [r, runs[0].get(r)!.sizes.join(' + ')])),
  }
  const rows = RUNNERS.map((r): Row => {
    const speedUp = speedUps.get(r)!
    const s = summarize(runs.map(wall(r)))
    const details = [
      `wall: ${runs.map((run) => ms(run.get(r)!.wallMs)).join(', ')}; clusters per runner: ${runs[0].get(r)!.sizes.join(' + ')}; median chain span in this run ${ms(med((run) => run.get(r)!.chainMs))}; spawn → first stage start ${ms(med((run) => run.get(r)!.startupMs))} (median over runners)`,
      `CPU of every runner and its tools: ${ms(med((run) => run.get(r)!.cpuMs))}, so at least ${ms(med((run) => run.get(r)!.cpuMs) / cores)} of wall on ${cores} CPUs whoever runs it`,
    ]
    if (r === 1) {
      details.push(`chain time T: ${ms(chain1)} (median cluster in the 1-runner run; one clone alone: ${ms(summarize(solo).median)}); start-up S = wall − ⌈${n}/${c}⌉ × T = ${ms(s.median)} − ${waves} × ${ms(chain1)} ≈ ${ms(derivedS)} (process start, planning, version probes, and the waves not packing perfectly)`)
    }
    return {
      measure: `${n} clusters on ${r} runner process${r > 1 ? 'es' : ''} (\`--shard I/${r}\`), concurrency ${c}, latency ${latencyMs} ms`,
      budget: r === 2 ? `≥ ${SHARD_BUDGET}× faster than 1 runner` : '—',
      result: `${ms(s.median)} wall`,
      ratio: r === 1 ? '1.00× (the reference)' : `${speedUp.toFixed(2)}× faster, efficiency ${((speedUp / r) * 100).toFixed(0)}%`,
      verdict: r === 2 ? verdict(speedUp >= SHARD_BUDGET) : 'n/a',
      how,
      details,
    }
  })
  return { rows, paper }
}

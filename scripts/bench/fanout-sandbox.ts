// Fan-out through the simulators: N demo clones × the cluster-update chain, every tool call
// delayed by the sandbox's latency injection, `--concurrency C`; against the ideal schedule, against
// the same calls replayed with no runner (replay.ts), and against `make -jC` running the seed's
// command sequence (make.ts), cold and warm.
import { availableParallelism } from 'node:os'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fleet, projectCopy, sandboxDir } from './copy.ts'
import { makeProject, runMake } from './make.ts'
import { childEnv, NODE, run, runCpu, SANDBOX_BIN, tail, TASKS_BIN, tasks } from './proc.ts'
import { replay } from './replay.ts'
import { verdict, type Row } from './report.ts'
import { ms, summarize } from './stats.ts'

export const FANOUT_BUDGET = 1.15
/** "Far faster": a warm tasks run takes at most this fraction of make's. */
export const FAR_FASTER = 0.2

/** A cluster's chain in a run, from its cache records: first stage start to last stage end. */
export function chainSpan(root: string, cluster: string): { start: number; end: number } {
  const dir = join(root, '.tasks', 'cache', cluster)
  let start = Infinity
  let end = -Infinity
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { finishedAt: string; durationMs: number }
    const finished = Date.parse(r.finishedAt)
    start = Math.min(start, finished - r.durationMs)
    end = Math.max(end, finished)
  }
  if (!Number.isFinite(start)) throw new Error(`no cache records for ${cluster}`)
  return { start, end }
}

/** Makespan of chains of the given lengths on `slots` slots, each chain to the first free slot, in order. */
export function listSchedule(lengths: readonly number[], slots: number): number {
  const free = new Array<number>(slots).fill(0)
  for (const len of lengths) {
    const i = free.indexOf(Math.min(...free))
    free[i] += len
  }
  return Math.max(...free)
}

interface Repeat {
  /** One cluster alone: its chain span, and the rest of its process's wall time (start-up, probes). */
  chainMs: number
  overheadMs: number
  idealMs: number
  coldMs: number
  warmMs: number
  inRunMs: number
  /** CPU time of the cold run: tasks and every tool process. */
  coldCpuMs: number
  /** The cold run's tool calls replayed with no runner: wall and CPU time. */
  replayMs: number
  replayCpuMs: number
  calls: number
  makeColdMs: number
  makeWarmMs: number
}

/**
 * Builds what a first run after installing would build, so that cold means cold caches and
 * simulator state, not a fresh install: the CLI's and the simulators' compiled entries (shared),
 * and this copy's compiled graph (`tasks help` loads it).
 */
export function prime(root: string): void {
  for (const [tool, args] of [['terraform', ['version']], ['kops', ['version', '--short']]] as const) {
    const r = run(join(SANDBOX_BIN, tool), args, { cwd: root, env: childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root) }) })
    if (r.code !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${r.code}:\n${tail(r.stderr)}`)
  }
  const help = tasks(root, ['help'], childEnv())
  if (help.code !== 0) throw new Error(`tasks help exited ${help.code}:\n${tail(help.stderr)}`)
}

function cold(root: string, args: string[], env: Record<string, string>, what: string): number {
  const r = tasks(root, args, env)
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${tail(r.stderr || r.stdout)}`)
  return r.ms
}

/** The measured command's arguments. */
const fanoutArgs = (c: number): string[] => ['cluster-update', '--all', '--yes', '--concurrency', String(c)]

function once(n: number, c: number, latencyMs: number): Repeat {
  const args = fanoutArgs(c)
  // The same chain on one cluster, alone.
  const solo = projectCopy('fanout-solo')
  const [one] = fleet(solo, 1, 's')
  prime(solo)
  const soloMs = cold(solo, args, childEnv({ TASKS_SANDBOX_DIR: sandboxDir(solo), TASKS_SANDBOX_LATENCY_MS: String(latencyMs) }), 'the one-cluster run')
  const span = chainSpan(solo, one)
  const chainMs = span.end - span.start
  const overheadMs = soloMs - chainMs
  // The fleet: cold, then warm with nothing changed.
  const root = projectCopy('fanout')
  const names = fleet(root, n, 'c')
  prime(root)
  const env = childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root), TASKS_SANDBOX_LATENCY_MS: String(latencyMs) })
  const callLog = join(root, 'calls.jsonl')
  const coldRun = runCpu(NODE, [TASKS_BIN, ...args], { cwd: root, env: { ...env, TASKS_SANDBOX_CALL_LOG: callLog } })
  if (coldRun.code !== 0) throw new Error(`the cold fan-out exited ${coldRun.code}:\n${tail(coldRun.stderr || coldRun.stdout)}`)
  const spans = names.map((name) => chainSpan(root, name)).sort((a, b) => a.start - b.start)
  const inRunMs = overheadMs + listSchedule(spans.map((s) => s.end - s.start), c)
  const warmMs = cold(root, args, env, 'the warm fan-out')
  // The cold run's calls again, with no runner, once the copy's tool state is back to cold.
  const again = replay(root, callLog, c)
  // make -jC over the seed's sequence, in its own copy and simulator state.
  const mk = makeProject(n)
  prime(mk.root)
  const makeColdMs = runMake(mk, c, latencyMs).ms
  const makeWarmMs = runMake(mk, c, latencyMs).ms
  const idealMs = overheadMs + Math.ceil(n / c) * chainMs
  return { chainMs, overheadMs, idealMs, coldMs: coldRun.ms, warmMs, inRunMs, coldCpuMs: coldRun.cpuMs, replayMs: again.ms, replayCpuMs: again.cpuMs, calls: again.calls, makeColdMs, makeWarmMs }
}

export function fanoutSandbox(n: number, c: number, latencyMs: number, repeats: number): Row[] {
  const runs: Repeat[] = []
  for (let i = 0; i < repeats; i++) {
    runs.push(once(n, c, latencyMs))
    const r = runs[runs.length - 1]
    console.log(`  repeat ${i + 1}/${repeats}: tasks cold ${ms(r.coldMs)} (ideal ${ms(r.idealMs)}, replay ${ms(r.replayMs)}; CPU ${ms(r.coldCpuMs)}, replay's ${ms(r.replayCpuMs)}), warm ${ms(r.warmMs)}; make cold ${ms(r.makeColdMs)}, warm ${ms(r.makeWarmMs)}`)
  }
  const med = (f: (r: Repeat) => number) => summarize(runs.map(f)).median
  const range = (f: (r: Repeat) => number) => {
    const s = summarize(runs.map(f))
    return runs.length > 1 ? ` (min ${ms(s.min)}, max ${ms(s.max)})` : ''
  }
  const idealRatio = med((r) => r.coldMs / r.idealMs)
  const replayRatio = med((r) => r.coldMs / r.replayMs)
  const coldRatio = med((r) => r.coldMs / r.makeColdMs)
  const warmRatio = med((r) => r.warmMs / r.makeWarmMs)
  const cores = availableParallelism()
  // The least wall time the tools' own CPU time allows on this machine's cores, whoever runs them.
  const floor = (r: Repeat) => r.replayCpuMs / cores
  const scale = `${n} clusters × cluster-update, latency ${latencyMs} ms, concurrency ${c}`
  const repeatsNote = `${repeats} repeat${repeats > 1 ? 's' : ''}, each in fresh project copies and simulator state; medians over repeats`
  const ideal = `ideal = S + ⌈N/C⌉ × T: T is the chain span of the same cluster-update on one clone run alone (first stage start to last stage end, from its cache records), S the rest of that lone run's wall time (tasks start-up, tool version probes). The ideal is thus perfectly packed waves of C chains, each as fast as alone, plus one start-up. Before each cold run the copy is primed as an installed tasks would be (compiled CLI, simulators and graph built; \`tasks help\`), so cold means empty caches and simulator state (the simulators' parse cache, a function of file contents shared by every sandbox of the repository, is warm from the lone run)`
  const cold = `\`node scripts/bin/tasks.mjs ${fanoutArgs(c).join(' ')}\` with TASKS_SANDBOX_LATENCY_MS=${latencyMs}, first (cold) run, wall time from spawn to exit`
  return [
    {
      measure: `fan-out, ${scale}`,
      budget: `wall ≤ ${FANOUT_BUDGET} × ideal`,
      result: `${ms(med((r) => r.coldMs))} (ideal ${ms(med((r) => r.idealMs))})`,
      ratio: `${idealRatio.toFixed(2)}× ideal`,
      verdict: verdict(idealRatio <= FANOUT_BUDGET),
      how: `A project copy with ${n} clones of the demo cluster (sandbox: true); ${cold}. ${ideal}. ${repeatsNote}.`,
      details: [
        `T (one chain alone): ${ms(med((r) => r.chainMs))}${range((r) => r.chainMs)}; S: ${ms(med((r) => r.overheadMs))}; wall: ${ms(med((r) => r.coldMs))}${range((r) => r.coldMs)}`,
        `CPU: the ${med((r) => r.calls)} tool processes alone use ${ms(med((r) => r.replayCpuMs))} of CPU (measured in the replay below), so on this machine's ${cores} cores they need at least ${ms(med(floor))} of wall time, ${med((r) => floor(r) / r.idealMs).toFixed(2)}× the ideal, whoever runs them; the whole tasks run used ${ms(med((r) => r.coldCpuMs))} (tasks itself about ${ms(med((r) => r.coldCpuMs - r.replayCpuMs))}: the median of each repeat's difference, as the tools' CPU time varies by some seconds from run to run)`,
        `in-run list schedule (S + each cluster's chain span as it ran in the fan-out, packed greedily on C slots): ${ms(med((r) => r.inRunMs))}, wall/that ${med((r) => r.coldMs / r.inRunMs).toFixed(2)}× — what scheduling adds once the chains' own slow-down from ${c} concurrent tool processes on this machine's CPUs is taken out`,
      ],
    },
    {
      measure: `fan-out vs the same tool calls with no runner, ${n} clusters`,
      budget: `wall ≤ ${FANOUT_BUDGET} × the replay`,
      result: `tasks ${ms(med((r) => r.coldMs))}, replay ${ms(med((r) => r.replayMs))}`,
      ratio: `${replayRatio.toFixed(2)}× replay`,
      verdict: verdict(replayRatio <= FANOUT_BUDGET),
      how: `The ideal schedule as this machine can run it: every tool call of the cold run (the simulators' call log, TASKS_SANDBOX_CALL_LOG: arguments, directory, environment), replayed by scripts/bench/replay.ts with no runner — the version probes, then one \`sh\` script per cluster with its calls in order, \`xargs -P ${c}\` running ${c} at a time — in the same copy once its simulator state, \`terraform init\` directories and kOps output are removed. What tasks adds over that is its own work: start-up, planning, hashing, logs, records, rendering, and starting ${c} processes at a time from a larger process. ${repeatsNote}.`,
      details: [`tasks cold ${ms(med((r) => r.coldMs))}${range((r) => r.coldMs)}; replay ${ms(med((r) => r.replayMs))}${range((r) => r.replayMs)}, ${med((r) => r.calls)} calls`],
    },
    {
      measure: `fan-out cold vs \`make -j${c}\`, ${n} clusters`,
      budget: 'faster than make',
      result: `tasks ${ms(med((r) => r.coldMs))}, make ${ms(med((r) => r.makeColdMs))}`,
      ratio: `${coldRatio.toFixed(2)}× make`,
      verdict: verdict(coldRatio < 1),
      how: `\`make -j${c}\` of a generated Makefile (scripts/bench/make.ts) running, per cluster, the seed's \`make cluster-update\` sequence with the same arguments and environment tasks gives its calls: \`terraform init\` (a file target, made once), \`terraform output -json > outputs.json\`, \`tasks render-template\` (this project's \`kops toolbox template\`, a process per cluster), \`kops replace -f\` and \`kops create sshpublickey\` (name and state store read with jq, as the seed's scripts do), \`kops update cluster --target terraform\`; same simulators, same latency, its own project copy and simulator state. Cold: the first run of each. ${repeatsNote}.`,
      details: [`tasks cold ${ms(med((r) => r.coldMs))}${range((r) => r.coldMs)}; make cold ${ms(med((r) => r.makeColdMs))}${range((r) => r.makeColdMs)}`],
    },
    {
      measure: `fan-out warm vs \`make -j${c}\`, ${n} clusters`,
      budget: `far faster than make (≤ ${FAR_FASTER}×)`,
      result: `tasks ${ms(med((r) => r.warmMs))}, make ${ms(med((r) => r.makeWarmMs))}`,
      ratio: `${warmRatio.toFixed(2)}× make`,
      verdict: verdict(warmRatio <= FAR_FASTER),
      how: `The second run of each, nothing changed. make reruns every phony step, as the seed's scripts do; tasks reads the outputs again (a read stage runs online) and skips every stage whose key is unchanged. ${repeatsNote}.`,
      details: [`tasks warm ${ms(med((r) => r.warmMs))}${range((r) => r.warmMs)}; make warm ${ms(med((r) => r.makeWarmMs))}${range((r) => r.makeWarmMs)}`],
    },
  ]
}

// Spawning real processes for the process benchmarks: a clean environment (no npm_* variables,
// no NODE_OPTIONS from the runner), wall time around each spawn, warm-up then N timed repeats.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { REPO } from './copy.ts'

export const NODE = process.execPath
/** The bin a user runs (`node scripts/bin/tasks.mjs`, no npx), relative to a project copy. */
export const TASKS_BIN = 'scripts/bin/tasks.mjs'
/** The simulators' bin directory (what `sandbox: true` puts first on PATH). */
export const SANDBOX_BIN = sandboxBin(REPO)

/** A checkout's simulators: sandbox/bin, or scripts/sandbox/bin before the sandbox became its own package. */
export function sandboxBin(checkout: string): string {
  const own = join(checkout, 'sandbox', 'bin')
  return existsSync(own) ? own : join(checkout, 'scripts', 'sandbox', 'bin')
}

export interface Ran {
  code: number | null
  ms: number
  stdout: string
  stderr: string
}

/** The environment of a measured child: this one's, minus what npm and tsx put in it, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('npm_') || k === 'NODE_OPTIONS' || k === 'UV_THREADPOOL_SIZE' || k === 'NODE') continue
    env[k] = v
  }
  return { ...env, ...extra }
}

export interface RunOptions {
  cwd: string
  env?: Record<string, string>
  timeoutMs?: number
}

/** Runs a command to completion and times it (spawn to exit, as a shell's `time` would). */
export function run(cmd: string, args: readonly string[], o: RunOptions): Ran {
  const start = performance.now()
  const r = spawnSync(cmd, args, {
    cwd: o.cwd,
    env: o.env ?? childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    timeout: o.timeoutMs ?? 30 * 60_000,
    encoding: 'utf8',
  })
  const ms = performance.now() - start
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`)
  return { code: r.status, ms, stdout: r.stdout, stderr: r.stderr }
}

/**
 * `run`, through bash so that its `times` reports the CPU time (user + system) of the command and
 * every process it started; the figure is taken off the end of stderr.
 */
export function runCpu(cmd: string, args: readonly string[], o: RunOptions): Ran & { cpuMs: number } {
  // LC_ALL=C: `times` prints the locale's decimal point. Its two lines end stderr, even when the
  // command's own last line has no newline.
  const r = run('bash', ['-c', 'LC_ALL=C; "$@"; s=$?; times >&2; exit $s', 'bash', cmd, ...args], o)
  const times = /\d+m[\d.]+s \d+m[\d.]+s\n\d+m[\d.]+s \d+m[\d.]+s\n$/.exec(r.stderr)
  if (!times) throw new Error(`no output of times at the end of stderr: ${tail(r.stderr, 3)}`)
  return { ...r, stderr: r.stderr.slice(0, times.index), cpuMs: childrenCpuMs(times[0]) }
}

/** User + system time of a shell's children, from the second line of bash's `times` (`0m1.250s 0m0.310s`). */
export function childrenCpuMs(timesOutput: string): number {
  const lines = timesOutput.trim().split('\n')
  const children = lines[lines.length - 1].match(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/)
  if (!children) throw new Error(`unexpected output of times: ${tail(timesOutput, 2)}`)
  const [, um, us, sm, ss] = children
  return (Number(um) * 60 + Number(us) + Number(sm) * 60 + Number(ss)) * 1000
}

/** `node scripts/bin/tasks.mjs ARGS` in a project copy. */
export const tasks = (root: string, args: readonly string[], env?: Record<string, string>, timeoutMs?: number): Ran =>
  run(NODE, [TASKS_BIN, ...args], { cwd: root, env, timeoutMs })

/** Runs `once` `warmup` times untimed, then `n` times; every run must exit 0 unless `allowFail`. */
export function repeat(n: number, warmup: number, once: () => Ran, allowFail = false): { samples: number[]; last: Ran } {
  let last: Ran | undefined
  for (let i = 0; i < warmup; i++) check((last = once()), allowFail)
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    last = check(once(), allowFail)
    samples.push(last.ms)
  }
  return { samples, last: last! }
}

function check(r: Ran, allowFail: boolean): Ran {
  if (r.code !== 0 && !allowFail) throw new Error(`exit ${r.code}\n${tail(r.stderr || r.stdout)}`)
  return r
}

/** The last lines of a command's output, for error messages. */
export const tail = (text: string, lines = 12): string => text.trimEnd().split('\n').slice(-lines).join('\n')

/** The `node -e 0` baseline: a process start with nothing to do. */
export const nodeNothing = (cwd: string): Ran => run(NODE, ['-e', '0'], { cwd, env: childEnv() })

export function nodeBaseline(cwd: string, n: number): number[] {
  return repeat(n, 1, () => nodeNothing(cwd)).samples
}

/**
 * `repeat`, each run paired with a `node -e 0` just before it, so that a measure and its baseline
 * see the same load on a shared machine; returns both series.
 */
export function paired(n: number, warmup: number, cwd: string, once: () => Ran): { samples: number[]; baseline: number[]; last: Ran } {
  let last: Ran | undefined
  for (let i = 0; i < warmup; i++) {
    nodeNothing(cwd)
    last = check(once(), false)
  }
  const samples: number[] = []
  const baseline: number[] = []
  for (let i = 0; i < n; i++) {
    baseline.push(nodeNothing(cwd).ms)
    last = check(once(), false)
    samples.push(last.ms)
  }
  return { samples, baseline, last: last! }
}

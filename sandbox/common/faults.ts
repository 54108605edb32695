// Fault and latency injection for the simulators, through environment variables (documented in
// sandbox/README.md), so tests and benchmarks can make any call fail, slow down or hang.
//
//   TASKS_SANDBOX_FAIL="terraform plan@prod=1:Error: boom;kops update"   fail matching calls
//   TASKS_SANDBOX_LATENCY_MS=250                                         add 250 ms to every call
//   TASKS_SANDBOX_HANG="kops rolling-update@demo"                         never return (until killed)
//   TASKS_SANDBOX_CALL_TIMES=FILE                                        record when each call ran
//
// A rule is `TOOL [SUBCOMMAND...][@CLUSTER][=EXIT[:STDERR]]`: SUBCOMMAND words must all appear, in
// order, among the call's non-flag arguments; CLUSTER matches the TASKS_CLUSTER variable the runner
// sets on every call, or kOps's --name up to its first dot. EXIT defaults to 1; STDERR defaults to
// `Error: injected failure (TOOL SUBCOMMAND)`. `\n` in STDERR is a newline.

import { callClock, logCall, logCallTime } from './call-log.ts'

export interface Fault {
  exitCode: number
  stderr: string
}

interface Rule {
  tool: string
  words: string[]
  cluster?: string
  exitCode: number
  stderr?: string
}

export function parseRules(spec: string | undefined): Rule[] {
  if (!spec) return []
  return spec.split(';').map((s) => s.trim()).filter(Boolean).map((text) => {
    const eq = text.indexOf('=')
    const target = eq >= 0 ? text.slice(0, eq) : text
    const result = eq >= 0 ? text.slice(eq + 1) : ''
    const [head, cluster] = target.split('@')
    const [tool, ...words] = head.trim().split(/\s+/)
    const colon = result.indexOf(':')
    const code = colon >= 0 ? result.slice(0, colon) : result
    const stderr = colon >= 0 ? result.slice(colon + 1).replaceAll('\\n', '\n') : undefined
    return { tool, words, cluster: cluster?.trim() || undefined, exitCode: code ? Number(code) : 1, stderr }
  })
}

/** The cluster a call is for: TASKS_CLUSTER, else kOps's --name up to its first dot. */
export function callCluster(argv: readonly string[], env: Record<string, string | undefined>): string | undefined {
  if (env.TASKS_CLUSTER) return env.TASKS_CLUSTER
  const i = argv.findIndex((a) => a === '--name' || a.startsWith('--name='))
  if (i < 0) return undefined
  const name = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1]
  return name?.split('.')[0]
}

function matches(rule: Rule, tool: string, argv: readonly string[], env: Record<string, string | undefined>): boolean {
  if (rule.tool !== tool) return false
  if (rule.cluster !== undefined) {
    const cluster = callCluster(argv, env)
    if (cluster !== rule.cluster && env.TASKS_CLUSTER !== rule.cluster) return false
  }
  const words = argv.filter((a) => !a.startsWith('-'))
  let at = 0
  for (const w of rule.words) {
    at = words.indexOf(w, at)
    if (at < 0) return false
    at++
  }
  return true
}

/** The injected failure for this call, if a TASKS_SANDBOX_FAIL rule matches it. */
export function injectedFault(tool: string, argv: readonly string[], env: Record<string, string | undefined>): Fault | undefined {
  const rule = parseRules(env.TASKS_SANDBOX_FAIL).find((r) => matches(r, tool, argv, env))
  if (!rule) return undefined
  return { exitCode: rule.exitCode, stderr: rule.stderr ?? `Error: injected failure (${[tool, ...rule.words].join(' ')})\n` }
}

/** Whether a TASKS_SANDBOX_HANG rule matches this call. */
export function shouldHang(tool: string, argv: readonly string[], env: Record<string, string | undefined>): boolean {
  return parseRules(env.TASKS_SANDBOX_HANG).some((r) => matches(r, tool, argv, env))
}

/** Milliseconds to wait before answering (TASKS_SANDBOX_LATENCY_MS), 0 when unset or invalid. */
export function latencyMs(env: Record<string, string | undefined>): number {
  const n = Number(env.TASKS_SANDBOX_LATENCY_MS ?? 0)
  return Number.isFinite(n) && n > 0 ? n : 0
}

/**
 * Runs a simulator's `main` under the injection rules: logs the call (call-log.ts), then waits the
 * latency, hangs, or fails before the simulator looks at anything. A call that ends, however it
 * ends, is recorded in TASKS_SANDBOX_CALL_TIMES (a hung one never is).
 */
export async function withFaults(tool: string, io: { argv: string[]; cwd: string; env: Record<string, string | undefined>; stderr: (t: string) => void }, run: () => Promise<number>): Promise<number> {
  logCall(tool, io)
  const startedAt = callClock()
  // Taken before the run: a simulator may change its argv or environment.
  const call = { tool, argv: [...io.argv], cluster: callCluster(io.argv, io.env) ?? null, startedAt }
  const file = io.env.TASKS_SANDBOX_CALL_TIMES
  let exitCode: number | null = null
  try {
    exitCode = await injectThenRun(tool, io, run)
    return exitCode
  } finally {
    logCallTime(file, { ...call, endedAt: callClock(), exitCode })
  }
}

// The latency, hang or injected failure of a call, else its run.
async function injectThenRun(tool: string, io: { argv: string[]; env: Record<string, string | undefined>; stderr: (t: string) => void }, run: () => Promise<number>): Promise<number> {
  const delay = latencyMs(io.env)
  if (delay) await new Promise((r) => setTimeout(r, delay))
  if (shouldHang(tool, io.argv, io.env)) await new Promise(() => setInterval(() => {}, 1 << 30))
  const fault = injectedFault(tool, io.argv, io.env)
  if (fault) {
    io.stderr(fault.stderr)
    return fault.exitCode
  }
  return run()
}

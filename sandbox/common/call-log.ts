// The call log: with TASKS_SANDBOX_CALL_LOG=FILE, every simulator call appends one JSON line to
// FILE — the tool, its arguments, working directory and whole environment — before anything else
// happens, so a test or benchmark can see (or replay, scripts/bench/replay.ts) exactly what ran.
// With TASKS_SANDBOX_CALL_TIMES=FILE, every call that ends appends one JSON line with when it started
// and ended and its exit code, so a test can see which calls overlapped.
import { appendFileSync } from 'node:fs'

export interface LoggedCall {
  tool: string
  argv: string[]
  cwd: string
  env: Record<string, string>
}

/** Appends this call to TASKS_SANDBOX_CALL_LOG, when set (one write: lines of parallel calls do not mix). */
export function logCall(tool: string, io: { argv: readonly string[]; cwd: string; env: Record<string, string | undefined> }): void {
  const file = io.env.TASKS_SANDBOX_CALL_LOG
  if (!file) return
  const env = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined))
  const call: LoggedCall = { tool, argv: [...io.argv], cwd: io.cwd, env }
  appendFileSync(file, `${JSON.stringify(call)}\n`)
}

/** The calls in a log's text, in the order they started. */
export const parseCallLog = (text: string): LoggedCall[] =>
  text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as LoggedCall)

/** When one call ran: epoch milliseconds (fractional) around it; exitCode null when it threw. */
export interface CallTime {
  tool: string
  argv: string[]
  /** The cluster the call is for (faults.ts callCluster), null when it names none. */
  cluster: string | null
  startedAt: number
  endedAt: number
  exitCode: number | null
}

/** Now in epoch milliseconds, with the monotonic clock's fraction (what CallTime records). */
export const callClock = (): number => performance.timeOrigin + performance.now()

/** Appends a finished call to `file` (TASKS_SANDBOX_CALL_TIMES), when set; one write per line, as logCall. */
export function logCallTime(file: string | undefined, time: CallTime): void {
  if (!file) return
  appendFileSync(file, `${JSON.stringify(time)}\n`)
}

/** The calls in a call-times file's text, in the order they ended. */
export const parseCallTimes = (text: string): CallTime[] =>
  text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as CallTime)

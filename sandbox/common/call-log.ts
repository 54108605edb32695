// The call log: with TASKS_SANDBOX_CALL_LOG=FILE, every simulator call appends one JSON line to
// FILE — the tool, its arguments, working directory and whole environment — before anything else
// happens, so a test or benchmark can see (or replay, scripts/bench/replay.ts) exactly what ran.
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

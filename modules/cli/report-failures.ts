// How an invocation that stops before running says why: each failure on stderr (located ones with
// their source line), and with --json the same problems as one JSON document on stdout, shaped as
// a run's document that stopped before its first stage (outcome-text.ts: clusters, exitCode, problems).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { exitCodeOf, formatFailure, type Failure } from '../diag/mod.ts'
import type { Problem } from './outcome-text.ts'
import { relativeTo } from './relative.ts'

export interface FailureOut {
  stdout: Writable
  stderr: Writable
}

/** Whether the command line asks for --json (before any `--`), even one that did not parse. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json')
}

/**
 * The --json document of an invocation that ran nothing: no cluster, the exit code, the problems.
 * outcome-text.ts's notRunJson([], …) with none of the run's modules loaded (a test keeps them equal).
 */
export const stoppedJson = (exitCode: number, problems: readonly Problem[]): string =>
  `${JSON.stringify({ clusters: [], exitCode, ...(problems.length ? { problems } : {}) }, null, 2)}\n`

/**
 * Prints failures and returns the exit code of the first. `root`: the paths in failures are
 * shown relative to it and source lines read from it; `json`: the document on stdout as well.
 */
export function reportFailures(out: FailureOut, failures: readonly Failure[], o: { root?: string; json?: boolean } = {}): number {
  const { root } = o
  const read = (file: string, line: number): string | undefined => {
    try {
      return readFileSync(root ? join(root, file) : file, 'utf8').split('\n')[line - 1]
    } catch {
      return undefined
    }
  }
  const shown = failures.map((f) => (root ? relativeTo(root, f) : f))
  for (const f of shown) out.stderr.write(`${formatFailure(f, read)}\n`)
  const code = exitCodeOf(failures[0])
  if (o.json) out.stdout.write(stoppedJson(code, shown.map((f) => ({ reason: f.reason, message: formatFailure(f) }))))
  return code
}

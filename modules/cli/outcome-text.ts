// What a finished run prints: the --json document on stdout, or the failures with their log tails.
import { relative } from 'node:path'
import type { RunOutcome } from '../exec/mod.ts'

/** The --json document: exactly the engine's schema; later issues add fields, these stay. */
/** Why a run stopped before its stages, or refused some: a reason for programs, the message for people. */
export interface Problem {
  reason: string
  message: string
}

export function outcomeJson(outcome: RunOutcome, exitCode: number, problems: readonly Problem[] = []): string {
  const clusters = outcome.clusters.map((c) => ({
    name: c.name,
    status: c.status,
    stages: c.stages.map((s) => ({
      name: s.name, status: s.status, durationMs: s.durationMs, reason: s.reason,
      ...(s.note ? { note: s.note } : {}), ...(s.details ? { details: s.details } : {}), ...(s.output !== undefined ? { output: s.output } : {}),
    })),
  }))
  return `${JSON.stringify({ clusters, exitCode, ...(problems.length ? { problems } : {}) }, null, 2)}\n`
}

/** The --json document of a run that stopped before any stage: every cluster not run, and why. */
export function notRunJson(clusters: readonly string[], exitCode: number, problems: readonly Problem[]): string {
  const outcome: RunOutcome = { clusters: clusters.map((name) => ({ name, status: 'not-run', stages: [] })), interrupted: false }
  return outcomeJson(outcome, exitCode, problems)
}

/** Each failed stage with its reason, the last lines of its output and where the full log is. */
export function failuresText(outcome: RunOutcome, cwd: string): string {
  const lines: string[] = []
  for (const c of outcome.clusters) {
    for (const s of c.stages) {
      if (s.status !== 'failed') continue
      lines.push(`✖ ${c.name}: ${s.name} failed: ${s.reason}`)
      if (s.logTail?.length) lines.push(...s.logTail.map((l) => `  │ ${l}`))
      if (s.logPath) lines.push(`  full log: ${relative(cwd, s.logPath)}`)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** One closing line: how many clusters ended how. */
export function closingLine(outcome: RunOutcome): string {
  const count = (status: string): number => outcome.clusters.filter((c) => c.status === status).length
  const parts = [`${count('ok')} ok`, `${count('failed')} failed`]
  if (count('not-run')) parts.push(`${count('not-run')} not run`)
  const n = outcome.clusters.length
  return `${n} cluster${n === 1 ? '' : 's'}: ${parts.join(', ')}${outcome.interrupted ? ' (interrupted)' : ''}\n`
}

/** What `show` stages printed: alone for one cluster, under a `== name ==` line each for several. */
export function shownOutput(outcome: RunOutcome): string {
  const shown = outcome.clusters.flatMap((c) => c.stages.filter((s) => s.output !== undefined).map((s) => ({ cluster: c.name, text: s.output! })))
  if (shown.length === 1) return shown[0].text
  return shown.map((s) => `== ${s.cluster} ==\n${s.text}${s.text.endsWith('\n') || !s.text ? '' : '\n'}`).join('')
}

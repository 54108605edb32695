// What a finished run prints: the --json document on stdout, or the failures with their log tails.
import { relative } from 'node:path'
import { SHOWN_DETAIL, type StageOutcome } from '../exec/events.ts'
import type { RunOutcome } from '../exec/mod.ts'
import { clusterResult, countResults, stageResult } from './outcome-status.ts'

/** Why a run stopped before its stages, or refused some: a reason for programs, the message for people. */
export interface Problem {
  reason: string
  message: string
}

/** A stage's details for --json: the text shown to people stays out (the raw `output` is there). */
function jsonDetails(s: StageOutcome): Record<string, unknown> | undefined {
  if (!s.details) return undefined
  const { [SHOWN_DETAIL]: _shown, ...rest } = s.details
  return rest
}

/**
 * The --json document: the engine's schema; later issues add fields, these stay. Statuses are as
 * outcome-status.ts shows them (an interrupted cluster is "interrupted", not "failed").
 */
export function outcomeJson(outcome: RunOutcome, exitCode: number, problems: readonly Problem[] = [], warnings: readonly string[] = []): string {
  const clusters = outcome.clusters.map((c) => ({
    name: c.name,
    ...(c.wave ? { wave: c.wave } : {}),
    status: clusterResult(outcome, c),
    ...(c.notStarted ? { reason: c.notStarted } : {}),
    stages: c.stages.map((s) => {
      const details = jsonDetails(s)
      return {
        name: s.name, status: stageResult(outcome, s), durationMs: s.durationMs, reason: s.reason, ...(s.refused ? { refused: true } : {}),
        ...(s.note ? { note: s.note } : {}), ...(details ? { details } : {}), ...(s.output !== undefined ? { output: s.output } : {}),
      }
    }),
  }))
  const waves = outcome.waves?.map((w) => ({ wave: w.number, clusters: w.clusters, status: w.status, ...(w.reason ? { reason: w.reason } : {}) }))
  const run = outcome.journal ? { run: outcome.journal } : {}
  const warned = warnings.length ? { warnings } : {}
  return `${JSON.stringify({ clusters, ...(waves ? { waves } : {}), exitCode, ...run, ...(problems.length ? { problems } : {}), ...warned }, null, 2)}\n`
}

/**
 * The --json document of a run that stopped before any stage: every cluster not run, and why;
 * `interrupted`: the stop was an interrupt, so they are "not-started".
 */
export function notRunJson(clusters: readonly string[], exitCode: number, problems: readonly Problem[], interrupted = false): string {
  const outcome: RunOutcome = { clusters: clusters.map((name) => ({ name, status: 'not-run', stages: [] })), interrupted }
  return outcomeJson(outcome, exitCode, problems)
}

/** Each failed or interrupted stage with its reason, the last lines of its output and where the full log is. */
export function failuresText(outcome: RunOutcome, cwd: string): string {
  const lines: string[] = []
  for (const c of outcome.clusters) {
    for (const s of c.stages) {
      if (s.status !== 'failed') continue
      lines.push(stageResult(outcome, s) === 'interrupted' ? `✖ ${c.name}: ${s.name} interrupted` : `✖ ${c.name}: ${s.name} ${s.refused ? 'refused' : 'failed'}: ${s.reason}`)
      // A refusal is its whole message: no tool ran, so there is no output or log to point at.
      if (s.refused) continue
      if (s.logTail?.length) lines.push(...s.logTail.map((l) => `  │ ${l}`))
      if (s.logPath) lines.push(`  full log: ${relative(cwd, s.logPath)}`)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** One closing line: how many clusters ended how (`2 clusters: 0 ok, 0 failed, 1 interrupted, 1 not started`). */
export function closingLine(outcome: RunOutcome): string {
  const counts = countResults(outcome)
  const parts = [`${counts.ok} ok`, `${counts.failed} failed`]
  if (counts.interrupted) parts.push(`${counts.interrupted} interrupted`)
  if (counts['not-started']) parts.push(`${counts['not-started']} not started`)
  if (counts['not-run']) parts.push(`${counts['not-run']} not run`)
  // An interrupt that stopped no cluster in its tracks (it came between two) still says so.
  const note = outcome.interrupted && !counts.interrupted ? ' (interrupted)' : ''
  const n = outcome.clusters.length
  return `${n} cluster${n === 1 ? '' : 's'}: ${parts.join(', ')}${note}\n`
}

/** What a `show` stage prints: the text its report gives for people, else its commands' output. */
function shownText(s: StageOutcome): string {
  const shown = s.details?.[SHOWN_DETAIL]
  return typeof shown === 'string' ? shown : s.output!
}

/** What `show` stages printed: alone for one cluster, under a `== name ==` line each for several. */
export function shownOutput(outcome: RunOutcome): string {
  const shown = outcome.clusters.flatMap((c) => c.stages.filter((s) => s.output !== undefined).map((s) => ({ cluster: c.name, text: shownText(s) })))
  if (shown.length === 1) return shown[0].text
  return shown.map((s) => `== ${s.cluster} ==\n${s.text}${s.text.endsWith('\n') || !s.text ? '' : '\n'}`).join('')
}

// The run summary: one table, clusters down and stages across (status and time), then each
// cluster's notes (plan counts, replacements by kind, groups to roll). As text for the terminal
// and as Markdown for a pull request or $GITHUB_STEP_SUMMARY.
import type { ClusterOutcome, RunOutcome, StageOutcome } from '../exec/mod.ts'
import { formatDuration } from '../report/duration.ts'
import { clusterResult, stageResult, type StageResult } from './outcome-status.ts'
import { planTableMarkdown, planTableText } from './plan-table.ts'

const SHORT: Record<StageResult, string> = { ran: 'ran', cached: 'cached', skipped: 'skipped', failed: 'FAILED', interrupted: 'interrupted', 'not-reached': '-' }

/** A stage's cell: what happened, and how long it took when it ran at all. */
function cell(outcome: RunOutcome, s: StageOutcome | undefined): string {
  if (!s) return ''
  const result = stageResult(outcome, s)
  return `${SHORT[result]}${result === 'ran' || result === 'failed' || result === 'interrupted' ? ` ${formatDuration(s.durationMs)}` : ''}`
}

/** Every stage name, in the order the clusters ran them. */
function columns(clusters: readonly ClusterOutcome[]): string[] {
  const names: string[] = []
  for (const c of clusters) for (const s of c.stages) if (!names.includes(s.name)) names.push(s.name)
  return names
}

const notes = (c: ClusterOutcome): { text: string; lines: string[] }[] => c.stages.flatMap((s) => (s.note ? [{ text: `${s.name}: ${s.note}`, lines: s.lines ?? [] }] : []))
const total = (c: ClusterOutcome): number => c.stages.reduce((n, s) => n + s.durationMs, 0)

/** The table; a rollout adds each cluster's wave after its name. */
function rows(outcome: RunOutcome): string[][] {
  const stages = columns(outcome.clusters)
  const wave = (c: ClusterOutcome): string[] => (outcome.waves ? [String(c.wave ?? '')] : [])
  return [
    ['CLUSTER', ...(outcome.waves ? ['WAVE'] : []), 'RESULT', ...stages, 'TIME'],
    ...outcome.clusters.map((c) => [c.name, ...wave(c), clusterResult(outcome, c), ...stages.map((n) => cell(outcome, c.stages.find((s) => s.name === n))), formatDuration(total(c))]),
  ]
}

/** A line for each wave of a rollout that did not start, and why. */
const unstarted = (outcome: RunOutcome): string[] =>
  (outcome.waves ?? []).filter((w) => w.status === 'not-started').map((w) => `wave ${w.number} of ${outcome.totalWaves} not started: ${w.reason?.replace(/^not started: /, '') ?? ''}`)

/** The terminal table, padded with spaces, then the notes. */
export function summaryText(outcome: RunOutcome): string {
  const table = rows(outcome)
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const lines = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
  const all = outcome.clusters.flatMap((c) => notes(c).flatMap((n) => [`  ${c.name}  ${n.text}`, ...n.lines.map((l) => `  ${' '.repeat(c.name.length)}    ${l}`)]))
  const plans = planTableText(outcome)
  const waves = unstarted(outcome)
  return `${[...lines, ...(waves.length ? ['', ...waves] : []), ...(all.length ? ['', ...all] : []), ...(plans ? ['', plans.trimEnd()] : [])].join('\n')}\n`
}

const md = (text: string): string => text.replaceAll('|', '\\|')

/** The same as GitHub-flavoured Markdown, for a pull request or a CI step summary. */
export function summaryMarkdown(outcome: RunOutcome, title: string): string {
  const [head, ...body] = rows(outcome)
  const line = (r: string[]): string => `| ${r.map(md).join(' | ')} |`
  const out = [`### tasks ${title}`, '', line(head), `|${head.map(() => ' --- ').join('|')}|`, ...body.map(line)]
  const waves = unstarted(outcome)
  if (waves.length) out.push('', ...waves.map((w) => `- ${md(w)}`))
  const all = outcome.clusters.flatMap((c) => notes(c).flatMap((n) => [`- **${md(c.name)}** ${md(n.text)}`, ...n.lines.map((l) => `  - \`${l.replaceAll('`', "'")}\``)]))
  if (all.length) out.push('', ...all)
  const plans = planTableMarkdown(outcome)
  if (plans) out.push('', '#### Plans, worst first', '', plans.trimEnd())
  return `${out.join('\n')}\n`
}

// The fleet's plans side by side (`tasks plan --all`): one row per cluster with its counts and the
// protected resources it would delete or replace, worst first, so fifty plans read as one table.
import type { ClusterOutcome, RunOutcome, StageOutcome } from '../exec/mod.ts'

/** One cluster's plan as the table shows it. */
export interface PlanRow {
  cluster: string
  stage: string
  add: number
  change: number
  destroy: number
  /** Addresses of the protected resources it deletes or replaces. */
  protected: string[]
}

const count = (v: unknown): number => (typeof v === 'number' ? v : 0)

/** The plan rows of a run: every stage whose details carry plan counts (plan, prereq-plan, saved-check). */
export function planRows(outcome: RunOutcome): PlanRow[] {
  const rows = outcome.clusters.flatMap((c: ClusterOutcome) => c.stages.filter(isPlan).map((s) => row(c.name, s)))
  return rows.sort((a, b) => b.protected.length - a.protected.length || b.destroy - a.destroy || b.change - a.change || b.add - a.add || (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0))
}

const isPlan = (s: StageOutcome): boolean => s.details !== undefined && ['add', 'change', 'destroy'].every((k) => typeof s.details?.[k] === 'number')

function row(cluster: string, s: StageOutcome): PlanRow {
  const d = s.details ?? {}
  const listed = Array.isArray(d.destructive) ? d.destructive : []
  const protectedOnes = listed.flatMap((x: unknown) => (typeof x === 'object' && x !== null && 'protected' in x && x.protected === true && 'address' in x ? [String(x.address)] : []))
  return { cluster, stage: s.name, add: count(d.add), change: count(d.change), destroy: count(d.destroy), protected: protectedOnes }
}

const HEAD = ['CLUSTER', 'STAGE', 'ADD', 'CHANGE', 'DESTROY', 'PROTECTED']
const cells = (r: PlanRow): string[] => [r.cluster, r.stage, String(r.add), String(r.change), String(r.destroy), r.protected.length ? `${r.protected.length}: ${r.protected.join(', ')}` : '0']

/** The table for the terminal (numbers right-aligned), or '' when fewer than two plans ran. */
export function planTableText(outcome: RunOutcome): string {
  const rows = planRows(outcome)
  if (rows.length < 2) return ''
  const table = [HEAD, ...rows.map(cells)]
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const numeric = (i: number): boolean => i >= 2 && i <= 4
  const line = (r: string[]): string => r.map((c, i) => (numeric(i) ? c.padStart(widths[i]) : i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()
  return `${table.map(line).join('\n')}\n`
}

/** The same as a Markdown table, or '' when fewer than two plans ran. */
export function planTableMarkdown(outcome: RunOutcome): string {
  const rows = planRows(outcome)
  if (rows.length < 2) return ''
  const line = (r: string[]): string => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`
  return `${[line(HEAD), '| --- | --- | ---: | ---: | ---: | --- |', ...rows.map((r) => line(cells(r)))].join('\n')}\n`
}

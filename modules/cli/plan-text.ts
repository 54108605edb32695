// --dry-run and explain as text: per cluster, per stage, the decision and why.
import { describeChange } from '../cache/mod.ts'
import { formatCommand } from '../graph/mod.ts'
import { changesOf, type ClusterPlan, type PlannedStage } from '../plan/mod.ts'

const verb = (p: PlannedStage): string => (p.decision.action === 'skip' ? 'skip' : p.decision.action)

function header(plans: readonly ClusterPlan[]): number {
  return Math.max(...plans.flatMap((p) => p.stages.map((s) => s.stage.name.length)), 5)
}

/** A skip that rests on guessed upstream results says so. */
const assumption = (p: PlannedStage): string =>
  p.provisional && p.decision.action === 'skip' ? '  (if the stages before it return what they did last time)' : ''

/** What --dry-run prints: each stage's decision and, for those that would run, their commands. */
export function dryRunText(plans: readonly ClusterPlan[]): string {
  const width = header(plans)
  const lines: string[] = []
  for (const plan of plans) {
    lines.push(`${plan.facts.cluster.name}:`)
    for (const p of plan.stages) {
      lines.push(`  ${p.stage.name.padEnd(width)}  ${verb(p).padEnd(4)}  ${p.decision.reason}${assumption(p)}`)
      if (p.decision.action !== 'run') continue
      if (p.commands === undefined) lines.push(`      (its commands depend on the results of ${p.stage.needs.join(', ')})`)
      else if (p.commands.length === 0) lines.push('      (in-process, no commands)')
      for (const cmd of p.commands ?? []) lines.push(`      $ ${formatCommand(cmd)}`)
    }
  }
  lines.push('', 'Dry run: nothing was run.', '')
  return lines.join('\n')
}

/** What `tasks explain` prints: each decision with every key part that changed since the last success. */
export function explainText(target: string, plans: readonly ClusterPlan[]): string {
  const width = header(plans)
  const lines: string[] = []
  for (const plan of plans) {
    lines.push(`${plan.facts.cluster.name} → ${target}:`)
    for (const p of plan.stages) {
      lines.push(`  ${p.stage.name.padEnd(width)}  ${verb(p).padEnd(4)}  ${p.decision.reason}${assumption(p)}`)
      for (const change of changesOf(p.decision)) lines.push(`  ${''.padEnd(width)}        - ${describeChange(change)}`)
    }
  }
  lines.push('')
  return lines.join('\n')
}

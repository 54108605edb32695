// A no-op `cluster-update --offline` on one cluster whose every stage is cached, against
// `node -e 0`, counting the terraform and kops processes it starts (the budget is zero).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectCopy, sandboxDir } from './copy.ts'
import { childEnv, paired, tail, tasks } from './proc.ts'
import { verdict, type Row } from './report.ts'
import { ms, ratio, spread, summarize } from './stats.ts'

export const NOOP_BUDGET = 3

/** The simulators' call log (TASKS_SANDBOX_CALL_LOG): one JSON line per tool process, version probes included. */
export function countCalls(log: string): { count: number; lines: string[] } {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => {
    const call = JSON.parse(l) as { tool: string; argv: string[] }
    return [call.tool, ...call.argv].join(' ')
  })
  return { count: lines.length, lines }
}

export function noop(repeats: number): Row {
  const root = projectCopy('noop')
  const log = join(root, 'tool-calls.log')
  writeFileSync(log, '')
  // The demo as shipped (`sandbox: true`): the simulators, which log every process they run as.
  const env = childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root), TASKS_SANDBOX_CALL_LOG: log })
  // Everything cached: a full online run first.
  const full = tasks(root, ['cluster-update', '--cluster', 'demo', '--yes'], env)
  if (full.code !== 0) throw new Error(`the online cluster-update before the no-op failed (exit ${full.code}):\n${tail(full.stderr)}`)
  const online = countCalls(log)
  writeFileSync(log, '')
  const { samples, baseline: base } = paired(repeats, 1, root, () => tasks(root, ['cluster-update', '--cluster', 'demo', '--offline'], env))
  const calls = countCalls(log)
  const s = summarize(samples)
  const baseline = summarize(base)
  const r = s.median / baseline.median
  return {
    measure: 'no-op `cluster-update --offline`, one cluster',
    budget: `≤ ${NOOP_BUDGET}× \`node -e 0\`, zero tool processes`,
    result: `${ms(s.median)}, ${calls.count} tool processes (node -e 0: ${ms(baseline.median)})`,
    ratio: ratio(s.median, baseline.median),
    verdict: verdict(r <= NOOP_BUDGET && calls.count === 0),
    how:
      'The demo cluster in a project copy, on the simulators, whose call log (`TASKS_SANDBOX_CALL_LOG`) records every terraform and kops process. ' +
      `One online \`cluster-update --cluster demo --yes\` (${online.count} tool processes, ${ms(full.ms)}) caches everything; then ` +
      `\`node scripts/bin/tasks.mjs cluster-update --cluster demo --offline\`, one warm-up and ${repeats} timed runs, each right after a \`node -e 0\`; ratio of the medians. ` +
      'Tool processes are the call log\'s lines over the warm-up and every timed run.',
    details: [`no-op: ${spread(s)}`, `node -e 0: ${spread(baseline)}`, ...(calls.count ? [`tool processes started: ${calls.lines.slice(0, 5).join('; ')}`] : [])],
  }
}

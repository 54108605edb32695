// `tasks --help` start-up against a bare Node process start: `node scripts/bin/tasks.mjs --help`
// (no npx) and `node -e 0`, spawned alternately from the same project copy.
import { projectCopy } from './copy.ts'
import { childEnv, paired, tasks } from './proc.ts'
import { verdict, type Row } from './report.ts'
import { ms, ratio, spread, summarize } from './stats.ts'

export const STARTUP_BUDGET = 2

export function startup(repeats: number): Row {
  const root = projectCopy('startup')
  const env = childEnv()
  const { samples, baseline, last } = paired(repeats, 1, root, () => tasks(root, ['--help'], env))
  if (!last.stdout.includes('cluster-update')) throw new Error(`tasks --help printed no target list:\n${last.stdout}`)
  const s = summarize(samples)
  const b = summarize(baseline)
  return {
    measure: '`tasks --help` start-up',
    budget: `≤ ${STARTUP_BUDGET}× \`node -e 0\``,
    result: `${ms(s.median)} (node -e 0: ${ms(b.median)})`,
    ratio: ratio(s.median, b.median),
    verdict: verdict(s.median / b.median <= STARTUP_BUDGET),
    how: `\`node scripts/bin/tasks.mjs --help\` spawned from a project copy, wall time from spawn to exit; one warm-up, then ${repeats} runs, each right after a \`node -e 0\` spawned the same way (so both see the same load); ratio of the medians.`,
    details: [`tasks --help: ${spread(s)}`, `node -e 0: ${spread(b)}`],
  }
}

// `tasks validate --all` over a fleet of demo clones: total wall time (budget 1 s), and against
// `node -e 0`. Until the command exists the row says so instead of failing the suite.
import { fleet, projectCopy } from './copy.ts'
import { childEnv, paired, tail, tasks, type Ran } from './proc.ts'
import { notAvailable, verdict, type Row } from './report.ts'
import { ms, ratio, spread, summarize } from './stats.ts'

export const VALIDATE_BUDGET_MS = 1000

const MEASURE = (n: number) => `\`tasks validate --all\`, ${n} clusters`
const BUDGET = `≤ ${VALIDATE_BUDGET_MS / 1000} s total`

/** The output of a tasks that has no `validate` command yet. */
const missing = (r: Ran): boolean => r.code !== 0 && /unknown (target|command)[^\n]*validate/i.test(`${r.stderr}\n${r.stdout}`)

export function validate(clusters: number, repeats: number): Row {
  const root = projectCopy('validate')
  fleet(root, clusters, 'v')
  const env = childEnv()
  const args = ['validate', '--all']
  const probe = tasks(root, args, env)
  const how = `${clusters} clones of the demo cluster (distinct names, state keys and key files) in a project copy; \`node scripts/bin/tasks.mjs validate --all\`, one warm-up and ${repeats} timed runs (each right after a \`node -e 0\`, for the ratio), wall time from spawn to exit; every run must exit 0.`
  if (missing(probe)) {
    console.log('  n/a: validate not available')
    return notAvailable(MEASURE(clusters), BUDGET, 'validate not available', how)
  }
  if (probe.code !== 0) {
    return {
      measure: MEASURE(clusters), budget: BUDGET, result: `exit ${probe.code} (not clean)`, ratio: '—', verdict: 'fail', how,
      details: [`output: ${tail(probe.stderr || probe.stdout, 4).replaceAll('\n', ' / ')}`],
    }
  }
  const { samples, baseline: base } = paired(repeats, 0, root, () => tasks(root, args, env))
  const s = summarize(samples)
  const baseline = summarize(base)
  return {
    measure: MEASURE(clusters),
    budget: BUDGET,
    result: ms(s.median),
    ratio: `${ratio(s.median, baseline.median)} \`node -e 0\``,
    verdict: verdict(s.median <= VALIDATE_BUDGET_MS),
    how,
    details: [`validate --all: ${spread(s)}`, `node -e 0: ${spread(baseline)}`],
  }
}

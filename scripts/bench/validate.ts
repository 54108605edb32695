// `tasks validate --all` over a fleet of demo clones: total wall time (budget 1 s), and against
// `node -e 0`. Until the command exists the row says so instead of failing the suite.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fleet, projectCopy } from './copy.ts'
import { childEnv, paired, tail, tasks, type Ran } from './proc.ts'
import { notAvailable, verdict, type Row } from './report.ts'
import { ms, ratio, spread, summarize } from './stats.ts'

export const VALIDATE_BUDGET_MS = 1000

const MEASURE = (n: number, kind = '') => `\`tasks validate --all\`, ${n} clusters${kind}`
const BUDGET = `≤ ${VALIDATE_BUDGET_MS / 1000} s total`

/** The output of a tasks that has no `validate` command yet. */
const missing = (r: Ran): boolean => r.code !== 0 && /unknown (target|command)[^\n]*validate/i.test(`${r.stderr}\n${r.stdout}`)

export function validate(clusters: number, repeats: number): Row[] {
  const root = projectCopy('validate')
  fleet(root, clusters, 'v')
  const env = childEnv()
  const args = ['validate', '--all']
  const probe = tasks(root, args, env)
  const how = `${clusters} clones of the demo cluster (distinct names, state keys and key files) in a project copy; \`node scripts/bin/tasks.mjs validate --all\`, one warm-up and ${repeats} timed runs (each right after a \`node -e 0\`, for the ratio), wall time from spawn to exit; every run must exit 0.`
  if (missing(probe)) {
    console.log('  n/a: validate not available')
    return [notAvailable(MEASURE(clusters), BUDGET, 'validate not available', how)]
  }
  if (probe.code !== 0) {
    return [{
      measure: MEASURE(clusters), budget: BUDGET, result: `exit ${probe.code} (not clean)`, ratio: '—', verdict: 'fail', how,
      details: [`output: ${tail(probe.stderr || probe.stdout, 4).replaceAll('\n', ' / ')}`],
    }]
  }
  // Cold: no remembered results (.tasks/cache/validate.json removed before each run), so every
  // cluster is rendered, parsed and checked. Warm: the results of the run before, as on a second
  // pre-commit run over an unchanged fleet.
  const results = join(root, '.tasks/cache/validate.json')
  const cold = paired(repeats, 0, root, () => (rmSync(results, { force: true }), tasks(root, args, env)))
  const warm = paired(repeats, 0, root, () => tasks(root, args, env))
  const row = (kind: string, what: string, run: typeof cold): Row => {
    const s = summarize(run.samples)
    const baseline = summarize(run.baseline)
    return {
      measure: MEASURE(clusters, kind),
      budget: BUDGET,
      result: ms(s.median),
      ratio: `${ratio(s.median, baseline.median)} \`node -e 0\``,
      verdict: verdict(s.median <= VALIDATE_BUDGET_MS),
      how: `${how} ${what}`,
      details: [`validate --all: ${spread(s)}`, `node -e 0: ${spread(baseline)}`],
    }
  }
  return [
    row(', cold', 'Cold: the remembered results (`.tasks/cache/validate.json`) are deleted before each run, so every cluster is rendered, parsed and checked.', cold),
    row(', warm', 'Warm: the results of the previous run are there and nothing changed, as for a second pre-commit run.', warm),
  ]
}

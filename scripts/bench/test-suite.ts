// `npm test` as a user's fresh clone runs it: a `git clone` of this repository's HEAD into the OS
// temporary directory, where no ../shared sits beside it (the fixture tests that need it skip), with
// node_modules linked from here (installing is `npm ci`'s time, not the suite's). Wall time and the
// CPU time of the suite and everything it started, once: a run takes minutes.
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { REPO, tempDir } from './copy.ts'
import { childEnv, run, runCpu, tail } from './proc.ts'
import { verdict, type Row } from './report.ts'
import { ms } from './stats.ts'

/** The budget of issue 15: the suite under five minutes on this 2-core machine. */
export const TEST_SUITE_BUDGET_MS = 5 * 60_000

export function testSuite(): Row {
  const root = join(tempDir('tests'), 'clone')
  const cloned = run('git', ['clone', '--quiet', '--no-hardlinks', REPO, root], { cwd: REPO })
  if (cloned.code !== 0) throw new Error(`git clone failed\n${tail(cloned.stderr)}`)
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'))
  const r = runCpu('npm', ['test'], { cwd: root, env: childEnv({ NO_COLOR: '1' }), timeoutMs: 20 * 60_000 })
  const summary = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?(?:, skip: (\d+))?/.exec(r.stdout)
  const [total, pass, fail, skip] = (summary?.slice(1) ?? []).map((n) => Number(n ?? 0))
  const ok = r.code === 0 && r.ms <= TEST_SUITE_BUDGET_MS
  return {
    measure: '`npm test` on a fresh clone without ../shared',
    budget: '≤ 5 min wall, passing',
    result: `${ms(r.ms)} wall, ${ms(r.cpuMs)} CPU; ${summary ? `${pass} of ${total} assertions passed, ${fail} failed, ${skip} skipped` : `exit ${r.code}`}`,
    ratio: `${(r.cpuMs / r.ms).toFixed(2)} CPUs busy`,
    verdict: verdict(ok),
    how: 'A `git clone` of HEAD into the temporary directory (nothing beside it, so the tests that read ../shared skip), node_modules linked, then `npm test` (type check, then tap: 4 jobs, no coverage, from package.json) once; wall time from spawn to exit, CPU time of everything it started from bash\'s `times`.',
    details: r.code === 0 ? undefined : tail(r.stdout + r.stderr, 8).split('\n'),
  }
}

// A no-op `cluster-update --offline` on one cluster whose every stage is cached, against
// `node -e 0`, counting the terraform and kops processes it starts (the budget is zero).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectCopy, sandboxDir, setClusterKey } from './copy.ts'
import { childEnv, paired, SANDBOX_BIN, tail, tasks } from './proc.ts'
import { verdict, type Row } from './report.ts'
import { ms, ratio, spread, summarize } from './stats.ts'

export const NOOP_BUDGET = 3

/**
 * Recording shims: each appends its command line to `log`, then execs the simulator. A project
 * copy's .tasksrc.yaml names them as its terraform and kops (a `sandbox: true` cluster would put
 * the simulators' own directory first on PATH, past any shim), so every tool process tasks starts,
 * version probes included, passes through them.
 */
export function recordingShims(root: string, log: string): void {
  const dir = join(root, 'bench-bin')
  mkdirSync(dir, { recursive: true })
  for (const tool of ['terraform', 'kops']) {
    const shim = join(dir, tool)
    writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${log}'\nexec '${join(SANDBOX_BIN, tool)}' "$@"\n`)
    chmodSync(shim, 0o755)
  }
  writeFileSync(join(root, '.tasksrc.yaml'), 'terraform: bench-bin/terraform\nkops: bench-bin/kops\n')
  writeFileSync(log, '')
}

export function countCalls(log: string): { count: number; lines: string[] } {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return { count: lines.length, lines }
}

export function noop(repeats: number): Row {
  const root = projectCopy('noop')
  const log = join(root, 'tool-calls.log')
  recordingShims(root, log)
  setClusterKey(root, 'demo', 'sandbox', 'false')
  const env = childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root) })
  // Everything cached: a full online run first.
  const full = tasks(root, ['cluster-update', '--cluster', 'demo'], env)
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
      'The demo cluster in a project copy, its `terraform` and `kops` being recording shims in front of the simulators (named in the copy\'s `.tasksrc.yaml`). ' +
      `One online \`cluster-update --cluster demo\` (${online.count} tool processes, ${ms(full.ms)}) caches everything; then ` +
      `\`node scripts/bin/tasks.mjs cluster-update --cluster demo --offline\`, one warm-up and ${repeats} timed runs, each right after a \`node -e 0\`; ratio of the medians. ` +
      'Tool processes are the shims\' records over the warm-up and every timed run.',
    details: [`no-op: ${spread(s)}`, `node -e 0: ${spread(baseline)}`, ...(calls.count ? [`tool processes started: ${calls.lines.slice(0, 5).join('; ')}`] : [])],
  }
}

// Peak memory of `cluster-update --dry-run --all` over a large fleet: the tasks process's own
// maximum resident set size, written at exit by a preload (`node --import`), so the simulators
// it may start (version probes) do not count; GNU time's %M is shown as a cross-check when present.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fleet, projectCopy, sandboxDir } from './copy.ts'
import { childEnv, NODE, run, tail, TASKS_BIN } from './proc.ts'
import { verdict, type Row } from './report.ts'
import { mb, spread, summarize } from './stats.ts'

export const MEMORY_BUDGET_MB = 200

const PRELOAD = `import { writeFileSync } from 'node:fs'
const file = process.env.TASKS_BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
`

/** GNU time, when /usr/bin/time is it (BusyBox and BSD time have no -f %M). */
function gnuTime(): string | undefined {
  if (!existsSync('/usr/bin/time')) return undefined
  try {
    const r = run('/usr/bin/time', ['-f', '%M', 'true'], { cwd: '/' })
    return r.code === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '') ? '/usr/bin/time' : undefined
  } catch {
    return undefined
  }
}

export function memory(clusters: number, repeats: number): Row {
  const root = projectCopy('memory')
  fleet(root, clusters, 'm')
  const preload = join(root, 'max-rss.mjs')
  const rssFile = join(root, 'max-rss.txt')
  writeFileSync(preload, PRELOAD)
  const env = childEnv({ TASKS_SANDBOX_DIR: sandboxDir(root), TASKS_BENCH_RSS_FILE: rssFile })
  const args = [`--import=${pathToFileURL(preload).href}`, TASKS_BIN, 'cluster-update', '--dry-run', '--all']
  const time = gnuTime()
  const once = (): { kb: number; timeKb?: number; ms: number } => {
    writeFileSync(rssFile, '')
    const r = time ? run(time, ['-f', '%M', NODE, ...args], { cwd: root, env }) : run(NODE, args, { cwd: root, env })
    if (r.code !== 0) throw new Error(`cluster-update --dry-run --all exited ${r.code}:\n${tail(r.stderr)}`)
    const kb = Number(readFileSync(rssFile, 'utf8'))
    if (!kb) throw new Error('the max-RSS preload wrote nothing')
    const timeKb = time ? Number(r.stderr.trim().split('\n').pop()) : undefined
    return { kb, timeKb, ms: r.ms }
  }
  once() // warm-up: the tool version probes are remembered (tools.json) for the measured runs
  const runs = Array.from({ length: repeats }, once)
  const s = summarize(runs.map((r) => r.kb))
  const t = time ? summarize(runs.map((r) => r.timeKb ?? 0)) : undefined
  const wall = summarize(runs.map((r) => r.ms))
  return {
    measure: `peak RSS, \`cluster-update --dry-run --all\`, ${clusters} clusters`,
    budget: `≤ ${MEMORY_BUDGET_MB} MB`,
    result: mb(s.median),
    ratio: '—',
    verdict: verdict(s.median / 1024 <= MEMORY_BUDGET_MB && s.max / 1024 <= MEMORY_BUDGET_MB),
    how: `${clusters} clones of the demo cluster in a project copy; \`node --import=max-rss.mjs scripts/bin/tasks.mjs cluster-update --dry-run --all\`, where the preload writes \`process.resourceUsage().maxRSS\` of the tasks process at exit. One warm-up, then ${repeats} run${repeats === 1 ? '' : 's'}; the maximum must be within budget too.`,
    details: [
      `max RSS: ${spread(s, mb)}`,
      ...(t ? [`GNU time %M (largest process of the tree): median ${mb(t.median)}, max ${mb(t.max)}`] : ['GNU time not available: no cross-check']),
      `wall time of the dry run: median ${(wall.median / 1000).toFixed(2)} s`,
    ],
  }
}

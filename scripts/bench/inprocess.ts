// The in-process fan-out benchmark (fanout.ts) as a report section: the real planner, executor
// and cache, with each tool call a timer instead of a process, so the overhead shown is tasks's own.
import { fanout } from './fanout.ts'

/** clusters, concurrency, stages, ms per tool call */
const CASES: [number, number, number, number][] = [
  [4, 4, 5, 200],
  [16, 4, 5, 200],
  [50, 8, 5, 100],
  [100, 10, 7, 50],
]

export async function inProcess(quick: boolean): Promise<string[]> {
  const lines = [
    'N clusters, each a chain of S stages whose one tool call is a timer of t ms (no process), run with',
    '`--concurrency C` through the real planner, executor and cache in this process (after one warm-up',
    'run). Ideal = ⌈N/C⌉ × S × t; the overhead is what tasks itself adds (scripts/bench/fanout.ts).',
    '',
    '| clusters | concurrency | stages | t | ideal | wall | overhead |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const [n, c, s, t] of quick ? CASES.slice(0, 2) : CASES) {
    const { ideal, wall } = await fanout(n, c, s, t)
    const over = ((wall - ideal) / ideal) * 100
    console.log(`  ${n} clusters, concurrency ${c}, ${s} stages × ${t} ms: ideal ${ideal} ms, wall ${wall.toFixed(0)} ms (+${over.toFixed(1)}%)`)
    lines.push(`| ${n} | ${c} | ${s} | ${t} ms | ${ideal} ms | ${wall.toFixed(0)} ms | ${over.toFixed(1)}% |`)
  }
  return lines
}

// `npm run bench`: the benchmarks, printed as a table.
import { fanout } from './fanout.ts'

const CASES: [number, number, number, number][] = [
  // clusters, concurrency, stages, ms per tool call
  [4, 4, 5, 200],
  [16, 4, 5, 200],
  [50, 8, 5, 100],
  [100, 10, 7, 50],
]

console.log('fan-out: wall time against the ideal schedule (ceil(N/C) x stages x t)')
console.log('clusters  concurrency  stages  t(ms)  ideal(ms)  wall(ms)  overhead')
for (const [n, c, s, ms] of CASES) {
  const { ideal, wall } = await fanout(n, c, s, ms)
  const over = ((wall - ideal) / ideal) * 100
  console.log(`${String(n).padStart(8)}  ${String(c).padStart(11)}  ${String(s).padStart(6)}  ${String(ms).padStart(5)}  ${String(ideal).padStart(9)}  ${wall.toFixed(0).padStart(8)}  ${over.toFixed(1).padStart(7)}%`)
}

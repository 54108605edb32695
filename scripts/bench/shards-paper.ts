// "On paper": what a fleet on many CI runners would take, from the measured 1-runner figures and
// the real shard sizes rendezvous hashing (modules/config/shard.ts) gives. An estimate, said so.
import { shardOf } from '../../modules/config/shard.ts'
import { ms } from './stats.ts'

export interface ShardMeasured {
  clusters: number
  concurrency: number
  /** Median wall per runner count (ms), from the shards rows. */
  wallMs: ReadonlyMap<number, number>
  /** Median speed-up against 1 runner, per runner count. */
  speedUp: ReadonlyMap<number, number>
  /** Clusters per runner, per runner count (e.g. "6 + 6"; the same in every repeat). */
  sizes: ReadonlyMap<number, string>
  /** One cluster's chain T and the derived start-up S, from the 1-runner run (ms). */
  chainMs: number
  startupMs: number
  cores: number
}

/** The sizes of `runners` shards over `fleet` names `prod-001`…, smallest first. */
export function shardSizes(fleet: number, runners: number): number[] {
  const sizes = new Array<number>(runners).fill(0)
  for (let i = 1; i <= fleet; i++) sizes[shardOf(`prod-${String(i).padStart(3, '0')}`, runners) - 1]++
  return sizes.sort((a, b) => a - b)
}

/** The section's lines: the measured table, why it scales as it does here, and 200 clusters on 20 runners. */
export function paperSection(m: ShardMeasured, fleet = 200, runners = 20): string[] {
  const { chainMs: T, startupMs: S, concurrency: C } = m
  const sizes = shardSizes(fleet, runners)
  const worst = sizes[sizes.length - 1]
  const mean = fleet / runners
  const wall = (perRunner: number): number => S + Math.ceil(perRunner / C) * T
  const one = wall(fleet)
  const many = wall(worst)
  const even = wall(Math.ceil(mean))
  const rows = [...m.wallMs.keys()].map((r) => `| ${r} | ${m.sizes.get(r)} | ${ms(m.wallMs.get(r)!)} | ${m.speedUp.get(r)!.toFixed(2)}× | ${((m.speedUp.get(r)! / r) * 100).toFixed(0)}% |`)
  const minutes = 10
  return [
    `Measured (the shards rows above: ${m.clusters} clusters, \`--concurrency ${C}\`, every runner on this one ${m.cores}-CPU machine):`,
    '',
    '| runners R | clusters per runner | wall | speed-up vs 1 | efficiency |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Why so little here: all the runners share this machine's ${m.cores} CPUs, which the chains' tools and runners`,
    'keep busy (the CPU lines of the rows above), so the chains slow down as runners are added. On CI each',
    'runner is its own machine and that floor does not apply; the estimate below assumes so. What the runs',
    'do show: shards split the fleet with no overlap and no gap (each cluster ran exactly once), and a',
    `runner costs S ≈ ${ms(S)} before and around its waves (start-up, planning, version probes).`,
    '',
    `**On paper: ${fleet} clusters on ${runners} runners** (estimated, not measured). wall ≈ S + ⌈worst shard / C⌉ × T,`,
    `with T = ${ms(T)} and S = ${ms(S)} from the 1-runner run, C = ${C}.`,
    '',
    `- Shard sizes of prod-001…prod-${fleet} over ${runners} shards (shardOf, rendezvous hashing), smallest first:`,
    `  ${sizes.join(' ')}.`,
    `  The mean is ${mean}, the worst ${worst}: hashing balances only statistically, and the slowest runner sets the wall time.`,
    `- Simulated chain: worst shard ⌈${worst}/${C}⌉ = ${Math.ceil(worst / C)} waves, ≈ ${ms(many)}; even shards (${Math.ceil(mean)}) ≈ ${ms(even)};`,
    `  one runner with all ${fleet} (${Math.ceil(fleet / C)} waves) ≈ ${ms(one)}. About ${(one / many).toFixed(1)}× faster on ${runners} runners.`,
    `- A real chain of ~${minutes} min a cluster (terraform apply, kOps update) makes S vanish: ${runners} runners take`,
    `  ${Math.ceil(worst / C)} × ${minutes} = ${Math.ceil(worst / C) * minutes} min, one runner ${Math.ceil(fleet / C)} × ${minutes} = ${Math.ceil(fleet / C) * minutes} min. Real chains wait on cloud APIs, not`,
    `  on the runner's CPU, so C can rise until an account's API limits bite (--max-per-account).`,
  ]
}

// Waves of a rollout (`tasks apply --all --waves 1,25%,rest`): a canary, then a few, then the rest.
// Pure: the spec becomes sizes, and the sizes cut the ordered selection into waves of cluster names.
import type { Failure } from '../diag/mod.ts'

/** One wave's size: that many clusters, that share of the whole selection, or every cluster left. */
export type WaveSize = { count: number } | { percent: number } | { rest: true }

/** A selected cluster as the waves see it: its name and its cluster.yaml `wave:`, if any. */
export interface WaveCluster {
  name: string
  wave?: number
}

export type WavesParse = { ok: true; sizes: WaveSize[] } | { ok: false; failure: Failure }

const SIZES = 'counts (1), percentages of the selection (25%), and rest only last'
const GENERAL = `a comma list of wave sizes: ${SIZES}`

const COUNT = /^\d+$/
const PERCENT = /^(\d+(?:\.\d*)?|\.\d+)%$/

/**
 * The wave sizes of a `--waves` spec, or why it cannot be used. Items are separated by commas and may
 * have whitespace around them; `rest` may only come last, since it leaves nothing for a later wave.
 */
export function parseWaves(spec: string, option = '--waves'): WavesParse {
  const fail = (expected: string): WavesParse => ({ ok: false, failure: { reason: 'bad-option-value', option, value: spec, expected } })
  if (spec.trim() === '') return fail(GENERAL)
  const items = spec.split(',').map((item) => item.trim())
  const sizes: WaveSize[] = []
  for (const [i, item] of items.entries()) {
    const size = parseItem(item, i === items.length - 1)
    if (typeof size === 'string') return fail(size)
    sizes.push(size)
  }
  return { ok: true, sizes }
}

// One trimmed item as a size, or the phrase saying what is wrong with it and what is allowed.
function parseItem(item: string, last: boolean): WaveSize | string {
  if (item === '') return `a wave size between every two commas: ${SIZES}`
  if (item === 'rest') return last ? { rest: true } : 'rest only as the last wave (it takes every cluster left), e.g. 1,25%,rest'
  if (COUNT.test(item)) {
    const count = Number(item)
    return count >= 1 ? { count } : 'counts of at least 1 (a wave of 0 clusters runs nothing), e.g. 1,25%,rest'
  }
  const percent = PERCENT.exec(item)
  if (percent) {
    const value = Number(percent[1])
    return value > 0 && value <= 100 ? { percent: value } : `percentages above 0% and at most 100%, e.g. 1,25%,rest`
  }
  return `${GENERAL}; "${item}" is none of these`
}

// By code unit, so the order does not depend on the locale.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The rollout order: by `wave:` ascending, clusters without one after all with one, then by name.
 * A `wave:` that is not a finite number (NaN) counts as none, so the sort stays consistent.
 */
export function rolloutOrder(clusters: readonly WaveCluster[]): WaveCluster[] {
  const rank = (c: WaveCluster): number => (c.wave !== undefined && Number.isFinite(c.wave) ? c.wave : Number.POSITIVE_INFINITY)
  return [...clusters].sort((a, b) => {
    const ra = rank(a)
    const rb = rank(b)
    return ra < rb ? -1 : ra > rb ? 1 : compare(a.name, b.name)
  })
}

// How many clusters a size takes when `left` remain of a selection of `total`. A percentage is of
// the whole selection, rounded up and at least 1; the small epsilon keeps 10% of 30 at 3 despite
// floating point (0.1 × 30 is 3.0000000000000004).
function take(size: WaveSize, total: number, left: number): number {
  if ('rest' in size) return left
  const wanted = 'count' in size ? size.count : Math.max(1, Math.ceil((size.percent * total) / 100 - 1e-9))
  return Math.min(wanted, left)
}

/**
 * The selection cut into waves of cluster names, in rollout order. Clusters the sizes do not cover
 * form one more, last wave, so no cluster is silently left out; waves with nothing left to take are
 * dropped, so no wave is empty and every cluster is in exactly one.
 */
export function assignWaves(clusters: readonly WaveCluster[], sizes: readonly WaveSize[]): string[][] {
  const names = rolloutOrder(clusters).map((c) => c.name)
  const waves: string[][] = []
  let at = 0
  for (const size of sizes) {
    const n = take(size, names.length, names.length - at)
    if (n > 0) waves.push(names.slice(at, at + n))
    at += n
  }
  if (at < names.length) waves.push(names.slice(at))
  return waves
}

/** One line per wave, for dry runs and help: `wave 2 of 3: b, c`. */
export function describeWaves(waves: readonly string[][]): string {
  return waves.map((names, i) => `wave ${i + 1} of ${waves.length}: ${names.join(', ')}`).join('\n')
}

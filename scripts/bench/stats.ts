// Summaries of repeated measurements (median, min, max, p90) and the number formats of the report.

export interface Summary {
  n: number
  median: number
  min: number
  max: number
  p90: number
}

/** The value at fraction q of the sorted samples (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN
  const rank = Math.ceil(q * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { n: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1], p90: quantile(sorted, 0.9) }
}

/** `123 ms`, `1.23 s`: milliseconds as a person reads them. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`
  if (value >= 10) return `${value.toFixed(0)} ms`
  return `${value.toFixed(1)} ms`
}

/** `412 ms (min 398 ms, max 455 ms, p90 440 ms, n=15)`. */
export function spread(s: Summary, unit: (v: number) => string = ms): string {
  return `min ${unit(s.min)}, p90 ${unit(s.p90)}, max ${unit(s.max)}, n=${s.n}`
}

export const ratio = (value: number, base: number): string => (Number.isFinite(value / base) ? `${(value / base).toFixed(2)}×` : 'n/a')

export const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`

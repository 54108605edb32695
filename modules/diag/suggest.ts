// "Did you mean" suggestions: the closest known name by edit distance, if it is close enough.

/** Levenshtein distance between two strings. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
    }
    prev = row
  }
  return prev[b.length]
}

/**
 * The known name closest to `name`, or undefined when none is within a third of its length
 * (at least 2 edits), so that unrelated names are never suggested.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(name: string, known: readonly string[]): string {
  const hit = closest(name, known)
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`
}

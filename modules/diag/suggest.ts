// "Did you mean" suggestions: the closest known name by edit distance, if it is close enough.

/** Edit distance where swapping two neighbouring letters is one edit (optimal string alignment). */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/**
 * The known name closest to `name`, or undefined when none is within a third of its length
 * (at least 1 edit, and fewer edits than letters), so that unrelated names are never suggested.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const limit = Math.min(Math.max(1, Math.floor(name.length / 3)), name.length - 1)
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

/**
 * Options a typo is never steered to: each approves a change or lifts a safeguard, so a guess
 * must not turn a harmless slip (`-v`) into one (`-y`). They stay listed in `tasks --help`.
 */
export const NEVER_SUGGESTED: readonly string[] = ['--yes', '-y', '--allow-protected', '--force', '--migrate-state', '--reconfigure']

/** Short options typed from other tools' habits, and the long option they usually mean here. */
const SHORT_HABITS: Record<string, string> = { '-v': '--version', '-V': '--version' }

/**
 * The option meant by an unknown one: a habit (`-v` → `--version`), else the closest long option,
 * unless that is a flag of NEVER_SUGGESTED (then nothing: the next best would be a wrong guess).
 * A short option is one letter: too little to guess from, so only habits are suggested for it.
 */
export function closestOption(name: string, known: readonly string[]): string | undefined {
  const habit = SHORT_HABITS[name]
  if (habit !== undefined) return known.includes(habit) ? habit : undefined
  if (!name.startsWith('--')) return undefined
  const hit = closest(name, known.filter((k) => k.startsWith('--')))
  return hit === undefined || NEVER_SUGGESTED.includes(hit) ? undefined : hit
}

/** ` (did you mean "x"?)` or the empty string; names starting with `-` are options (closestOption). */
export function didYouMean(name: string, known: readonly string[]): string {
  const hit = name.startsWith('-') ? closestOption(name, known) : closest(name, known)
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`
}

// A committed generated file that no longer matches what its template renders: reported at its
// first differing line, with the command that regenerates it. A sensitive output is in the
// committed file as its value, in validate's rendering as REDACTED (outputs.json holds it so):
// there REDACTED stands for any text on its line, and no line of the file is quoted.
import type { Problem } from '../manifest/mod.ts'
import { REDACTED } from '../tools/parse-terraform.ts'

/** The first line (1-based) where two texts differ, or undefined when they are equal. */
export function firstDifference(a: string, b: string, same = (x: string, y: string) => x === y): number | undefined {
  if (a === b) return undefined
  const x = a.split('\n')
  const y = b.split('\n')
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] === undefined || y[i] === undefined || !same(x[i], y[i])) return i + 1
  return undefined
}

/**
 * Whether a committed line is what a rendered line says, each REDACTED in it matching any text
 * within the line: the pieces between them found in order, leftmost first (exact for `*` patterns).
 */
export function lineMatches(committed: string, rendered: string): boolean {
  if (!rendered.includes(REDACTED)) return committed === rendered
  const pieces = rendered.split(REDACTED)
  const first = pieces[0]
  const last = pieces[pieces.length - 1]
  if (committed.length < first.length + last.length || !committed.startsWith(first) || !committed.endsWith(last)) return false
  let at = first.length
  const end = committed.length - last.length
  for (const piece of pieces.slice(1, -1)) {
    const found = committed.indexOf(piece, at)
    if (found < 0 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s)

/** A problem when `committed` exists and differs from `rendered`; an absent file is not stale. */
export function staleFile(file: string, committed: string | undefined, rendered: string, cluster: string): Problem | undefined {
  if (committed === undefined) return undefined
  const line = firstDifference(committed, rendered, lineMatches)
  if (line === undefined) return undefined
  const want = rendered.split('\n')[line - 1]
  const now = want === undefined ? 'ends here' : `renders ${JSON.stringify(clip(want))} here`
  return {
    at: { file, line, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: `${file} is stale: the template now ${now}`,
    hint: `regenerate it with \`npx tasks cluster-template --cluster ${cluster}\` (and \`npx tasks cluster-update --cluster ${cluster}\` for kubernetes.tf), then commit both`,
    // Any line of a file a sensitive value was rendered into may hold it (lines shift).
    ...(rendered.includes(REDACTED) ? { quote: false as const } : {}),
  }
}

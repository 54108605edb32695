// A committed generated file that no longer matches what its template renders: reported at its
// first differing line, with the command that regenerates it.
import type { Problem } from '../manifest/mod.ts'

/** The first line (1-based) where two texts differ, or undefined when they are equal. */
export function firstDifference(a: string, b: string): number | undefined {
  if (a === b) return undefined
  const x = a.split('\n')
  const y = b.split('\n')
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1
  return undefined
}

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s)

/** A problem when `committed` exists and differs from `rendered`; an absent file is not stale. */
export function staleFile(file: string, committed: string | undefined, rendered: string, cluster: string): Problem | undefined {
  if (committed === undefined) return undefined
  const line = firstDifference(committed, rendered)
  if (line === undefined) return undefined
  const want = rendered.split('\n')[line - 1]
  const now = want === undefined ? 'ends here' : `renders ${JSON.stringify(clip(want))} here`
  return {
    at: { file, line, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: `${file} is stale: the template now ${now}`,
    hint: `regenerate it with \`npx tasks cluster-template --cluster ${cluster}\` (and \`npx tasks cluster-update --cluster ${cluster}\` for kubernetes.tf), then commit both`,
  }
}

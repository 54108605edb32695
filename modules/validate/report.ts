// Validation results for people (file:line:column, the line and a caret, a hint) and for editors
// and CI (--json). A problem a shared template causes in many clusters is shown once, with them.
import { excerpt, formatLocation, printable } from '../diag/mod.ts'
import type { Problem } from '../manifest/mod.ts'

/** A problem and the clusters it was found in (none for a --manifest file). */
export interface Finding extends Problem {
  clusters: string[]
}

/** Merges identical problems found in several clusters; sorted by file, line, column. */
export function collect(perCluster: ReadonlyArray<{ cluster?: string; problems: readonly Problem[] }>): Finding[] {
  const byKey = new Map<string, Finding>()
  for (const { cluster, problems } of perCluster) {
    for (const p of problems) {
      const key = `${formatLocation(p.at)}\0${p.rule}\0${p.message}`
      const found = byKey.get(key) ?? { ...p, clusters: [] }
      if (cluster !== undefined && !found.clusters.includes(cluster)) found.clusters.push(cluster)
      byKey.set(key, found)
    }
  }
  return [...byKey.values()].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column)
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** Where a finding was seen, when it is not obvious from its file (a shared template). */
function seenIn(f: Finding): string {
  if (f.clusters.length === 0 || f.at.file.includes(`/${f.clusters[0]}/`)) return ''
  return f.clusters.length === 1 ? ` (cluster ${f.clusters[0]})` : ` (clusters ${f.clusters.join(', ')})`
}

/** Every finding as text, then one summary line; what it quotes of the user's files is shown printable. */
export function formatFindings(findings: readonly Finding[], checked: { what: string; count: number }, line: (file: string, n: number) => string | undefined): string {
  const out: string[] = []
  for (const f of findings) {
    out.push(printable(`${formatLocation(f.at)} ${f.severity}: ${f.message} [${f.rule}]${seenIn(f)}${f.quote === false ? '' : excerpt(f.at, line(f.at.file, f.at.line))}`))
    if (f.hint) out.push(printable(`  hint: ${f.hint}`))
  }
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
  out.push(errors ? `✖ ${plural(checked.count, checked.what)} checked: ${counts}.` : `✔ ${plural(checked.count, checked.what)} valid${warnings ? ` (${plural(warnings, 'warning')})` : ''}.`)
  return `${out.join('\n')}\n`
}

/** The --json document: one entry per finding, flat locations for editors. */
export function findingsJson(findings: readonly Finding[], checked: { what: string; names: readonly string[] }): string {
  const problems = findings.map((f) => ({
    file: f.at.file,
    line: f.at.line,
    column: f.at.column,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
    clusters: f.clusters,
  }))
  const ok = !findings.some((f) => f.severity === 'error')
  return `${JSON.stringify({ ok, checked: { [checked.what === 'cluster' ? 'clusters' : 'files']: checked.names }, problems }, null, 2)}\n`
}

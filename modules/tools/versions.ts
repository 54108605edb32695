// Version requirements: a cluster pins kopsVersion exactly (as the seed's check did) and may give
// a terraformVersion range in Terraform's own constraint syntax (">= 1.5, < 2.0", "~> 1.9").

/** major.minor.patch and an optional prerelease, from any text that contains a version. */
export interface Version {
  parts: [number, number, number]
  pre: string
  text: string
}

const VERSION = /v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?/

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text)
  if (!m) return undefined
  const parts: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)]
  return { parts, pre: m[4] ?? '', text: `${parts.join('.')}${m[4] ? `-${m[4]}` : ''}` }
}

export function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1
  if (a.pre === b.pre) return 0
  if (!a.pre) return 1
  if (!b.pre) return -1
  return a.pre < b.pre ? -1 : 1
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>'
interface Clause {
  op: Op
  version: Version
  /** How many numbers were written: "~> 1.9" (2) allows 1.x, "~> 1.9.2" (3) allows 1.9.x. */
  written: number
}

function parseClause(text: string): Clause | undefined {
  const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)\s*$/.exec(text)
  const version = m ? parseVersion(m[2]) : undefined
  if (!m || !version) return undefined
  return { op: (m[1] ?? '=') as Op, version, written: m[2].replace(/-.*/, '').split('.').length }
}

function holds(c: Clause, v: Version): boolean {
  const d = compare(v, c.version)
  switch (c.op) {
    case '=': return d === 0
    case '!=': return d !== 0
    case '>': return d > 0
    case '>=': return d >= 0
    case '<': return d < 0
    case '<=': return d <= 0
    case '~>': {
      const fixed = Math.max(1, c.written - 1)
      return d >= 0 && v.parts.slice(0, fixed).every((n, i) => n === c.version.parts[i])
    }
  }
}

export type ConstraintCheck = { ok: true } | { ok: false; reason: string }

/** Whether `actual` satisfies every comma-separated clause of `constraint`. */
export function satisfies(actual: string, constraint: string): ConstraintCheck {
  const v = parseVersion(actual)
  if (!v) return { ok: false, reason: `cannot read a version from "${actual}"` }
  for (const text of constraint.split(',')) {
    const clause = parseClause(text)
    if (!clause) return { ok: false, reason: `"${constraint}" is not a version constraint (e.g. ">= 1.5, < 2.0" or "~> 1.9")` }
    if (!holds(clause, v)) return { ok: false, reason: `${v.text} does not satisfy "${constraint}"` }
  }
  return { ok: true }
}

/** An exact pin, as the seed's `kops version` check: "1.28.4" matches "1.28.4" only. */
export function matchesExactly(actual: string, pinned: string): ConstraintCheck {
  const a = parseVersion(actual)
  const p = parseVersion(pinned)
  if (!a || !p) return { ok: false, reason: `cannot compare "${actual}" with "${pinned}"` }
  return compare(a, p) === 0 ? { ok: true } : { ok: false, reason: `${a.text} is not the pinned ${p.text}` }
}

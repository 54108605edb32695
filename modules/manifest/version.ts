// Kubernetes version syntax as kOps reads it (util.ParseKubernetesVersion): a tolerant semantic
// version (`v1.28.5`, `1.28.5`, `1.28`, `v1.27.0-alpha.3`), or a release URL ending in `/vX.Y.Z`.
import { text, valueAt, type At } from './nodes.ts'
import { field, type Findings } from './problem.ts'

export interface KubernetesVersion {
  major: number
  minor: number
  patch: number
  pre: string[]
  build: string[]
}

const NUMBER = /^(0|[1-9]\d*)$/
const IDENT = /^[0-9A-Za-z-]+$/

// A pre-release identifier: alphanumeric, and a numeric one has no leading zero.
const preOk = (id: string): boolean => IDENT.test(id) && (!/^\d+$/.test(id) || NUMBER.test(id))

/** A strict semantic version MAJOR.MINOR.PATCH[-PRE][+BUILD] (blang/semver's Parse). */
export function parseSemver(s: string): KubernetesVersion | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([^+]+))?(?:\+(.+))?$/.exec(s)
  if (!m || ![m[1], m[2], m[3]].every((n) => NUMBER.test(n))) return undefined
  const pre = m[4] === undefined ? [] : m[4].split('.')
  const build = m[5] === undefined ? [] : m[5].split('.')
  if (!pre.every(preOk) || !build.every((id) => IDENT.test(id))) return undefined
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre, build }
}

// `007` → `7`, `00` → `0`, `0-rc` stays.
function stripZeros(p: string): string {
  if (p.length <= 1) return p
  const t = p.replace(/^0+/, '')
  return t === '' || !/^\d/.test(t) ? `0${t}` : t
}

/** blang/semver's ParseTolerant: trims spaces and a leading `v`, strips leading zeros, fills `1.28` to `1.28.0`. */
export function parseTolerant(s: string): KubernetesVersion | undefined {
  const parts = s.trim().replace(/^v/, '').split('.')
  const head = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join('.')] : parts
  const trimmed = head.map(stripZeros)
  if (trimmed.length < 3) {
    if (/[+-]/.test(trimmed[trimmed.length - 1])) return undefined
    while (trimmed.length < 3) trimmed.push('0')
  }
  return parseSemver(trimmed.join('.'))
}

/** A version as kOps accepts it for spec.kubernetesVersion, or undefined. */
export function parseKubernetesVersion(s: string): KubernetesVersion | undefined {
  const v = parseTolerant(s)
  if (v !== undefined) return v
  // A URL of a custom release (https://…/release/v1.28.5) names its version in the path.
  const url = /^https?:\/\/\S+\/v(\d+\.\d+\.\d+[^/\s]*)\/?$/.exec(s)
  return url ? parseSemver(url[1]) : undefined
}

/** Reports a kubernetesVersion kOps cannot parse (rule `kubernetes-version`). */
export function checkVersion(f: Findings, at: At | undefined): void {
  const value = text(at)
  if (at === undefined || value === undefined || value === '' || parseKubernetesVersion(value) !== undefined) return
  const hint = 'write MAJOR.MINOR.PATCH, e.g. 1.28.9 or v1.28.9'
  f.error(valueAt(at), 'kubernetes-version', field.invalid(at.path, value, 'unable to determine kubernetes version'), hint)
}

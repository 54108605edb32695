// Settings that are maps of their own in .tasksrc (`rollout:`, `cache:`): each key checked by its
// own rule, so a bad default fails where it is written (file:line:column), not in the middle of a
// rollout or on the first remote lookup.
import { parseRemote } from '../cache/remote.ts'
import { parseWaves } from '../rollout/waves.ts'

export interface RolloutSettings {
  waves?: string
  maxPerAccount?: number
}

export interface CacheSettings {
  /** s3://BUCKET/PREFIX: cache records shared between machines (CI runners). */
  remote?: string
}

/** A value as its setting wants it, or what was expected instead. */
type Rule = (value: unknown) => { ok: true } | { ok: false; expected: string }

const wholeNumber: Rule = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? { ok: true } : { ok: false, expected: 'a whole number of at least 1' })

const waves: Rule = (v) => {
  const parsed = typeof v === 'string' ? parseWaves(v, 'rollout.waves') : undefined
  if (parsed?.ok) return { ok: true }
  return { ok: false, expected: parsed && parsed.failure.reason === 'bad-option-value' ? parsed.failure.expected : 'a string of wave sizes such as "1,25%,rest"' }
}

const remote: Rule = (v) => {
  const parsed = typeof v === 'string' ? parseRemote(v) : 'it is not a string'
  return typeof parsed === 'string' ? { ok: false, expected: `an s3://BUCKET/PREFIX address (${parsed})` } : { ok: true }
}

const NESTED = {
  rollout: { waves, maxPerAccount: wholeNumber },
  cache: { remote },
} as const satisfies Record<string, Record<string, Rule>>

export type NestedName = keyof typeof NESTED
export const isNested = (key: string): key is NestedName => Object.hasOwn(NESTED, key)

/** A nested setting checked key by key; a problem names the key path (`rollout.waves`). */
export function checkNested(name: NestedName, raw: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; path: string[]; detail: string } {
  const rules: Record<string, Rule> = NESTED[name]
  const known = Object.keys(rules)
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, path: [name], detail: `setting "${name}" must be a map of ${known.join(', ')}, not ${JSON.stringify(raw)}` }
  }
  for (const [key, value] of Object.entries(raw)) {
    const path = [name, key]
    const rule = rules[key]
    if (!rule) return { ok: false, path, detail: `unknown setting "${name}.${key}"; known settings are ${known.map((k) => `${name}.${k}`).join(', ')}` }
    const checked = rule(value)
    if (!checked.ok) return { ok: false, path, detail: `setting "${name}.${key}" must be ${checked.expected}, not ${JSON.stringify(value)}` }
  }
  return { ok: true, value: { ...raw } }
}

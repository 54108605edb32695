// Sensitive values in stage results (Terraform outputs marked sensitive): dependants in the same
// run use the value; anything written — cache records, key parts, explain — sees only a keyed
// digest, so a changed secret still changes downstream keys without being stored.
import { createHmac, randomBytes } from 'node:crypto'

/** A fresh random key, for a state directory that has none yet. */
export const newSecretKey = (): string => randomBytes(32).toString('hex')

/**
 * Sensitive values under one digest key (the session's, from `<state>/secret.key`, so digests
 * are stable from run to run). Passed where secrets are made, never held by a module.
 */
export interface Secrets {
  /** HMAC-SHA-256 of a value's JSON under the key. */
  digest(value: unknown): string
  /** Wraps a sensitive value, its digest taken now. */
  wrap(value: unknown): Secret
}

export function keyedSecrets(key: string): Secrets {
  const digest = (value: unknown): string => createHmac('sha256', key).update(JSON.stringify(value) ?? 'null').digest('hex')
  return { digest, wrap: (value) => new Secret(value, digest(value)) }
}

/**
 * A sensitive value and its keyed digest. JSON encoding (records, key parts, --json) gives
 * `{"$secret": digest}`: the digest is taken when it is made, as JSON encoding sees no key.
 */
export class Secret {
  readonly value: unknown
  readonly #encoded: string
  constructor(value: unknown, digest: string) {
    this.value = value
    this.#encoded = digest
  }
  toJSON(): { $secret: string } {
    return { $secret: this.#encoded }
  }
  toString(): string {
    return '(sensitive)'
  }
}

/** The plain value of a possibly wrapped one. */
export const reveal = (v: unknown): unknown => (v instanceof Secret ? v.value : v)

/** Thrown when a value that was never recorded is used: a sensitive output served offline. */
export class UnrecordedSecretError extends Error {
  readonly output: string
  constructor(output: string) {
    super(`output "${output}" is sensitive and not recorded (only its digest is), so it cannot be used offline; run once without --offline`)
    this.name = 'UnrecordedSecretError'
    this.output = output
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * A sensitive value read back from a record or a committed file: only its digest (or nothing) is
 * known. It encodes as the recorded digest, so keys match the run that recorded it and a stage
 * whose inputs did not change is still skipped offline; using the value itself (rendering it,
 * turning it into a string) throws UnrecordedSecretError and marks it `used`.
 */
export class RedactedSecret extends Secret {
  readonly output: string
  readonly digest: string | undefined
  used = false
  constructor(output: string, digest?: string) {
    super(undefined, digest ?? 'not recorded')
    this.output = output
    this.digest = digest
    const fail = (): never => {
      this.used = true
      throw new UnrecordedSecretError(output)
    }
    const stand = new Proxy(Object.create(null) as object, {
      get(_target, name) {
        if (name === 'then' || name === Symbol.toStringTag) return undefined
        if (name === INSPECT) return () => '(sensitive, not recorded)'
        return fail()
      },
      has: fail,
      ownKeys: fail,
    })
    Object.defineProperty(this, 'value', { value: stand, enumerable: true })
  }
}

/** What a record or a committed file holds for a sensitive value, made usable (see RedactedSecret). */
export function redactedFromRecord<T>(value: T, name = ''): T {
  if (Array.isArray(value)) return value.map((v, i) => redactedFromRecord(v, name || String(i))) as T
  if (!value || typeof value !== 'object') return value
  const o = value as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length === 1 && typeof o.$secret === 'string') return new RedactedSecret(name, o.$secret) as T
  // A committed `terraform output -json` entry, redacted: {"sensitive": true, "value": "(sensitive)"}.
  if (o.sensitive === true && o.value === '(sensitive)') return { ...o, value: new RedactedSecret(name) } as T
  // Below the top level the output's name stays what the message names.
  return Object.fromEntries(keys.map((k) => [k, redactedFromRecord(o[k], name || k)])) as T
}

/** Sensitive values that a stage tried to use though they were not recorded, by output name. */
export function usedUnrecorded(value: unknown, seen = new Set<unknown>()): string[] {
  if (value instanceof RedactedSecret) return value.used ? [value.output] : []
  if (!value || typeof value !== 'object' || seen.has(value)) return []
  seen.add(value)
  return [...new Set(Object.values(value as Record<string, unknown>).flatMap((v) => usedUnrecorded(v, seen)))]
}

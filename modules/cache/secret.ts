// Sensitive values in stage results (Terraform outputs marked sensitive): dependants in the same
// run use the value; anything written — cache records, key parts, explain — sees only a keyed
// digest, so a changed secret still changes downstream keys without being stored.
import { createHmac, randomBytes } from 'node:crypto'

let digestKey: string = randomBytes(32).toString('hex')

/** Sets the digest key (the session loads it from the state directory, so digests are stable). */
export function useSecretKey(key: string): void {
  digestKey = key
}

/** A fresh random key, for a state directory that has none yet. */
export const newSecretKey = (): string => randomBytes(32).toString('hex')

/** HMAC-SHA-256 of a value's JSON under the digest key. */
export const secretDigest = (value: unknown): string => createHmac('sha256', digestKey).update(JSON.stringify(value) ?? 'null').digest('hex')

/** Wraps a sensitive value. JSON encoding (records, --json) gives `{"$secret": digest}`. */
export class Secret {
  readonly value: unknown
  constructor(value: unknown) {
    this.value = value
  }
  toJSON(): { $secret: string } {
    return { $secret: secretDigest(this.value) }
  }
  toString(): string {
    return '(sensitive)'
  }
}

/** The plain value of a possibly wrapped one. */
export const reveal = (v: unknown): unknown => (v instanceof Secret ? v.value : v)

// SSH public keys as kOps handles them: parsed like ssh.ParseAuthorizedKey, stored under the
// OpenSSH MD5 fingerprint (MD5 of the decoded key blob), and named in AWS by the AWS fingerprint
// (MD5 of the DER public key for RSA, `SHA256:…` for ed25519), both as colon-separated hex.
import { createHash, createPublicKey } from 'node:crypto'

/** A parsed public key: its type (`ssh-rsa`, `ssh-ed25519`, …) and its decoded blob. */
export interface PublicKey {
  type: string
  blob: Buffer
}

/** Hex bytes separated by colons, as kOps prints fingerprints. */
export const colonHex = (bytes: Buffer): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':')

// The SSH wire format: a sequence of uint32-length-prefixed strings.
function wireStrings(blob: Buffer): Buffer[] {
  const out: Buffer[] = []
  for (let at = 0; at + 4 <= blob.length; ) {
    const len = blob.readUInt32BE(at)
    if (at + 4 + len > blob.length) throw new Error('ssh: short read')
    out.push(blob.subarray(at + 4, at + 4 + len))
    at += 4 + len
  }
  return out
}

/** The first key of an authorized_keys text, or an error message (`ssh: no key found`). */
export function parseAuthorizedKey(content: string): PublicKey | string {
  for (const line of content.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 2 || fields[0].startsWith('#')) continue
    const blob = Buffer.from(fields[1], 'base64')
    try {
      const [type] = wireStrings(blob)
      if (type && type.toString() === fields[0]) return { type: fields[0], blob }
    } catch {
      // not a key line; keep looking
    }
  }
  return 'ssh: no key found'
}

/** The OpenSSH MD5 fingerprint, e.g. `4b:06:4a:…`: kOps's id for the key in the store. */
export const openSshFingerprint = (key: PublicKey): string => colonHex(createHash('md5').update(key.blob).digest())

const unsigned = (mpint: Buffer): Buffer => {
  let i = 0
  while (i < mpint.length - 1 && mpint[i] === 0) i++
  return mpint.subarray(i)
}

/** AWS's fingerprint of the key (the one in `aws_key_pair` names), or an error message. */
export function awsFingerprint(key: PublicKey): string | { error: string } {
  if (key.type === 'ssh-ed25519') {
    return `SHA256:${createHash('sha256').update(key.blob).digest('base64').replace(/=+$/, '')}`
  }
  if (key.type !== 'ssh-rsa') return { error: `unexpected type of SSH key (${key.type}); AWS can only import RSA and ed25519 keys` }
  const [, e, n] = wireStrings(key.blob)
  const jwk = { kty: 'RSA', e: unsigned(e).toString('base64url'), n: unsigned(n).toString('base64url') }
  const der = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' })
  return colonHex(createHash('md5').update(der).digest())
}

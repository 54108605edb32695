// `kops create sshpublickey [CLUSTER] -i FILE` (kOps ≥ 1.22) and the legacy
// `kops create secret sshpublickey NAME -i FILE --name CLUSTER` (cli-contracts.md §2.2): the key
// is stored in the state store under its MD5 fingerprint; silent on success. Re-adding the same
// key rewrites the same object (a no-op).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { nameFlag, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { flag } from './flags.ts'
import { openSshFingerprint, parseAuthorizedKey } from './sshkey.ts'
import { addSshPublicKey, openStore, requireCluster, type Store } from './store.ts'

/** Stores a public key for the cluster; returns kOps's error text when it does not parse. */
export function addSshKey(store: Store, cluster: string, content: string): string | undefined {
  const key = parseAuthorizedKey(content)
  if (typeof key === 'string') return `error parsing SSH public key: ${key}`
  addSshPublicKey(store, cluster, openSshFingerprint(key), content)
  return undefined
}

function readKey(ctx: Ctx, file: string): string {
  const path = resolve(ctx.io.cwd, file.replace(/^~(?=\/)/, ctx.io.env.HOME ?? '~'))
  if (!existsSync(path)) throw new KopsError(`error reading SSH public key ${file}: open ${file}: no such file or directory`)
  return readFileSync(path, 'utf8')
}

function store(ctx: Ctx, cluster: string, file: string): number {
  const s = openStore(ctx)
  requireCluster(s, cluster)
  const error = addSshKey(s, cluster, readKey(ctx, file))
  if (error) throw new KopsError(`error adding SSH public key: ${error}`)
  return 0
}

function runSshPublicKey(ctx: Ctx): number {
  const cluster = requireClusterName(ctx)
  const file = flag(ctx.parsed, 'ssh-public-key')
  if (file === '') throw new KopsError('required flag(s) "ssh-public-key" not set')
  return store(ctx, cluster, file)
}

function runSecretSshPublicKey(ctx: Ctx): number {
  if (ctx.args.length !== 1) throw new KopsError('syntax: NAME -i <PublicKeyPath>')
  const cluster = nameFlag(ctx)
  if (cluster === '') throw new KopsError('--name is required')
  const file = flag(ctx.parsed, 'pubkey')
  if (file === '') throw new KopsError('error reading SSH public key : open : no such file or directory')
  return store(ctx, cluster, file)
}

/** `kops create sshpublickey`. */
export const createSshPublicKeyCommand: CommandDef = {
  path: ['create', 'sshpublickey'],
  short: 'Create an SSH public key.',
  flags: [{ name: 'ssh-public-key', short: 'i', kind: 'string', aliases: ['pubkey'] }],
  run: runSshPublicKey,
}

/** `kops create secret sshpublickey` (≤ 1.21 spelling). */
export const createSecretSshPublicKeyCommand: CommandDef = {
  path: ['create', 'secret', 'sshpublickey'],
  short: 'Create an SSH public key (legacy).',
  flags: [{ name: 'pubkey', short: 'i', kind: 'string' }],
  run: runSecretSshPublicKey,
}

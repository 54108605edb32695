// `kops replace -f FILE [--force]` (cli-contracts.md §2.1): each document of each file in order —
// a Cluster is updated (or created with --force), an InstanceGroup needs its cluster (label
// kops.k8s.io/cluster) and is updated (or created with --force), an SSHCredential adds a key.
// Per-object validation on write; silent on success. Documents before a failing one stay written.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { aggregate, CLUSTER_LABEL, decode, nameOf, specOf, validateCluster, validateInstanceGroup } from './api.ts'
import { klog, now } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, listFlag } from './flags.ts'
import { addSshKey } from './cmd-create.ts'
import { openStore, readCluster, readInstanceGroup, writeCluster, writeInstanceGroup, writeObject, type Store } from './store.ts'
import { parseDocuments, rec, text, type Rec } from './yaml-io.ts'
import { kopsVersion } from './cmd-version.ts'

const stamp = (ctx: Ctx): string => now(ctx.io).toISOString().replace(/\.\d{3}Z$/, 'Z')

// The document with a creationTimestamp: its own, the stored one's, or now.
function withTimestamp(ctx: Ctx, doc: Rec, stored: Rec | undefined): Rec {
  const metadata = rec(doc.metadata)
  if (metadata.creationTimestamp) return doc
  const previous = rec(stored?.metadata).creationTimestamp
  return { ...doc, metadata: { ...metadata, creationTimestamp: previous ?? stamp(ctx) } }
}

function replaceCluster(ctx: Ctx, store: Store, doc: Rec, force: boolean): void {
  const name = nameOf(doc)
  const stored = name ? readCluster(store, name) : undefined
  if (!stored && !force) throw new KopsError(`cluster ${name} does not exist (try adding --force flag)`)
  const errors = validateCluster(doc)
  if (errors.length) throw new KopsError(`error ${stored ? 'replacing' : 'creating'} cluster: ${aggregate(errors)}`)
  writeCluster(store, withTimestamp(ctx, doc, stored))
  writeObject(store, name, 'kops-version.txt', kopsVersion(ctx))
}

function clusterOfLabel(doc: Rec, kind: string): string {
  const cluster = text(rec(rec(doc.metadata).labels)[CLUSTER_LABEL])
  if (cluster === '') throw new KopsError(`must specify "${CLUSTER_LABEL}" label with cluster name to replace ${kind}`)
  return cluster
}

function replaceInstanceGroup(ctx: Ctx, store: Store, doc: Rec, force: boolean): void {
  const cluster = clusterOfLabel(doc, 'instanceGroup')
  if (!readCluster(store, cluster)) throw new KopsError(`cluster "${cluster}" not found`)
  const name = nameOf(doc)
  const stored = name === '' ? undefined : readInstanceGroup(store, cluster, name)
  const exists = stored !== undefined
  if (!exists && !force) throw new KopsError(`instanceGroup: ${name} does not exist (try adding --force flag)`)
  if (!exists) klog(ctx, 'I', 'replace.go:178', `instanceGroup: ${name} was not found, creating resource now`)
  const errors = validateInstanceGroup(doc)
  if (errors.length) throw new KopsError(`error ${exists ? 'replacing' : 'creating'} instanceGroup: ${aggregate(errors)}`)
  writeInstanceGroup(store, cluster, withTimestamp(ctx, doc, stored))
}

function replaceSshCredential(store: Store, doc: Rec): void {
  const cluster = clusterOfLabel(doc, 'SSHCredential')
  const key = text(specOf(doc).publicKey)
  if (key === '') throw new KopsError('spec.PublicKey is required')
  if (!readCluster(store, cluster)) throw new KopsError(`cluster "${cluster}" not found`)
  const error = addSshKey(store, cluster, key)
  if (error) throw new KopsError(`error replacing SSHCredential: ${error}`)
}

function readManifest(ctx: Ctx, file: string): string {
  if (file === '-') throw new KopsError('error reading stdin: the sandbox kops does not read stdin; pass a file with -f')
  const path = resolve(ctx.io.cwd, file)
  if (!existsSync(path)) throw new KopsError(`error reading file "${file}": open ${file}: no such file or directory`)
  return readFileSync(path, 'utf8')
}

function run(ctx: Ctx): number {
  if (ctx.args.length > 0) throw new KopsError(`unknown command "${ctx.args[0]}" for "kops replace"`)
  const files = listFlag(ctx.parsed, 'filename')
  if (files.length === 0) throw new KopsError('required flag(s) "filename" not set')
  const force = boolFlag(ctx.parsed, 'force')
  const store = openStore(ctx)
  for (const file of files) {
    for (const value of parseDocuments(readManifest(ctx, file), file)) {
      const object = decode(value, file)
      if (object.kind === 'Cluster') replaceCluster(ctx, store, object.doc, force)
      else if (object.kind === 'InstanceGroup') replaceInstanceGroup(ctx, store, object.doc, force)
      else replaceSshCredential(store, object.doc)
    }
  }
  return 0
}

/** `kops replace`. */
export const replaceCommand: CommandDef = {
  path: ['replace'],
  short: 'Replace cluster resources.',
  flags: [
    { name: 'filename', short: 'f', kind: 'list' },
    { name: 'force', kind: 'bool' },
  ],
  run,
}

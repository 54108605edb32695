// The simulated state store. `s3://BUCKET[/prefix]` lives in `<sandboxDir>/s3/BUCKET[/prefix]`, and
// each cluster keeps kOps's real object layout under `<cluster>/`:
//   config                              the Cluster (v1alpha2 YAML)
//   instancegroup/<ig>                  each InstanceGroup
//   pki/ssh/public/admin/<fingerprint>  SSH public keys (MD5 fingerprint, colons removed)
//   cluster-completed.spec              the completed spec, written by `update cluster`
//   kops-version.txt                    the kOps version that last wrote the cluster
//   .sandbox/                           simulator-private bookkeeping (never read by real kOps)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { sandboxDir } from '../common/state-dir.ts'
import { stateStoreUrl } from './context.ts'
import { KopsError, type Ctx } from './types.ts'
import { parseDocuments, rec, toYaml, type Rec } from './yaml-io.ts'
import { nameOf } from './api.ts'

/** An opened state store: its URL, S3 bucket and key prefix, and its directory on disk. */
export interface Store {
  url: string
  bucket: string
  prefix: string
  dir: string
}

/** The folder of simulator-private files inside a cluster's state. */
export const PRIVATE_DIR = '.sandbox'

/** Opens the store named by --state / KOPS_STATE_STORE (only s3:// is simulated). */
export function openStore(ctx: Ctx): Store {
  const url = stateStoreUrl(ctx)
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url)
  if (!m) throw new KopsError(`error building path for "${url}": unknown / unhandled path type: "${url}"`)
  const bucket = m[1]
  const prefix = (m[2] ?? '').replace(/\/+$/, '')
  const dir = join(sandboxDir(ctx.io.env, ctx.io.cwd), 's3', bucket, ...prefix.split('/').filter(Boolean))
  return { url, bucket, prefix, dir }
}

/** Writes a file through a temporary name, creating folders. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, content)
  renameSync(tmp, path)
}

/** A cluster's folder in the store. */
export const clusterDir = (store: Store, cluster: string): string => join(store.dir, cluster)

/** The cluster's configBase URL in this store. */
export const configBase = (store: Store, cluster: string): string => `${store.url}/${cluster}`

/** The S3 key prefix of the cluster's objects. */
export const keyPrefix = (store: Store, cluster: string): string => (store.prefix ? `${store.prefix}/${cluster}` : cluster)

function readYaml(path: string): Rec | undefined {
  if (!existsSync(path)) return undefined
  const [doc] = parseDocuments(readFileSync(path, 'utf8'), path)
  return rec(doc)
}

/** The names of the clusters in the store. */
export function listClusters(store: Store): string[] {
  if (!existsSync(store.dir)) return []
  return readdirSync(store.dir).filter((n) => existsSync(join(store.dir, n, 'config'))).sort()
}

/** The stored Cluster, or undefined. */
export const readCluster = (store: Store, cluster: string): Rec | undefined => readYaml(join(clusterDir(store, cluster), 'config'))

/** The stored Cluster, or kOps's `cluster "X" not found`. */
export function requireCluster(store: Store, cluster: string): Rec {
  const doc = readCluster(store, cluster)
  if (!doc) throw new KopsError(`cluster "${cluster}" not found`)
  return doc
}

/** Stores a Cluster (as kOps's sorted v1alpha2 YAML). */
export function writeCluster(store: Store, doc: Rec): void {
  writeFileAtomic(join(clusterDir(store, nameOf(doc)), 'config'), toYaml(doc))
}

/** The cluster's InstanceGroups, by name. */
export function listInstanceGroups(store: Store, cluster: string): Rec[] {
  const dir = join(clusterDir(store, cluster), 'instancegroup')
  if (!existsSync(dir)) return []
  const names = readdirSync(dir).filter((n) => !n.includes('.tmp-')).sort()
  return names.map((n) => readYaml(join(dir, n))).filter((d): d is Rec => d !== undefined)
}

/** The stored InstanceGroup of that name, or undefined. */
export const readInstanceGroup = (store: Store, cluster: string, ig: string): Rec | undefined =>
  readYaml(join(clusterDir(store, cluster), 'instancegroup', ig))

/** Stores an InstanceGroup. */
export function writeInstanceGroup(store: Store, cluster: string, doc: Rec): void {
  writeFileAtomic(join(clusterDir(store, cluster), 'instancegroup', nameOf(doc)), toYaml(doc))
}

const sshDir = (store: Store, cluster: string): string => join(clusterDir(store, cluster), 'pki', 'ssh', 'public', 'admin')

/** The stored SSH public keys (file contents), by fingerprint. */
export function sshPublicKeys(store: Store, cluster: string): string[] {
  const dir = sshDir(store, cluster)
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((n) => !n.includes('.tmp-')).sort().map((n) => readFileSync(join(dir, n), 'utf8'))
}

/** Stores an SSH public key under its MD5 fingerprint (`aa:bb:…`, stored without colons). */
export function addSshPublicKey(store: Store, cluster: string, fingerprint: string, content: string): void {
  writeFileAtomic(join(sshDir(store, cluster), fingerprint.replaceAll(':', '')), content)
}

/** Removes every admin SSH public key of the cluster (kOps's DeleteSSHCredential); none is fine. */
export function deleteSshPublicKeys(store: Store, cluster: string): void {
  rmSync(sshDir(store, cluster), { recursive: true, force: true })
}

/** Writes an object (e.g. `cluster-completed.spec`) in the cluster's folder. */
export function writeObject(store: Store, cluster: string, key: string, content: string): void {
  writeFileAtomic(join(clusterDir(store, cluster), key), content)
}

/** Reads an object of the cluster's folder, or undefined. */
export function readObject(store: Store, cluster: string, key: string): string | undefined {
  const path = join(clusterDir(store, cluster), key)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** Removes everything the store holds for the cluster. */
export function deleteClusterState(store: Store, cluster: string): void {
  rmSync(clusterDir(store, cluster), { recursive: true, force: true })
}

/** Reads a simulator-private JSON file of the cluster, or the fallback. */
export function readPrivate<T>(store: Store, cluster: string, file: string, fallback: T): T {
  const text = readObject(store, cluster, join(PRIVATE_DIR, file))
  return text === undefined ? fallback : (JSON.parse(text) as T)
}

/** Writes a simulator-private JSON file of the cluster. */
export function writePrivate(store: Store, cluster: string, file: string, value: unknown): void {
  writeObject(store, cluster, join(PRIVATE_DIR, file), `${JSON.stringify(value, null, 2)}\n`)
}

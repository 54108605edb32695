// The kubeconfig kOps writes (`export kubeconfig`, `update cluster --create-kube-config`): cluster,
// context and user entries all named after the cluster, merged into the file, current-context set.
// Credentials are made-up but deterministic PEM blobs. Where real kOps falls back to ~/.kube/config,
// the sandbox uses <sandboxDir>/kube/config, so a simulator never touches the user's kubeconfig.
// Also the simulated Kubernetes API as `rolling-update` and `validate` reach it: through the context
// named after the cluster (which must exist, as with real kOps), answering only once the cloud
// holds the cluster's control-plane ASG (terraform applied it, or a direct update) and only to a
// user with credentials.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sandboxDir } from '../common/state-dir.ts'
import { specOf } from './api.ts'
import { parseDocuments, rec, list, text, toYaml, type Rec } from './yaml-io.ts'
import { writeFileAtomic } from './store.ts'
import { KopsError, type Ctx } from './types.ts'
import type { Cloud } from '../common/cloud.ts'
import { apiReachable } from './fleet.ts'

/** What a context of the file offers: whether it exists and whether its user has credentials. */
export interface ContextState {
  exists: boolean
  credentials: boolean
}

/** The kubeconfig path: the explicit flag, else the first entry of $KUBECONFIG, else the sandbox's. */
export function kubeconfigPath(ctx: Ctx, explicit = ''): string {
  const first = explicit || (ctx.io.env.KUBECONFIG ?? '').split(':').find((p) => p !== '')
  return first ? resolve(ctx.io.cwd, first) : join(sandboxDir(ctx.io.env, ctx.io.cwd), 'kube', 'config')
}

function read(path: string): Rec {
  if (!existsSync(path)) return {}
  const [doc] = parseDocuments(readFileSync(path, 'utf8'), path)
  return rec(doc)
}

const named = (items: unknown, name: string): Rec | undefined => list(items).map(rec).find((e) => text(e.name) === name)

/** The state of the context named after the cluster. */
export function contextState(path: string, name: string): ContextState {
  const config = read(path)
  const context = named(config.contexts, name)
  if (!context) return { exists: false, credentials: false }
  const user = named(config.users, text(rec(context.context).user))
  const auth = rec(user?.user)
  const credentials = ['client-certificate-data', 'client-certificate', 'token', 'exec', 'username'].some((k) => auth[k] !== undefined)
  return { exists: true, credentials }
}

const pem = (kind: string, seed: string): string => {
  const body = createHash('sha512').update(seed).digest('base64')
  return Buffer.from(`-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`).toString('base64')
}

/** The API server URL kOps puts in the kubeconfig. */
export function serverUrl(cluster: Rec, name: string, internal: boolean): string {
  const spec = specOf(cluster)
  const host = internal ? text(spec.masterInternalName) || `api.internal.${name}` : text(rec(spec.api).publicName) || text(spec.masterPublicName) || `api.${name}`
  return `https://${host}`
}

function upsert(items: unknown, entry: Rec): Rec[] {
  const others = list(items).map(rec).filter((e) => text(e.name) !== text(entry.name))
  return [...others, entry].sort((a, b) => (text(a.name) < text(b.name) ? -1 : 1))
}

/**
 * How the context authenticates: admin credentials valid for a duration, an existing user, the kops
 * auth plugin (an exec entry), or nothing (an existing user entry is kept as it is).
 */
export type Auth = { admin: string } | { user: string } | { plugin: string } | { none: true }

/** Writes (merges) the cluster's entries; returns whether the context existed before. */
export function writeContext(path: string, name: string, server: string, auth: Auth): boolean {
  const config = read(path)
  const existed = named(config.contexts, name) !== undefined
  const userName = 'user' in auth ? auth.user : name
  const cluster = { cluster: { 'certificate-authority-data': pem('CERTIFICATE', `ca/${name}`), server }, name }
  const next: Rec = {
    ...config,
    apiVersion: 'v1',
    kind: 'Config',
    preferences: config.preferences ?? {},
    clusters: upsert(config.clusters, cluster),
    contexts: upsert(config.contexts, { context: { cluster: name, user: userName }, name }),
    'current-context': name,
  }
  if ('plugin' in auth) {
    const args = ['helpers', 'kubectl-auth', `--cluster=${name}`, `--state=${auth.plugin}`]
    next.users = upsert(config.users, { name, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', args, command: 'kops', interactiveMode: 'IfAvailable' } } })
  } else if ('admin' in auth) {
    const user = { 'client-certificate-data': pem('CERTIFICATE', `admin/${name}/${auth.admin}`), 'client-key-data': pem('RSA PRIVATE KEY', `key/${name}/${auth.admin}`) }
    next.users = upsert(config.users, { name, user })
  } else if ('none' in auth && !named(config.users, name)) {
    next.users = upsert(config.users, { name, user: {} })
  }
  writeFileAtomic(path, toYaml(next))
  return existed
}

/** Removes the cluster's entries (kOps does this on `delete cluster --yes`); no-op without a file. */
export function deleteContext(path: string, name: string): void {
  if (!existsSync(path)) return
  const config = read(path)
  const without = (items: unknown): Rec[] => list(items).map(rec).filter((e) => text(e.name) !== name)
  const next: Rec = { ...config, clusters: without(config.clusters), contexts: without(config.contexts), users: without(config.users) }
  if (text(config['current-context']) === name) next['current-context'] = ''
  writeFileAtomic(path, toYaml(next))
}

/** The cluster's kubeconfig context, or kOps's `cannot load kubecfg settings` error. */
export function loadContext(ctx: Ctx, name: string, explicitPath = ''): ContextState {
  const state = contextState(kubeconfigPath(ctx, explicitPath), name)
  if (!state.exists) {
    throw new KopsError(`cannot load kubecfg settings for "${name}": invalid configuration: [context was not found for specified context: ${name}, cluster has no server defined]`)
  }
  return state
}

/** Why listing nodes fails, or undefined when the API answers. */
export function listNodesError(name: string, cloud: Cloud | undefined, state: ContextState): string | undefined {
  if (!apiReachable(cloud)) return `Get "https://api.${name}/api/v1/nodes": dial tcp: lookup api.${name} on 127.0.0.53:53: no such host`
  if (!state.credentials) return 'Unauthorized'
  return undefined
}

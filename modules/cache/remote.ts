// The remote cache store: stage records in S3 (or an S3-compatible store), content-addressed by the
// stage's key and written once, so runners on other machines skip what one of them already did.
// It never fails a run: the first error turns it off with one warning, and the run goes on locally.
// The SDK loads on first use, so commands without a remote cache stay light.
import process from 'node:process'
import { profileDefined, sharedFiles } from '../aws/profiles.ts'
import type { CacheRecord } from './records.ts'

/** s3://BUCKET/PREFIX, parsed; a problem phrase when it is not one. */
export function parseRemote(url: string): { bucket: string; prefix: string } | string {
  if (!url.startsWith('s3://')) return 'it does not start with s3://'
  const [bucket, ...rest] = url.slice('s3://'.length).split('/')
  if (!bucket) return 'no bucket name after s3://'
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(bucket)) return `"${bucket}" is not a bucket name (lower-case letters, digits, dots and dashes)`
  return { bucket, prefix: rest.filter((part) => part !== '').join('/') }
}

/** Where a record lives: `${prefix}/${cluster}/${stage}/${key}.json` (no leading slash when prefix is empty). Content-addressed by the stage's key: written once, never rewritten. */
export function remoteKey(prefix: string, cluster: string, stage: string, key: string): string {
  return [prefix, cluster, stage, `${key}.json`].filter((part) => part !== '').join('/')
}

export interface RemoteRecord extends CacheRecord {
  /** Who wrote it: e.g. `run 20261206-051541-42 on host ci-7` */
  origin: string
}

export interface RemoteCache {
  /** s3://bucket/prefix, for messages */
  readonly location: string
  get(cluster: string, stage: string, key: string): Promise<RemoteRecord | undefined>
  /** Writes the record unless one with this key exists (HeadObject first; PutObject with IfNoneMatch '*', a 412 means someone else wrote it: fine). */
  put(record: CacheRecord, origin: string): Promise<void>
  /** Waits for puts still in flight (the run awaits this before it ends). */
  flush(): Promise<void>
}

export interface RemoteOptions {
  env: Record<string, string | undefined>
  warn: (message: string) => void
  timeouts?: { connectionMs: number; requestMs: number }
}

/** A dead endpoint costs a run at most two short attempts, once. */
export const REMOTE_TIMEOUTS = { connectionMs: 3000, requestMs: 10000 } as const

/** The endpoint the environment names for S3 (AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL). */
const s3Endpoint = (env: Record<string, string | undefined>): string | undefined => env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined

/** The S3 client's settings, taken from `env` explicitly (the run's environment, not the process's). */
export function s3ClientConfig(env: Record<string, string | undefined>, timeouts: { connectionMs: number; requestMs: number } = REMOTE_TIMEOUTS): Record<string, unknown> {
  const files = sharedFiles(env)
  const endpoint = s3Endpoint(env)
  const profile = env.AWS_PROFILE || undefined
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env
  const staticKeys = !profile && accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    ...(profile ? { profile } : {}),
    // S3-compatible stores (MinIO, s3rver, Ceph) answer at one host with the bucket in the path, and
    // not all of them know the SDK's default checksums: only what a request requires is sent.
    ...(endpoint ? { endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    ...staticKeys,
    maxAttempts: 2,
    // throwOnRequestTimeout: without it the SDK only logs a request that never answers, and waits on.
    requestHandler: { connectionTimeout: timeouts.connectionMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true },
    // The files this environment names, read afresh (see aws/identity.ts).
    filepath: files.credentials,
    configFilepath: files.config,
    ignoreCache: true,
  }
}

/** An SDK error as the store sees it: the object is not there, or the store cannot be used (why). */
export type RemoteFailure = { missing: true } | { missing: false; reason: string }

interface SdkError {
  name?: string
  message?: string
  code?: string
  errors?: { message?: string }[]
  $metadata?: { httpStatusCode?: number }
}
const sdkError = (error: unknown): SdkError => (typeof error === 'object' && error !== null ? error : {})

/** What a reason names: the endpoint asked, the bucket, and the time limits in force. */
export interface RemoteWhere {
  endpoint: string
  bucket: string
  timeouts: { connectionMs: number; requestMs: number }
}

/** A short reason for the warning, or a plain miss for a missing object (404 of an existing bucket). */
export function remoteFailure(error: unknown, where: RemoteWhere): RemoteFailure {
  const e = sdkError(error)
  const text = (e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(error)).split('\n')[0].replace(/\.$/, '')
  const status = e.$metadata?.httpStatusCode
  if (e.name === 'NoSuchBucket') return { missing: false, reason: `no bucket ${where.bucket} at ${where.endpoint}` }
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) return { missing: true }
  if (e.name === 'CredentialsProviderError' || e.name === 'ProviderError' || e.name === 'TokenProviderError') return { missing: false, reason: `no credentials: ${text}` }
  if (e.name === 'TimeoutError' && /requestTimeout|timed out after/i.test(text)) return { missing: false, reason: `no answer from ${where.endpoint} within ${where.timeouts.requestMs} ms` }
  if (e.name === 'TimeoutError') return { missing: false, reason: `no connection to ${where.endpoint} within ${where.timeouts.connectionMs} ms` }
  if (status) return { missing: false, reason: `${where.endpoint} answered HTTP ${status} (${e.name ?? 'error'}: ${text})` }
  return { missing: false, reason: `cannot reach ${where.endpoint}: ${text}` }
}

/** A record as written by `put`, for this cluster, stage and key; anything else is not one. */
function isRemoteRecord(v: unknown, cluster: string, stage: string, key: string): v is RemoteRecord {
  if (typeof v !== 'object' || v === null) return false
  const r: Partial<Record<keyof RemoteRecord, unknown>> = v
  return (
    r.format === 1 && r.cluster === cluster && r.stage === stage && r.key === key && typeof r.origin === 'string' &&
    typeof r.parts === 'object' && r.parts !== null && typeof r.outputs === 'object' && r.outputs !== null
  )
}

/** The SDK and a client of it, once loaded; a reason when there are none to use. */
interface S3 {
  sdk: typeof import('@aws-sdk/client-s3')
  client: import('@aws-sdk/client-s3').S3Client
}

async function connect(env: Record<string, string | undefined>, config: Record<string, unknown>): Promise<S3 | string> {
  // A named profile that neither file defines has no credentials; the SDK would go on to the
  // instance metadata service instead of saying so.
  const profile = env.AWS_PROFILE
  const files = sharedFiles(env)
  if (profile && !(await profileDefined(profile, files))) return `no credentials: the profile ${profile} is not defined in ${files.config} or ${files.credentials}`
  // See aws/identity.ts: the SDK's notice about its own later Node versions is not for tasks's users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  try {
    const sdk = await import('@aws-sdk/client-s3')
    return { sdk, client: new sdk.S3Client(config) }
  } catch (error) {
    return `cannot load the AWS SDK: ${String(error)}`
  }
}

/** One store's state: where it is, its client (made on first use), and whether it is still on. */
interface Store {
  bucket: string
  prefix: string
  where: RemoteWhere
  warn: (message: string) => void
  /** The client, or undefined once the store is off. */
  s3(): Promise<S3 | undefined>
  isOff(): boolean
  /** Turns the store off with one warning giving `reason` (only the first call warns). */
  turnOff(reason: string): undefined
  /** An error of a request: a missing object is nothing; anything else turns the store off. */
  fail(error: unknown): undefined
}

async function getRecord(store: Store, cluster: string, stage: string, key: string): Promise<RemoteRecord | undefined> {
  const s3 = await store.s3()
  if (!s3) return undefined
  const objectKey = remoteKey(store.prefix, cluster, stage, key)
  let text: string
  try {
    const out = await s3.client.send(new s3.sdk.GetObjectCommand({ Bucket: store.bucket, Key: objectKey }))
    text = (await out.Body?.transformToString('utf8')) ?? ''
  } catch (error) {
    return store.fail(error)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    data = undefined
  }
  if (isRemoteRecord(data, cluster, stage, key)) return data
  store.warn(`ignoring remote cache record ${objectKey}: not a tasks cache record`)
  return undefined
}

async function putRecord(store: Store, record: CacheRecord, origin: string): Promise<void> {
  const s3 = await store.s3()
  if (!s3) return
  const objectKey = remoteKey(store.prefix, record.cluster, record.stage, record.key)
  try {
    await s3.client.send(new s3.sdk.HeadObjectCommand({ Bucket: store.bucket, Key: objectKey }))
    return // already there: content-addressed, so it says the same
  } catch (error) {
    if (!remoteFailure(error, store.where).missing) return store.fail(error)
  }
  if (store.isOff()) return
  // Sensitive values are already digests in a CacheRecord (see secret.ts): nothing to hide here.
  const body = `${JSON.stringify({ ...record, origin }, null, 2)}\n`
  try {
    await s3.client.send(new s3.sdk.PutObjectCommand({ Bucket: store.bucket, Key: objectKey, Body: body, ContentType: 'application/json', IfNoneMatch: '*' }))
  } catch (error) {
    const e = sdkError(error)
    const status = e.$metadata?.httpStatusCode
    // 412: another runner wrote this key first; 409: it is writing it now. Either way it is there.
    if (status === 412 || status === 409) return
    // A write has nothing to miss: a 404 here is a wrong endpoint or bucket, not an absent object.
    if (remoteFailure(error, store.where).missing) store.turnOff(`${store.where.endpoint} answered HTTP ${status ?? 404} to a write (${e.name ?? 'error'})`)
    else store.fail(error)
  }
}

/** The S3 store of `url`: never throws; turns itself off, with one warning, at the first error. */
export function s3RemoteCache(url: string, options: RemoteOptions): RemoteCache {
  const parsed = parseRemote(url)
  const location = typeof parsed === 'string' ? url : `s3://${parsed.bucket}${parsed.prefix ? `/${parsed.prefix}` : ''}`
  const timeouts = options.timeouts ?? REMOTE_TIMEOUTS
  const config = s3ClientConfig(options.env, timeouts)
  const bucket = typeof parsed === 'string' ? '' : parsed.bucket
  const where = { endpoint: s3Endpoint(options.env) ?? `https://s3.${String(config.region)}.amazonaws.com`, bucket, timeouts }
  let off = false
  const turnOff = (reason: string): undefined => {
    if (!off) options.warn(`remote cache ${location} unavailable (${reason}): going on without it`)
    off = true
    return undefined
  }
  if (typeof parsed === 'string') turnOff(parsed)
  let loading: Promise<S3 | string> | undefined
  const store: Store = {
    bucket,
    prefix: typeof parsed === 'string' ? '' : parsed.prefix,
    where,
    warn: options.warn,
    async s3() {
      if (off) return undefined
      const s3 = await (loading ??= connect(options.env, config))
      if (typeof s3 === 'string') return turnOff(s3)
      return off ? undefined : s3
    },
    isOff: () => off,
    turnOff,
    fail(error) {
      const failure = remoteFailure(error, where)
      return failure.missing ? undefined : turnOff(failure.reason)
    },
  }
  const inFlight = new Set<Promise<void>>()
  return {
    location,
    // Anything unforeseen (a record JSON cannot hold, a bug in the SDK) turns the store off too.
    get: (cluster, stage, key) => getRecord(store, cluster, stage, key).catch(store.fail),
    put(record, origin) {
      const done = putRecord(store, record, origin)
        .catch(store.fail)
        .finally(() => inFlight.delete(done))
      inFlight.add(done)
      return done
    },
    async flush() {
      while (inFlight.size > 0) await Promise.all(inFlight)
    },
  }
}

// Who a cluster's credentials are: STS GetCallerIdentity through the AWS SDK for JavaScript v3.
// The reader is a port, so runs and tests can answer from the sandbox or a stub; the real one
// loads the SDK only when called, so commands that never check an identity stay light.
import process from 'node:process'
import { profileDefined, sharedFiles } from './profiles.ts'

/** The credentials to ask about: a profile and region, and the environment they are read in. */
export interface Caller {
  profile?: string
  region?: string
  /** The cluster's environment: the invocation's, then cluster.yaml `env:`, then AWS_PROFILE/AWS_REGION. */
  env: Record<string, string>
}

/** Why an identity could not be read: no usable credentials, no answer, or an answer refusing. */
export type IdentityProblem = 'no-credentials' | 'unreachable' | 'denied'

export type IdentityAnswer =
  | { ok: true; account: string; arn: string; userId: string }
  | { ok: false; problem: IdentityProblem; message: string }

/** Reads the caller identity of one set of credentials; never throws for an expected problem. */
export type IdentityReader = (who: Caller) => Promise<IdentityAnswer>

/** Two attempts and short timeouts: a dead endpoint fails the check in seconds, not minutes. */
export const STS_LIMITS = { maxAttempts: 2, connectionTimeout: 3000, requestTimeout: 5000 } as const

/** The region STS is asked in when neither cluster.yaml nor the environment names one. */
const DEFAULT_REGION = 'us-east-1'

/** Answers STS gives for credentials it does not accept: the caller has no usable credentials. */
const REJECTED = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId'])

/** The endpoint the cluster's environment names (AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL). */
export const stsEndpoint = (env: Record<string, string>): string | undefined => env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined

/** The STS client's settings, taken from `who` explicitly: the process environment is not this cluster's. */
export function stsClientConfig(who: Caller): Record<string, unknown> {
  const files = sharedFiles(who.env)
  const endpoint = stsEndpoint(who.env)
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = who.env
  const staticKeys = !who.profile && accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}
  return {
    region: who.region || DEFAULT_REGION,
    ...(who.profile ? { profile: who.profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...staticKeys,
    maxAttempts: STS_LIMITS.maxAttempts,
    // throwOnRequestTimeout: without it the SDK only logs a request that never answers, and waits on.
    requestHandler: { connectionTimeout: STS_LIMITS.connectionTimeout, requestTimeout: STS_LIMITS.requestTimeout, throwOnRequestTimeout: true },
    // Handed on by the client to the SDK's credential chain (fromIni): the files this cluster's
    // environment names, read afresh, instead of the process's AWS_CONFIG_FILE and friends.
    filepath: files.credentials,
    configFilepath: files.config,
    ignoreCache: true,
  }
}

/** An SDK error as an identity problem and a one-line message. */
export function identityProblem(error: unknown, endpoint: string): { ok: false; problem: IdentityProblem; message: string } {
  const e = (error ?? {}) as { name?: string; message?: string; code?: string; errors?: { message?: string }[]; $metadata?: { httpStatusCode?: number } }
  const text = (e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(error)).split('\n')[0].replace(/\.$/, '')
  if (e.name === 'CredentialsProviderError' || e.name === 'ProviderError' || e.name === 'TokenProviderError') return { ok: false, problem: 'no-credentials', message: text }
  if (e.name && REJECTED.has(e.name)) return { ok: false, problem: 'no-credentials', message: `STS does not accept them (${e.name}: ${text})` }
  if (e.name === 'TimeoutError' && /requestTimeout/.test(text)) return { ok: false, problem: 'unreachable', message: `no answer from ${endpoint} within ${STS_LIMITS.requestTimeout} ms` }
  if (e.$metadata?.httpStatusCode) return { ok: false, problem: 'denied', message: `${endpoint} answered HTTP ${e.$metadata.httpStatusCode} (${e.name ?? 'error'}: ${text})` }
  return { ok: false, problem: 'unreachable', message: `cannot reach ${endpoint}: ${text}` }
}

/** The real reader: GetCallerIdentity with the SDK, loaded on first use. */
export const stsIdentityReader: IdentityReader = async (who) => {
  const config = stsClientConfig(who)
  const endpoint = stsEndpoint(who.env) ?? `https://sts.${String(config.region)}.amazonaws.com`
  // A named profile that neither file defines has no credentials; the SDK would go on to the
  // instance metadata service instead of saying so.
  const files = sharedFiles(who.env)
  if (who.profile && !(await profileDefined(who.profile, files))) {
    return { ok: false, problem: 'no-credentials', message: `the profile is not defined in ${files.config} or ${files.credentials}` }
  }
  // tasks pins its SDK: the SDK's notice that its own later releases will need Node 22 is not
  // for tasks's users, and would interrupt every run's output on Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  const client = new STSClient(config)
  try {
    const out = await client.send(new GetCallerIdentityCommand({}))
    return { ok: true, account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' }
  } catch (error) {
    return identityProblem(error, endpoint)
  } finally {
    client.destroy()
  }
}

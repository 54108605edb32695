// The real identity reader: the AWS SDK for JavaScript v3 against a GetCallerIdentity stub on
// loopback, with credentials from temp AWS files named by the caller's environment (never the
// process's), and each way it can fail as a value.
import t from 'tap'
import { identityProblem, profileNames, sharedFiles, stsClientConfig, stsIdentityReader } from '../../modules/aws/mod.ts'
import { awsFiles, deadEndpoint, startStsStub } from '../helpers/sts-stub.ts'

const SIGNED = { Action: 'GetCallerIdentity', Version: '2011-06-15' }

async function setup(t: { teardown(fn: () => unknown): void }) {
  const stub = await startStsStub({
    AKIAPROD0000000000001: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ci', userId: 'AIDAPROD0000000000001' },
    AKIADENIED00000000001: { account: '111111111111', error: 'AccessDenied' },
    AKIAEXPIRED0000000001: { account: '111111111111', error: 'ExpiredToken' },
  })
  t.teardown(stub.close)
  const files = awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001' }, revoked: { key: 'AKIAREVOKED0000000001' }, denied: { key: 'AKIADENIED00000000001' }, expired: { key: 'AKIAEXPIRED0000000001' } })
  return { stub, files, env: { ...files.env, AWS_ENDPOINT_URL_STS: stub.url } }
}

t.test('a profile of the files the environment names: the caller identity, from one signed POST', async (t) => {
  const { stub, env } = await setup(t)
  t.same(await stsIdentityReader({ profile: 'acme-prod', region: 'eu-west-1', env }), { ok: true, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ci', userId: 'AIDAPROD0000000000001' })
  t.same(stub.requests, [{ method: 'POST', path: '/', form: SIGNED, accessKeyId: 'AKIAPROD0000000000001' }])
})

t.test('static keys of the environment, with no profile; AWS_ENDPOINT_URL when no STS endpoint is named', async (t) => {
  const { stub } = await setup(t)
  const env = { AWS_ENDPOINT_URL: stub.url, AWS_ACCESS_KEY_ID: 'AKIAPROD0000000000001', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' }
  t.same(await stsIdentityReader({ env }), { ok: true, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ci', userId: 'AIDAPROD0000000000001' })
  t.equal(stub.requests.length, 1)
})

t.test('no credentials: a profile neither file defines (no request), a key STS does not know, an expired token', async (t) => {
  const { stub, files, env } = await setup(t)
  t.same(await stsIdentityReader({ profile: 'acme-staging', env }), {
    ok: false,
    problem: 'no-credentials',
    message: `the profile is not defined in ${files.config} or ${files.credentials}`,
  })
  t.same(stub.requests, [], 'nothing was sent')
  t.same(await stsIdentityReader({ profile: 'revoked', env }), {
    ok: false,
    problem: 'no-credentials',
    message: 'STS does not accept them (InvalidClientTokenId: The security token included in the request is invalid)',
  })
  t.same(await stsIdentityReader({ profile: 'expired', env }), {
    ok: false,
    problem: 'no-credentials',
    message: 'STS does not accept them (ExpiredToken: The security token included in the request is expired)',
  })
  t.same(stub.requests.map((r) => r.accessKeyId), ['AKIAREVOKED0000000001', 'AKIAEXPIRED0000000001'])
})

t.test('denied by STS, and an endpoint nothing listens on', async (t) => {
  const { stub, env } = await setup(t)
  t.same(await stsIdentityReader({ profile: 'denied', env }), {
    ok: false,
    problem: 'denied',
    message: `${stub.url} answered HTTP 403 (AccessDenied: User is not authorized to perform: sts:GetCallerIdentity)`,
  })
  const dead = await deadEndpoint()
  const port = new URL(dead).port
  t.same(await stsIdentityReader({ profile: 'acme-prod', env: { ...env, AWS_ENDPOINT_URL_STS: dead } }), {
    ok: false,
    problem: 'unreachable',
    message: `cannot reach ${dead}: connect ECONNREFUSED 127.0.0.1:${port}`,
  })
})

t.test('the shared files: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws of HOME; profile sections', async (t) => {
  t.same(sharedFiles({ HOME: '/home/u' }), { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' })
  t.same(sharedFiles({ HOME: '/home/u', AWS_CONFIG_FILE: '~/cfg', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds' }), { config: '/home/u/cfg', credentials: '/etc/aws/creds' })
  const config = '[default]\nregion = us-east-1\n[profile acme-prod] # prod\n[ profile "quoted" ]\n[sso-session corp]\n; [profile commented]\n[plain]\n'
  t.same([...profileNames(config, 'config')], ['default', 'acme-prod', 'quoted'])
  t.same([...profileNames('[default]\n[acme-dev]\naws_access_key_id = x\n', 'credentials')], ['default', 'acme-dev'])
})

t.test('an endpoint that never answers: two attempts with short timeouts, then a clear message (no waiting on it here)', async (t) => {
  const config = stsClientConfig({ profile: 'acme-prod', region: 'eu-west-1', env: { HOME: '/home/u', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' } })
  t.same(config, {
    region: 'eu-west-1', profile: 'acme-prod', endpoint: 'http://127.0.0.1:9', maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true },
    filepath: '/home/u/.aws/credentials', configFilepath: '/home/u/.aws/config', ignoreCache: true,
  })
  const timedOut = Object.assign(new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 5000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' })
  t.same(identityProblem(timedOut, 'http://127.0.0.1:9'), { ok: false, problem: 'unreachable', message: 'no answer from http://127.0.0.1:9 within 5000 ms' })
})

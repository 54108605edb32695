// The S3 remote cache store against a real S3-compatible server (s3rver) on loopback, and against
// endpoints that refuse, deny or never answer: each way it fails is one warning, then silence.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { parseRemote, remoteKey, s3ClientConfig, s3RemoteCache, type CacheRecord } from '../../modules/cache/mod.ts'
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../helpers/s3-server.ts'

type Teardown = { teardown(fn: () => unknown): void }

const record: CacheRecord = {
  format: 1, cluster: 'demo', stage: 'render', key: 'k1', parts: { stage: 'render@1 (pure)' },
  result: { file: 'cluster.yml' }, outputs: { 'clusters/demo/cluster.yml': 'h1' }, finishedAt: '2026-12-06T05:15:41.000Z', durationMs: 5,
}
const ORIGIN = 'run 20261206-051541-42 on host ci-7'

/** The env of a run that talks to `endpoint` with s3rver's keys, and no shared AWS files. */
const envFor = (endpoint: string): Record<string, string> => ({
  ...S3RVER_CREDENTIALS, AWS_ENDPOINT_URL_S3: endpoint, AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
})

/** A store on `endpoint` whose warnings are collected. */
function store(url: string, endpoint: string, timeouts?: { connectionMs: number; requestMs: number }) {
  const warnings: string[] = []
  const cache = s3RemoteCache(url, { env: envFor(endpoint), warn: (m) => warnings.push(m), ...(timeouts ? { timeouts } : {}) })
  return { cache, warnings }
}

/** A plain SDK client on the s3rver, to look at the bucket behind the store's back. */
function direct(t: Teardown, s3: S3Server): S3Client {
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })
  t.teardown(() => client.destroy())
  return client
}

async function keysOf(client: S3Client, bucket: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
  return (out.Contents ?? []).map((o) => o.Key ?? '')
}

type Answer = { status: number; body: string }

/**
 * An HTTP server on loopback that counts connections, notes each request (method, path, If-None-Match)
 * and answers with `answer` (per request when a function; never, without one).
 */
async function countingServer(t: Teardown, answer?: Answer | ((method: string) => Answer)) {
  let connections = 0
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['if-none-match'] ?? '-'}`)
    const a = typeof answer === 'function' ? answer(req.method ?? '') : answer
    if (a) res.writeHead(a.status, { 'content-type': 'application/xml' }).end(a.body)
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.closeAllConnections()
    server.close()
  })
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, requests }
}

/** An address nothing listens on: a port that was just open and is closed. */
async function closedEndpoint(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

t.test('parseRemote: s3://BUCKET/PREFIX, slashes trimmed; a problem phrase otherwise', async (t) => {
  t.same(parseRemote('s3://b'), { bucket: 'b', prefix: '' })
  t.same(parseRemote('s3://b/'), { bucket: 'b', prefix: '' })
  t.same(parseRemote('s3://b/p/q/'), { bucket: 'b', prefix: 'p/q' })
  t.same(parseRemote('s3://tasks-cache.acme/ci/fleet'), { bucket: 'tasks-cache.acme', prefix: 'ci/fleet' })
  t.equal(parseRemote('not-s3'), 'it does not start with s3://')
  t.equal(parseRemote('https://b/p'), 'it does not start with s3://')
  t.equal(parseRemote('s3:///x'), 'no bucket name after s3://')
  t.equal(parseRemote('s3://'), 'no bucket name after s3://')
  t.equal(parseRemote('s3://My_Bucket/p'), '"My_Bucket" is not a bucket name (lower-case letters, digits, dots and dashes)')
})

t.test('remoteKey: prefix/cluster/stage/key.json, no leading slash without a prefix', async (t) => {
  t.equal(remoteKey('p/q', 'demo', 'render', 'k1'), 'p/q/demo/render/k1.json')
  t.equal(remoteKey('', 'demo', 'render', 'k1'), 'demo/render/k1.json')
})

t.test('client settings come from the env map given, not the process', async (t) => {
  const files = { AWS_CONFIG_FILE: '/etc/aws/config', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/credentials' }
  const common = { maxAttempts: 2, filepath: '/etc/aws/credentials', configFilepath: '/etc/aws/config', ignoreCache: true }
  t.same(s3ClientConfig({ ...files, AWS_DEFAULT_REGION: 'eu-west-1', AWS_PROFILE: 'ci', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' }), {
    region: 'eu-west-1', profile: 'ci', ...common,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 10000, throwOnRequestTimeout: true },
  })
  t.same(s3ClientConfig({ ...files, AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://minio:9000', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 'tok' }, { connectionMs: 200, requestMs: 300 }), {
    region: 'eu-central-1', endpoint: 'http://minio:9000', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'AKIA', secretAccessKey: 's', sessionToken: 'tok' }, ...common,
    requestHandler: { connectionTimeout: 200, requestTimeout: 300, throwOnRequestTimeout: true },
  })
  t.equal(s3ClientConfig({ ...files, AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b' }).endpoint, 'http://b')
  t.equal(s3ClientConfig(files).region, 'us-east-1')
})

t.test('put then get: one pretty JSON object at the content-addressed key, record and origin back', async (t) => {
  const s3 = await startS3Server(t)
  const { cache, warnings } = store(`s3://${s3.bucket}/ci/fleet/`, s3.endpoint)
  t.equal(cache.location, `s3://${s3.bucket}/ci/fleet`)
  await cache.put(record, ORIGIN)
  await cache.flush()
  t.same(await keysOf(direct(t, s3), s3.bucket), ['ci/fleet/demo/render/k1.json'])
  t.same(await s3.get('ci/fleet/demo/render/k1.json'), { status: 200, text: `${JSON.stringify({ ...record, origin: ORIGIN }, null, 2)}\n` })
  t.same(await cache.get('demo', 'render', 'k1'), { ...record, origin: ORIGIN })
  t.same(warnings, [])
})

t.test('written once: a second put of the same key leaves the first object as it was', async (t) => {
  const s3 = await startS3Server(t)
  const first = store(`s3://${s3.bucket}`, s3.endpoint)
  const second = store(`s3://${s3.bucket}`, s3.endpoint)
  await first.cache.put(record, ORIGIN)
  await second.cache.put({ ...record, result: { file: 'other.yml' }, durationMs: 9 }, 'run 2 on host ci-8')
  await second.cache.flush()
  t.same(await keysOf(direct(t, s3), s3.bucket), ['demo/render/k1.json'])
  t.same(await second.cache.get('demo', 'render', 'k1'), { ...record, origin: ORIGIN })
  t.same([...first.warnings, ...second.warnings], [])
})

t.test('flush waits for puts still in flight', async (t) => {
  const s3 = await startS3Server(t)
  const { cache, warnings } = store(`s3://${s3.bucket}/p`, s3.endpoint)
  void cache.put(record, ORIGIN)
  void cache.put({ ...record, stage: 'apply', key: 'k2' }, ORIGIN)
  await cache.flush()
  t.same((await keysOf(direct(t, s3), s3.bucket)).sort(), ['p/demo/apply/k2.json', 'p/demo/render/k1.json'])
  t.same(warnings, [])
})

t.test('a put that loses the race (412 to If-None-Match: *) is fine: no warning, the store stays on', async (t) => {
  const xml = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`
  const server = await countingServer(t, (method) =>
    method === 'HEAD' ? { status: 404, body: '' } : method === 'PUT' ? { status: 412, body: xml('PreconditionFailed') } : { status: 404, body: xml('NoSuchKey') },
  )
  const { cache, warnings } = store('s3://b/p', server.endpoint)
  await cache.put(record, ORIGIN)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  t.same(server.requests.map((r) => r.replace(/\?.*? /, ' ')), [
    'HEAD /b/p/demo/render/k1.json -',
    'PUT /b/p/demo/render/k1.json *',
    'GET /b/p/demo/render/k1.json -',
  ])
  t.same(warnings, [])
})

t.test('an endpoint that answers 404 to everything: reads are misses, the first write turns it off', async (t) => {
  const server = await countingServer(t, { status: 404, body: '' })
  const { cache, warnings } = store('s3://b/p', server.endpoint)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  t.same(warnings, [])
  await cache.put(record, ORIGIN)
  await cache.put({ ...record, key: 'k2' }, ORIGIN)
  t.same(warnings, [`remote cache s3://b/p unavailable (${server.endpoint} answered HTTP 404 to a write (NotFound)): going on without it`])
  t.equal(server.requests.length, 3, 'GET, HEAD and PUT of the first record; nothing after')
})

t.test('a missing key is a plain miss: undefined, no warning, the cache stays on', async (t) => {
  const s3 = await startS3Server(t)
  const { cache, warnings } = store(`s3://${s3.bucket}/p`, s3.endpoint)
  t.equal(await cache.get('demo', 'render', 'nothing-here'), undefined)
  t.same(warnings, [])
  await cache.put(record, ORIGIN)
  t.same(await cache.get('demo', 'render', 'k1'), { ...record, origin: ORIGIN })
})

t.test('a body that is not a record of this key is a miss with its own warning; the cache goes on', async (t) => {
  const s3 = await startS3Server(t)
  const client = direct(t, s3)
  const put = (Key: string, Body: string) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body }))
  await put('p/demo/render/k1.json', 'not json {')
  await put('p/demo/render/k2.json', JSON.stringify({ ...record, key: 'k2', cluster: 'prod', origin: ORIGIN }))
  await put('p/demo/render/k3.json', JSON.stringify({ ...record, key: 'k3' }))
  const { cache, warnings } = store(`s3://${s3.bucket}/p`, s3.endpoint)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  t.equal(await cache.get('demo', 'render', 'k2'), undefined, 'another cluster under this path')
  t.equal(await cache.get('demo', 'render', 'k3'), undefined, 'no origin: not written by a store')
  t.same(warnings, [
    'ignoring remote cache record p/demo/render/k1.json: not a tasks cache record',
    'ignoring remote cache record p/demo/render/k2.json: not a tasks cache record',
    'ignoring remote cache record p/demo/render/k3.json: not a tasks cache record',
  ])
  await cache.put({ ...record, key: 'k4' }, ORIGIN)
  t.same(await cache.get('demo', 'render', 'k4'), { ...record, key: 'k4', origin: ORIGIN })
  t.equal(warnings.length, 3)
})

t.test('no such bucket: one warning for the run, then gets and puts do nothing', async (t) => {
  const s3 = await startS3Server(t)
  const { cache, warnings } = store('s3://no-such-bucket/p', s3.endpoint)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  await cache.put(record, ORIGIN)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  await cache.flush()
  t.same(warnings, [`remote cache s3://no-such-bucket/p unavailable (no bucket no-such-bucket at ${s3.endpoint}): going on without it`])
  const puts = store('s3://no-such-bucket', s3.endpoint)
  await puts.cache.put(record, ORIGIN)
  await puts.cache.put({ ...record, key: 'k2' }, ORIGIN)
  t.same(puts.warnings, [`remote cache s3://no-such-bucket unavailable (no bucket no-such-bucket at ${s3.endpoint}): going on without it`], 'a put finds it out too')
  t.same(await keysOf(direct(t, s3), s3.bucket), [])
})

t.test('a dead endpoint: one warning with the reason, a later get is undefined at once', async (t) => {
  const dead = await closedEndpoint()
  const { cache, warnings } = store('s3://b/p', dead)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  t.equal(await cache.get('demo', 'render', 'k2'), undefined)
  await cache.put(record, ORIGIN)
  t.same(warnings, [`remote cache s3://b/p unavailable (cannot reach ${dead}: connect ECONNREFUSED ${dead.slice('http://'.length)}): going on without it`])
})

t.test('an endpoint that denies: one warning, and no request after it', async (t) => {
  const body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'
  const server = await countingServer(t, { status: 403, body })
  const { cache, warnings } = store('s3://b/p', server.endpoint)
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  const after = server.connections()
  t.equal(after, 1, 'a 403 is not retried')
  t.equal(await cache.get('demo', 'render', 'k2'), undefined)
  await cache.put(record, ORIGIN)
  await cache.flush()
  t.equal(server.connections(), after, 'turned off: nothing more was sent')
  t.same(warnings, [`remote cache s3://b/p unavailable (${server.endpoint} answered HTTP 403 (AccessDenied: Access Denied)): going on without it`])
})

t.test('an endpoint that never answers: two short attempts, one warning naming the timeout', async (t) => {
  const server = await countingServer(t)
  const { cache, warnings } = store('s3://b/p', server.endpoint, { connectionMs: 200, requestMs: 300 })
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  t.equal(server.connections(), 2, 'maxAttempts 2')
  await cache.put(record, ORIGIN)
  t.equal(await cache.get('demo', 'render', 'k2'), undefined)
  t.equal(server.connections(), 2, 'one timeout for the run, not one per stage')
  t.same(warnings, [`remote cache s3://b/p unavailable (no answer from ${server.endpoint} within 300 ms): going on without it`])
})

t.test('no credentials and a bad address: one warning, nothing sent', async (t) => {
  const server = await countingServer(t, { status: 500, body: '' })
  const warnings: string[] = []
  const env = { ...envFor(server.endpoint), AWS_PROFILE: 'acme-ci' }
  const cache = s3RemoteCache('s3://b/p', { env, warn: (m) => warnings.push(m) })
  t.equal(await cache.get('demo', 'render', 'k1'), undefined)
  await cache.put(record, ORIGIN)
  t.same(warnings, ['remote cache s3://b/p unavailable (no credentials: the profile acme-ci is not defined in /nonexistent/config or /nonexistent/credentials): going on without it'])
  const bad = s3RemoteCache('bucket/p', { env, warn: (m) => warnings.push(m) })
  t.equal(bad.location, 'bucket/p')
  t.equal(await bad.get('demo', 'render', 'k1'), undefined)
  await bad.put(record, ORIGIN)
  t.same(warnings.slice(1), ['remote cache bucket/p unavailable (it does not start with s3://): going on without it'])
  t.equal(server.connections(), 0)
})

// A small STS on loopback for the account guard's tests: GetCallerIdentity over the query
// protocol (a form-encoded POST, an XML answer), the caller chosen by the access key id of the
// request's SigV4 Authorization header. The AWS SDK under test is real; only the endpoint is not.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Who an access key id signs in as; `error` answers that STS error code instead (HTTP 403). */
export interface StubCaller {
  account: string
  arn?: string
  userId?: string
  error?: string
}

export interface StubRequest {
  method: string
  path: string
  /** The form body's fields (Action, Version). */
  form: Record<string, string>
  /** The access key id the request was signed with, if it was. */
  accessKeyId?: string
}

export interface StsStub {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_STS. */
  url: string
  requests: StubRequest[]
  close(): Promise<void>
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

function identityXml(c: StubCaller, key: string, requestId: string): string {
  const arn = c.arn ?? `arn:aws:iam::${c.account}:user/${key.toLowerCase()}`
  const userId = c.userId ?? `AIDA${key.slice(-17).padStart(17, 'X')}`
  return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${userId}</UserId><Account>${c.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
}

function errorXml(code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
}

const MESSAGES: Record<string, string> = {
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  ExpiredToken: 'The security token included in the request is expired',
  AccessDenied: 'User is not authorized to perform: sts:GetCallerIdentity',
}

function answer(req: StubRequest, callers: Record<string, StubCaller>, res: ServerResponse, n: number): void {
  const requestId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
  const send = (status: number, xml: string): void => {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml)
  }
  if (req.form.Action !== 'GetCallerIdentity') return send(400, errorXml('InvalidAction', `Could not find operation ${req.form.Action} for version ${req.form.Version}`, requestId))
  const caller = req.accessKeyId === undefined ? undefined : callers[req.accessKeyId]
  if (caller === undefined) return send(403, errorXml('InvalidClientTokenId', MESSAGES.InvalidClientTokenId, requestId))
  if (caller.error) return send(403, errorXml(caller.error, MESSAGES[caller.error] ?? caller.error, requestId))
  send(200, identityXml(caller, req.accessKeyId!, requestId))
}

async function readRequest(req: IncomingMessage): Promise<StubRequest> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1]
  return { method: req.method ?? '', path: req.url ?? '', form, ...(accessKeyId ? { accessKeyId } : {}) }
}

/** Starts the stub on 127.0.0.1 (a free port); `callers` maps access key ids to who they are. */
export async function startStsStub(callers: Record<string, StubCaller>): Promise<StsStub> {
  const requests: StubRequest[] = []
  const server = createServer((req, res) => {
    void readRequest(req).then((r) => {
      requests.push(r)
      answer(r, callers, res, requests.length)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return { url: `http://127.0.0.1:${port}`, requests, close }
}

/** A loopback URL nothing listens on: a stub started and closed again. */
export async function deadEndpoint(): Promise<string> {
  const stub = await startStsStub({})
  await stub.close()
  return stub.url
}

/**
 * A temp AWS config and credentials file: each profile with its region and static keys
 * (secret `KEY-secret`). Returns the files and the env that points the SDK at them.
 */
export function awsFiles(profiles: Record<string, { key: string; region?: string }>): { config: string; credentials: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-aws-'))
  const config = join(dir, 'config')
  const credentials = join(dir, 'credentials')
  const entries = Object.entries(profiles)
  writeFileSync(config, entries.map(([name, p]) => `[${name === 'default' ? name : `profile ${name}`}]\nregion = ${p.region ?? 'us-east-1'}\n`).join('\n'))
  writeFileSync(credentials, entries.map(([name, p]) => `[${name}]\naws_access_key_id = ${p.key}\naws_secret_access_key = ${p.key}-secret\n`).join('\n'))
  return { config, credentials, env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials } }
}

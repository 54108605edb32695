// An S3-compatible server on loopback (s3rver) for tests that drive a real Terraform S3 backend:
// its own fresh directory, one bucket made before it listens, no logging, stopped with the test.
//
// Terraform 1.11's S3 backend works against it with path-style requests, an `endpoints.s3` of
// http://127.0.0.1:PORT, the skip_* checks (no STS, no IMDS) and any static keys (S3RVER/S3RVER).
// `use_lockfile = true` runs without error but does not lock: s3rver ignores the conditional
// `If-None-Match: *` of the lock object's PUT, so a second holder silently overwrites the first
// lock (and deletes it on unlock). Tests leave locking off.
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The little of s3rver's API used here (it ships no type declarations, so it is required, typed by hand). */
interface S3rverOptions {
  address: string
  port: number
  directory: string
  silent: boolean
  resetOnClose: boolean
  configureBuckets: { name: string }[]
}
interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
  httpServer?: Server
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: S3rverOptions) => S3rverInstance

/** Static credentials s3rver accepts (it checks signatures against this pair by default). */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const

export interface S3Server {
  /** http://127.0.0.1:PORT */
  endpoint: string
  port: number
  bucket: string
  /** Where s3rver keeps the buckets (removed on stop). */
  directory: string
  /** An object of the bucket over HTTP (anonymous GET, which s3rver allows): its status and body. */
  get(key: string): Promise<{ status: number; text: string }>
  /** Stops listening, drops open connections and removes the directory; safe to call twice. */
  stop(): Promise<void>
}

export interface S3ServerOptions {
  bucket?: string
}

/** Starts s3rver on 127.0.0.1 with an ephemeral port; with `t`, stopped when the test ends. */
export async function startS3Server(t?: { teardown(fn: () => unknown): void }, options: S3ServerOptions = {}): Promise<S3Server> {
  const bucket = options.bucket ?? 'tasks-test-state'
  const directory = mkdtempSync(join(tmpdir(), 'tasks-s3rver-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, resetOnClose: false, configureBuckets: [{ name: bucket }] })
  let address: AddressInfo
  try {
    address = await server.run()
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    throw error
  }
  const endpoint = `http://127.0.0.1:${address.port}`
  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // Keep-alive sockets (fetch's, a tool's) would hold close() open: drop them first.
      server.httpServer?.closeAllConnections()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    })())
  t?.teardown(stop)
  return {
    endpoint,
    port: address.port,
    bucket,
    directory,
    async get(key) {
      const res = await fetch(`${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`)
      return { status: res.status, text: await res.text() }
    },
    stop,
  }
}

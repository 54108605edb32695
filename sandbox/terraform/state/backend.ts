// Backends: the `backend` block merged with -backend-config at init, stored (like real Terraform)
// in $TF_DATA_DIR/terraform.tfstate, and the state store later commands use. The s3 backend keeps
// state under the sandbox directory keyed by bucket and key (terraform/s3/BUCKET/KEY), so two
// working directories with the same backend share state as with real S3; without a backend (or
// with `backend "local"`) state is terraform.tfstate in the working directory.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { TfError, errorDiag, fail } from '../render/diag.ts'
import { locate, parseFile, type BackendDecl, type Config } from '../lang/config.ts'
import type { Ctx } from './context.ts'
import { evalRaw, type Raw } from '../lang/eval.ts'
import { marshal } from '../render/gojson.ts'
import { sortDeep } from './state.ts'
import type { Value, ValueObject } from '../lang/values.ts'

/** The backend settings file ($TF_DATA_DIR/terraform.tfstate). */
export interface BackendSettings {
  version: 3
  serial: number
  lineage: string
  backend: { type: string; config: ValueObject; hash: number }
}

/** Where state and its lock live, and how a lock conflict is worded. */
export interface StateStore {
  kind: 'local' | 's3'
  statePath: string
  lockPath: string
  /** LockInfo's Path: `bucket/key` for s3, the state path for local. */
  lockDisplay: string
  /** The backend's error text when the lock is already held. */
  conflictMessage: (seed: string) => string
  /** Keep PATH.backup on writes (local backend). */
  backup: boolean
}

const S3_KEYS = `bucket key region dynamodb_table use_lockfile encrypt kms_key_id acl profile role_arn assume_role
workspace_key_prefix endpoint endpoints access_key secret_key token shared_credentials_file shared_credentials_files
shared_config_files skip_credentials_validation skip_region_validation skip_metadata_api_check skip_requesting_account_id
skip_s3_checksum force_path_style use_path_style sse_customer_key max_retries session_name external_id`.split(/\s+/)
const BOOL_KEYS = new Set(['encrypt', 'use_lockfile', 'skip_credentials_validation', 'skip_region_validation', 'skip_metadata_api_check', 'skip_requesting_account_id', 'skip_s3_checksum', 'force_path_style', 'use_path_style'])
const KEYS: Record<string, string[]> = { s3: S3_KEYS, local: ['path', 'workspace_dir'] }
const NO_SCOPE = { baseDir: '.', resolve: (): never => fail('Variables not allowed', 'Variables may not be used here.') }

/** The settings file path. */
export const settingsPath = (ctx: Ctx): string => join(ctx.dataDir, 'terraform.tfstate')

/** The stored backend settings, if init configured a backend. */
export function readSettings(ctx: Ctx): BackendSettings | undefined {
  const path = settingsPath(ctx)
  if (!existsSync(path)) return undefined
  return JSON.parse(readFileSync(path, 'utf8')) as BackendSettings
}

/** Writes the backend settings file. */
export function writeSettings(ctx: Ctx, s: BackendSettings): void {
  mkdirSync(ctx.dataDir, { recursive: true })
  writeFileSync(settingsPath(ctx), `${marshal(s, { indent: '    ' })}\n`)
}

/** A hash of the backend block as written in the configuration (not the -backend-config overrides). */
export function blockHash(decl: BackendDecl): number {
  return crc32(`${decl.type}\n${JSON.stringify(sortDeep(decl.config as Value))}`)
}

/** The backend block's settings merged with -backend-config values (files or KEY=VALUE), validated. */
export async function mergedBackendConfig(ctx: Ctx, cfg: Config, decl: BackendDecl, overrides: readonly string[]): Promise<ValueObject> {
  const allowed = KEYS[decl.type] ?? []
  const merged: ValueObject = {}
  for (const [k, raw] of Object.entries(decl.config)) {
    if (!allowed.includes(k)) fail('Unsupported argument', `An argument named "${k}" is not expected here.`, locate(cfg, decl.file, `backend "${decl.type}"`, k))
    merged[k] = evalRaw(raw, NO_SCOPE)
  }
  for (const item of overrides) {
    const eq = item.indexOf('=')
    const pairs: Array<[string, Value]> = eq < 0 ? await overrideFile(ctx, item) : [[item.slice(0, eq).trim(), item.slice(eq + 1)]]
    for (const [k, v] of pairs) {
      if (!allowed.includes(k)) fail('Invalid backend configuration argument', `The backend configuration argument "${k}" given on the command line is not expected for the selected backend type.`)
      merged[k] = BOOL_KEYS.has(k) && (v === 'true' || v === 'false') ? v === 'true' : v
    }
  }
  if (decl.type === 's3') validateS3(ctx, merged)
  return merged
}

async function overrideFile(ctx: Ctx, path: string): Promise<Array<[string, Value]>> {
  const full = resolve(ctx.dir, path)
  if (!existsSync(full)) fail('Failed to read file', `The file "${path}" could not be read.`)
  const doc = (await parseFile(basename(path), readFileSync(full, 'utf8'))) as Record<string, Raw>
  return Object.entries(doc).map(([k, raw]) => [k, evalRaw(raw, NO_SCOPE)])
}

function validateS3(ctx: Ctx, c: ValueObject): void {
  const diags = ['bucket', 'key']
    .filter((k) => typeof c[k] !== 'string' || c[k] === '')
    .map((k) => errorDiag('Missing Required Value', `The attribute "${k}" is required by the backend.\n\nRefer to the backend documentation for additional information which attributes are required.`))
  if ((typeof c.region !== 'string' || c.region === '') && !ctx.io.env.AWS_REGION && !ctx.io.env.AWS_DEFAULT_REGION) {
    diags.push(errorDiag('Missing region value', 'The "region" attribute or the "AWS_REGION" or "AWS_DEFAULT_REGION" environment variables must be set.'))
  }
  if (typeof c.key === 'string' && (c.key.startsWith('/') || c.key.endsWith('/') || c.key.split('/').includes('..'))) {
    diags.push(errorDiag('Invalid Value', `The value must not start or end with "/" or contain ".." path segments (key "${c.key}").`))
  }
  if (diags.length) throw new TfError(diags)
}

const INIT_DETAIL = `

The "backend" is the interface that Terraform uses to store state,
perform operations, etc. If this message is showing up, it means that the
Terraform configuration you're using is using a custom configuration for
the Terraform backend.

Changes to backend configurations require reinitialization. This allows
Terraform to set up the new configuration, copy existing state, etc. Please run
"terraform init" with either the "-reconfigure" or "-migrate-state" flags to
use the current configuration.

If the change reason above is incorrect, please verify your configuration
hasn't changed and try again. At this point, no changes to your existing
configuration or state have been made.`

function initRequired(reason: string): never {
  fail('Backend initialization required, please run "terraform init"', `Reason: ${reason}${INIT_DETAIL}`)
}

/** The state store for a configuration, or "Backend initialization required" when init is needed. */
export function stateStore(ctx: Ctx, cfg: Config | undefined, statePathFlag?: string): StateStore {
  const settings = readSettings(ctx)
  const decl = cfg?.backend
  if (decl) {
    if (!settings || settings.backend.type !== decl.type) initRequired(`Initial configuration of the requested backend "${decl.type}"`)
    if (settings.backend.hash !== blockHash(decl)) initRequired('Backend configuration block has changed')
  } else if (cfg && settings && settings.backend.type !== 'local') initRequired(`Unsetting the previously set backend "${settings.backend.type}"`)
  if (statePathFlag) return localStore(resolve(ctx.dir, statePathFlag))
  if (decl && settings?.backend.type === 's3') return s3Store(ctx, settings.backend.config)
  const path = decl && typeof settings?.backend.config.path === 'string' ? settings.backend.config.path : 'terraform.tfstate'
  return localStore(resolve(ctx.dir, path))
}

function localStore(statePath: string): StateStore {
  return {
    kind: 'local', statePath, backup: true,
    lockPath: join(dirname(statePath), `.${basename(statePath)}.lock.info`),
    lockDisplay: basename(statePath),
    conflictMessage: () => 'resource temporarily unavailable',
  }
}

/** The sandbox file holding the s3 object `key` of `bucket`. */
export function s3Path(ctx: Ctx, bucket: string, key: string): string {
  return join(ctx.sandbox, 's3', bucket, ...key.split('/').filter((p) => p && p !== '.' && p !== '..'))
}

function s3Store(ctx: Ctx, c: ValueObject): StateStore {
  const bucket = String(c.bucket)
  const key = String(c.key)
  const statePath = s3Path(ctx, bucket, key)
  return {
    kind: 's3', statePath, backup: false,
    lockPath: `${statePath}.tflock`,
    lockDisplay: `${bucket}/${key}`,
    conflictMessage: (seed) => s3LockMessage(c, seed.replace(/[^0-9a-z]/gi, '').toUpperCase().slice(0, 20).padEnd(20, '0')),
  }
}

/**
 * The AWS error of a held s3 lock. With dynamodb_table (and use_lockfile) it is the real SDK error,
 * which contains `RequestID: ...` before the Lock Info block. Without either, real Terraform 1.9
 * would not lock at all; the simulator locks anyway and words the error without request ids.
 */
function s3LockMessage(c: ValueObject, id: string): string {
  if (typeof c.dynamodb_table === 'string') return `operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: ${id}, ConditionalCheckFailedException: The conditional request failed`
  const pre = 'api error PreconditionFailed: At least one of the pre-conditions you specified did not hold'
  if (c.use_lockfile === true) return `operation error S3: PutObject, https response error StatusCode: 412, RequestID: ${id.slice(0, 16)}, HostID: ${id}, ${pre}`
  return `operation error S3: PutObject, https response error StatusCode: 412, ${pre}`
}

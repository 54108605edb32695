// One invocation's context: its streams, the working directory after -chdir, TF_DATA_DIR, the
// simulated version, TF_IN_AUTOMATION / TF_INPUT, the sandbox state directory and the clock
// (TASKS_SANDBOX_NOW, an ISO time, freezes it for deterministic output).
import { hostname } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import type { SimIo } from '../../common/io.ts'
import { sandboxDir } from '../../common/state-dir.ts'
import { printDiagnostics, type Diagnostic } from '../render/diag.ts'

/** The Terraform version simulated when TASKS_SANDBOX_TERRAFORM_VERSION is unset. */
export const DEFAULT_VERSION = '1.9.8'

/** The platform `version` reports. */
export const PLATFORM = 'linux_amd64'

/** Everything a command needs to know about its invocation. */
export interface Ctx {
  io: SimIo
  /** The working directory after -chdir (absolute). */
  dir: string
  /** The directory the process started in (path.cwd). */
  startDir: string
  /** $TF_DATA_DIR resolved against `dir` (absolute). */
  dataDir: string
  /** TF_DATA_DIR as configured (".terraform" by default), for messages. */
  dataDirName: string
  version: string
  /** TF_IN_AUTOMATION is set: next-step hints are suppressed. */
  automation: boolean
  /** Where simulated remote state (S3) lives. */
  sandbox: string
  now: () => Date
  out: (text: string) => void
  err: (text: string) => void
  /** Prints diagnostics (errors to stderr, warnings to stdout). */
  report: (diags: readonly Diagnostic[]) => void
}

/** Builds the context for a run in `dir` (already resolved from -chdir). */
export function makeCtx(io: SimIo, dir: string): Ctx {
  const dataDirName = io.env.TF_DATA_DIR || '.terraform'
  const fixed = io.env.TASKS_SANDBOX_NOW
  return {
    io,
    dir,
    startDir: io.cwd,
    dataDir: isAbsolute(dataDirName) ? dataDirName : resolve(dir, dataDirName),
    dataDirName,
    version: io.env.TASKS_SANDBOX_TERRAFORM_VERSION || DEFAULT_VERSION,
    automation: Boolean(io.env.TF_IN_AUTOMATION),
    sandbox: join(sandboxDir(io.env, io.cwd), 'terraform'),
    now: () => (fixed ? new Date(fixed) : new Date()),
    out: io.stdout,
    err: io.stderr,
    report: (diags) => printDiagnostics(diags, io),
  }
}

/** The `Who` of a lock: user@host. */
export function lockOwner(ctx: Ctx): string {
  return `${ctx.io.env.USER || ctx.io.env.LOGNAME || 'terraform'}@${hostname()}`
}

/** Prints the prompt Terraform would show, then treats the missing answer as "no". */
export function declinePrompt(ctx: Ctx, query: string, description: string): void {
  ctx.out(`\n${query}\n${description.split('\n').map((l) => `  ${l}`).join('\n')}\n\n  Enter a value: \n`)
}

/** Time as Go's time.Time.String() prints it in UTC: 2024-05-01 10:11:12.123 +0000 UTC (no trailing zeros). */
export function goTimeString(d: Date): string {
  const iso = d.toISOString()
  const frac = iso.slice(20, 23).replace(/0+$/, '')
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`
}

/** RFC 3339 time without fractional seconds, as `show -json` prints `timestamp`. */
export function rfc3339(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`
}

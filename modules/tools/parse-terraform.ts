// Pure parsers for what the terraform CLI prints (cli-contracts.md §1.2–1.4, §1.9, §1.11).
// Bad input is a failure value, never an exception.
import { jsonErrorOffset, lineColumn } from './json-error.ts'

/** A parsed value, or what was wrong with the input. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error })

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * JSON.parse as a result. What is not JSON is quoted (its start) unless `secret`: then only where
 * it stops being JSON and its size are said, as any of its text could be a sensitive value.
 */
function parseJson(text: string, command: string, secret = false): Result<unknown> {
  try {
    return ok(JSON.parse(text))
  } catch {
    const start = text.trim().slice(0, 60)
    if (start === '') return fail(`${command} printed nothing`)
    if (!secret) return fail(`${command} did not print JSON (its output starts with ${JSON.stringify(start)})`)
    const { line, column } = lineColumn(text, jsonErrorOffset(text) ?? 0)
    const bytes = new TextEncoder().encode(text).length
    return fail(`${command} did not print JSON: it stops being JSON at line ${line}, column ${column} of its ${bytes} bytes (none of it is shown: it may hold sensitive values)`)
  }
}

/** One output of `terraform output -json`; `sensitive` values must be redacted before display. */
export interface OutputValue {
  sensitive: boolean
  type: unknown
  value: unknown
}

/** All outputs of a layer, by name. */
export type Outputs = Record<string, OutputValue>

/** Parses `terraform output -json` (all outputs, no NAME): `{name: {sensitive, type, value}}`. */
export function parseOutputs(stdout: string): Result<Outputs> {
  const parsed = parseJson(stdout, 'terraform output -json', true)
  if (!parsed.ok) return parsed
  if (!isRecord(parsed.value)) return fail('terraform output -json printed a single value, not the object of all outputs (was an output NAME passed?)')
  const outputs: Outputs = {}
  for (const [name, o] of Object.entries(parsed.value)) {
    if (!isRecord(o) || typeof o.sensitive !== 'boolean' || !('type' in o) || !('value' in o)) {
      return fail(`terraform output -json: output "${name}" is not a {sensitive, type, value} object`)
    }
    outputs[name] = { sensitive: o.sensitive, type: o.type, value: o.value }
  }
  return ok(outputs)
}

/** Each output's value by name (sensitive ones included: for templates, never for display). */
export function outputValues(outputs: Outputs): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.value]))
}

/** What a sensitive value is replaced by wherever it is recorded or shown. */
export const REDACTED = '(sensitive)'

/** The outputs with every sensitive value replaced by REDACTED; safe to log or record. */
export function redactOutputs<T extends Record<string, { sensitive?: boolean; value: unknown }>>(outputs: T): T {
  return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.sensitive ? { ...o, value: REDACTED } : o])) as T
}

/** A resource instance the plan changes (no-op and read changes are left out). */
export interface ResourceChange {
  address: string
  type: string
  actions: string[]
  /** Why Terraform chose the action (`action_reason`), e.g. `replace_because_cannot_update`. */
  reason?: string
  /** The attribute paths forcing a replacement (`change.replace_paths`), each step as a string. */
  replacePaths?: string[][]
}

/** How much summarizePlan keeps of each change. */
export interface SummaryOptions {
  /** Also keep each change's `reason` and `replacePaths` (what the protected-resource guard shows). */
  details?: boolean
}

/** What a saved plan will do, counted the way Terraform's `Plan: …` summary line counts. */
export interface PlanSummary {
  add: number
  change: number
  destroy: number
  /** Resource instances being imported (`Plan: N to import, …`). */
  import: number
  /** Addresses replaced (delete+create in either order); they count in both add and destroy. */
  replace: string[]
  /** Addresses deleted and not replaced. */
  deletions: string[]
  /** Root outputs whose actions are not no-op. */
  outputChanges: string[]
  resourceChanges: ResourceChange[]
  /** Terraform's own "applying this plan changes something" (resources, outputs, moves, imports). */
  applyable: boolean
  /** Always false here: an errored plan is a failure value instead. */
  errored: boolean
}

interface RawChange extends ResourceChange {
  mode: string
  importing: boolean
}

// Each actions list → [add, change, destroy] as counted by Terraform (jsonformat/plan.go renderHuman).
const COUNTS: Record<string, [number, number, number]> = {
  'no-op': [0, 0, 0],
  read: [0, 0, 0],
  forget: [0, 0, 0],
  create: [1, 0, 0],
  'create,forget': [1, 0, 0],
  update: [0, 1, 0],
  delete: [0, 0, 1],
  'delete,create': [1, 0, 1],
  'create,delete': [1, 0, 1],
}

function readChange(raw: unknown, index: number): Result<RawChange> {
  const where = `terraform show -json: resource_changes[${index}]`
  if (!isRecord(raw) || typeof raw.address !== 'string' || typeof raw.type !== 'string') return fail(`${where} has no address and type`)
  const change = raw.change
  if (!isRecord(change) || !Array.isArray(change.actions) || !change.actions.every((a) => typeof a === 'string')) {
    return fail(`${where} (${raw.address}) has no change.actions list`)
  }
  const actions = change.actions as string[]
  if (!Object.hasOwn(COUNTS, actions.join(','))) return fail(`${where} (${raw.address}) has unknown actions ${JSON.stringify(actions)}; this version of tasks cannot summarize the plan`)
  const rc: RawChange = { address: raw.address, type: raw.type, actions, mode: String(raw.mode ?? 'managed'), importing: isRecord(change.importing) }
  if (typeof raw.action_reason === 'string' && raw.action_reason !== '') rc.reason = raw.action_reason
  const paths = replacePaths(change.replace_paths)
  if (paths) rc.replacePaths = paths
  return ok(rc)
}

// `replace_paths`: a list of paths, each a list of attribute names and indexes (strings or numbers).
function replacePaths(raw: unknown): string[][] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined
  const paths = raw.filter(Array.isArray).map((path: unknown[]) => path.filter((step) => typeof step === 'string' || typeof step === 'number').map(String))
  return paths.length ? paths : undefined
}

/**
 * Summarizes `terraform show -json PLANFILE`; a plan with `"errored": true` is a failure. Each
 * change is `{address, type, actions}`, plus `reason` and `replacePaths` with `details`.
 */
export function summarizePlan(showJson: string, options: SummaryOptions = {}): Result<PlanSummary> {
  const parsed = parseJson(showJson, 'terraform show -json')
  if (!parsed.ok) return parsed
  const plan = parsed.value
  if (!isRecord(plan)) return fail('terraform show -json printed JSON that is not a plan object')
  if (plan.errored === true) return fail('the plan is incomplete: Terraform reported errors while planning ("errored": true), so it cannot be applied; fix the errors terraform plan printed and plan again')
  const rawChanges = Array.isArray(plan.resource_changes) ? plan.resource_changes : []
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, import: 0, replace: [], deletions: [], outputChanges: [], resourceChanges: [], applyable: false, errored: false }
  for (const [i, raw] of rawChanges.entries()) {
    const rc = readChange(raw, i)
    if (!rc.ok) return rc
    tally(s, rc.value, options.details === true)
  }
  s.outputChanges = changedOutputs(plan.output_changes)
  s.applyable = typeof plan.applyable === 'boolean' ? plan.applyable : s.resourceChanges.length + s.import + s.outputChanges.length > 0
  return ok(s)
}

function tally(s: PlanSummary, rc: RawChange, details: boolean): void {
  const key = rc.actions.join(',')
  if (rc.importing) s.import++
  // Terraform shows nothing for a data source leaving the state.
  if (key === 'no-op' || key === 'read' || (key === 'delete' && rc.mode !== 'managed')) return
  const [add, change, destroy] = COUNTS[key]
  s.add += add
  s.change += change
  s.destroy += destroy
  if (add && destroy) s.replace.push(rc.address)
  else if (destroy) s.deletions.push(rc.address)
  const kept: ResourceChange = { address: rc.address, type: rc.type, actions: rc.actions }
  if (details && rc.reason !== undefined) kept.reason = rc.reason
  if (details && rc.replacePaths) kept.replacePaths = rc.replacePaths
  s.resourceChanges.push(kept)
}

function changedOutputs(outputChanges: unknown): string[] {
  if (!isRecord(outputChanges)) return []
  const changed = Object.entries(outputChanges).filter(([, c]) => !(isRecord(c) && Array.isArray(c.actions) && c.actions.join(',') === 'no-op'))
  return changed.map(([name]) => name).sort()
}

/** The meaning of a `terraform plan -detailed-exitcode` exit code. */
export function planExitMeaning(code: number): 'no-changes' | 'changes' | 'error' {
  return code === 0 ? 'no-changes' : code === 2 ? 'changes' : 'error'
}

/** The version from `terraform version -json`, e.g. "1.9.8" or "1.10.0-beta1". */
export function parseVersionJson(stdout: string): Result<string> {
  const parsed = parseJson(stdout, 'terraform version -json')
  if (!parsed.ok) return parsed
  const v = isRecord(parsed.value) ? parsed.value.terraform_version : undefined
  return typeof v === 'string' && v !== '' ? ok(v) : fail('terraform version -json printed no "terraform_version"')
}

/** The version from the human `terraform version` text (`Terraform v1.9.8` / `on linux_amd64` …). */
export function parseVersionText(stdout: string): Result<string> {
  const m = /^Terraform v(\d+\.\d+\.\d+\S*)/m.exec(stdout)
  return m ? ok(m[1]) : fail('terraform version printed no "Terraform vX.Y.Z" line')
}

/** What the state-lock error says about the lock (§1.11); only `id` is sure to be there. */
export interface LockInfo {
  id: string
  path?: string
  operation?: string
  who?: string
  version?: string
  created?: string
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g
const BOX = /^[ \t]*[│╷╵][ \t]?/gm
const LOCK_KEYS: Record<string, keyof LockInfo | 'info'> = { ID: 'id', Path: 'path', Operation: 'operation', Who: 'who', Version: 'version', Created: 'created', Info: 'info' }

/**
 * The lock from terraform's "Error acquiring the state lock" diagnostic, in the plain (`-no-color`)
 * or the coloured boxed form, word-wrapped or not; undefined when stderr is not that error.
 */
export function parseLockError(stderr: string): LockInfo | undefined {
  const plain = stderr.replace(ANSI, '').replace(BOX, '')
  if (!/acquiring\s+the\s+state\s+lock/.test(plain)) return undefined
  const at = plain.search(/^[ \t]*Lock Info:/m)
  if (at < 0) return undefined
  const fields = lockFields(plain.slice(at).split('\n').slice(1))
  if (!fields.id) return undefined
  const lock: LockInfo = { id: fields.id }
  for (const key of ['path', 'operation', 'who', 'version', 'created'] as const) if (fields[key]) lock[key] = fields[key]
  return lock
}

// `  Key: value` lines up to the first blank line; other lines continue the previous value.
function lockFields(lines: string[]): Record<string, string> {
  const fields: Record<string, string> = {}
  let last: string | undefined
  for (const line of lines.map((l) => l.trim())) {
    if (line === '') break
    const m = /^([A-Za-z]+):\s*(.*)$/.exec(line)
    const key = m && Object.hasOwn(LOCK_KEYS, m[1]) ? LOCK_KEYS[m[1]] : undefined
    if (m && key) fields[(last = key)] = m[2]
    else if (last) fields[last] = `${fields[last]} ${line}`.trim()
  }
  return fields
}

// `OperationTypePlan` → `plan`; other operation names are kept as they are.
const operationName = (op: string): string => (/^OperationType[A-Z]/.test(op) ? op.slice('OperationType'.length).toLowerCase() : op)

/**
 * What to tell the user about a held lock, e.g. `The Terraform state of cluster "prod" is locked by
 * ci@runner (plan since CREATED, lock ID ID).` and the force-unlock command; unknown parts are left out.
 */
export function forceUnlockHint(lock: LockInfo, cluster: string, target = 'force-unlock'): string {
  const by = lock.who ? ` by ${lock.who}` : ''
  const since = [lock.operation && operationName(lock.operation), lock.created && `since ${lock.created}`].filter(Boolean).join(' ')
  const details = [since, `lock ID ${lock.id}`].filter(Boolean).join(', ')
  return (
    `The Terraform state of cluster "${cluster}" is locked${by} (${details}).\n` +
    `If no other run is active, release it with:\n  npx tasks ${target} --cluster ${cluster} -- ${lock.id}`
  )
}

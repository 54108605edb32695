// Saved plan files (`plan -out`). The simulator's own format inside a zip archive, like real plan
// files: `tfplan` (JSON: format marker, Terraform version, mode, variables, the prior state's
// lineage and serial, resource and output changes with unknowns as {"$unknown":true}, data source
// reads, errored flag), `tfstate` (the prior state), `tfconfig/<file>` (the configuration snapshot
// apply evaluates) and `.terraform.lock.hcl` when present.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fail } from '../render/diag.ts'
import type { Ctx } from './context.ts'
import { marshal } from '../render/gojson.ts'
import type { DataRead, OutputChange, Plan, ResourceChange } from './planner.ts'
import { LOCK_FILE } from './providers.ts'
import { emptyState, type StateFile } from './state.ts'
import { fromStored, toStored, type Value, type ValueObject } from '../lang/values.ts'
import { readZip, writeZip } from './zip.ts'

/** The marker in every simulator plan file. */
export const PLAN_FORMAT = 'tasks-sandbox-terraform-plan'

/** A plan read back from a file. */
export interface SavedPlan {
  plan: Plan
  terraformVersion: string
  timestamp: string
  /** Whether a state existed when planning (lineage and serial come from `plan.prior`). */
  hadState: boolean
  /** Configuration file texts at planning time. */
  texts: Record<string, string>
}

/** Writes `plan` to `path` (relative to the working directory). */
export function writePlanFile(ctx: Ctx, path: string, plan: Plan, texts: Record<string, string>, hadState: boolean): void {
  const now = ctx.now()
  const body = {
    format: PLAN_FORMAT, format_version: 1, terraform_version: ctx.version, timestamp: now.toISOString(),
    mode: plan.mode, errored: plan.errored, region: plan.region, had_state: hadState,
    prior: { lineage: plan.prior.lineage, serial: plan.prior.serial },
    variables: toStored(plan.variables as ValueObject),
    changes: plan.changes.map((c) => ({ ...c, before: toStored(c.before), after: toStored(c.after) })),
    outputs: plan.outputs.map((o) => ({ ...o, before: toStored(o.before), after: toStored(o.after) })),
    data_reads: plan.dataReads,
  }
  const entries = [
    { name: 'tfplan', data: Buffer.from(`${JSON.stringify(body, null, 1)}\n`) },
    { name: 'tfstate', data: Buffer.from(`${marshal(plan.prior, { indent: '  ' })}\n`) },
    ...Object.keys(texts).sort().map((f) => ({ name: `tfconfig/${f}`, data: Buffer.from(texts[f]) })),
  ]
  const lock = join(ctx.dir, LOCK_FILE)
  if (existsSync(lock)) entries.push({ name: LOCK_FILE, data: readFileSync(lock) })
  try {
    writeFileSync(resolve(ctx.dir, path), writeZip(entries, now))
  } catch (e) {
    fail('Failed to write plan file', `The plan file could not be written: ${(e as Error).message}.`)
  }
}

function loadFailure(path: string, detail: string): never {
  fail(`Failed to load "${path}" as a plan file`, detail)
}

interface StoredPlan {
  format?: string
  terraform_version: string
  timestamp: string
  mode: 'normal' | 'destroy'
  errored: boolean
  region: string
  had_state: boolean
  variables: unknown
  changes: Array<ResourceChange & { before: unknown; after: unknown }>
  outputs: Array<OutputChange & { before: unknown; after: unknown }>
  data_reads: DataRead[]
}

/** Reads a plan file; wrong paths and foreign files fail like Terraform ("Failed to load ... as a plan file"). */
export function readPlanFile(ctx: Ctx, path: string): SavedPlan {
  const full = resolve(ctx.dir, path)
  if (!existsSync(full)) loadFailure(path, `Error: stat ${path}: no such file or directory`)
  if (statSync(full).isDirectory()) loadFailure(path, 'The specified path is a directory, not a plan file. You can use the global -chdir flag to use this directory as the configuration root.')
  let files: Map<string, Buffer>
  try {
    files = readZip(readFileSync(full))
  } catch (e) {
    return loadFailure(path, `Error: ${(e as Error).message}`)
  }
  const raw = files.get('tfplan')
  const body = raw ? (JSON.parse(raw.toString()) as StoredPlan) : undefined
  if (!body || body.format !== PLAN_FORMAT) return loadFailure(path, 'Error: the file is a zip archive but not a plan file written by the terraform simulator.')
  if (body.terraform_version !== ctx.version) {
    fail('Failed to read plan from plan file', `Cannot read the plan from the given plan file: plan file was created by Terraform ${body.terraform_version}, but this is ${ctx.version}; plan files cannot be transferred between different Terraform versions.`)
  }
  const state = files.get('tfstate')
  const prior: StateFile = state ? { ...emptyState(ctx.version), ...(JSON.parse(state.toString()) as StateFile) } : emptyState(ctx.version)
  const texts: Record<string, string> = {}
  for (const [name, data] of files) if (name.startsWith('tfconfig/')) texts[name.slice(9)] = data.toString()
  const plan: Plan = {
    mode: body.mode, errored: body.errored, region: body.region, prior, diags: [],
    variables: fromStored(body.variables) as Record<string, Value>,
    changes: body.changes.map((c) => ({ ...c, before: fromStored(c.before) as ValueObject | null, after: fromStored(c.after) as ValueObject | null })),
    outputs: body.outputs.map((o) => ({ ...o, before: fromStored(o.before), after: fromStored(o.after) })),
    dataReads: body.data_reads,
  }
  return { plan, terraformVersion: body.terraform_version, timestamp: body.timestamp, hadState: body.had_state, texts }
}

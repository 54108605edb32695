// What plan, apply, destroy, output and show share: loading the working directory's configuration
// (with the "No configuration files" and required_version checks), the state store (with the
// backend-initialized check), reading state, running under the state lock, and persisting a new
// state (serial + 1, a lineage on first write) only when it changed.
import { stateStore, type StateStore } from './backend.ts'
import { configFiles, loadConfig, type Config } from '../lang/config.ts'
import type { Ctx } from './context.ts'
import { fail } from '../render/diag.ts'
import { parseDuration, type Flags } from '../cmd/flags.ts'
import { acquireLock } from './lock.ts'
import { newLineage } from './planner.ts'
import { checkCoreVersion } from './providers.ts'
import { emptyState, readState, writeState, type StateFile } from './state.ts'
import { stateJson } from '../render/show-json.ts'

/** The texts of "No configuration files" for commands that need configuration. */
const NO_CONFIG: Record<string, string> = {
  plan: 'Plan requires configuration to be present. Planning without a configuration would mark everything for destruction, which is normally not what is desired. If you would like to destroy everything, run plan with the -destroy option. Otherwise, create a Terraform configuration file (.tf file) and try again.',
  apply: "Apply requires configuration to be present. Applying without a configuration would mark everything for destruction, which is normally not what is desired. If you would like to destroy everything, run 'terraform destroy' instead.",
}

/** Loads the configuration; `command` names the NO_CONFIG text when configuration is required. */
export async function workingConfig(ctx: Ctx, command?: string): Promise<Config | undefined> {
  if (configFiles(ctx.dir).length === 0) {
    if (command && NO_CONFIG[command]) fail('No configuration files', NO_CONFIG[command])
    return undefined
  }
  const cfg = await loadConfig(ctx.dir)
  checkCoreVersion(ctx, cfg)
  return cfg
}

/** The state store of this working directory (fails when init is required). */
export function storeFor(ctx: Ctx, cfg: Config | undefined, statePath?: string): StateStore {
  return stateStore(ctx, cfg, statePath)
}

/** The current state, or an empty one (serial 0, no lineage) when there is none yet. */
export function currentState(ctx: Ctx, store: StateStore): { state: StateFile; existed: boolean } {
  const s = readState(store.statePath)
  return { state: s ?? emptyState(ctx.version), existed: s !== undefined }
}

/** Runs `fn` holding the state lock for `operation`, unless -lock=false. */
export async function withLock<T>(ctx: Ctx, store: StateStore, f: Flags, operation: string, fn: () => Promise<T>): Promise<T> {
  if (!f.bool('lock', true)) return fn()
  const timeout = parseDuration(f.string('lock-timeout') ?? '0s') ?? 0
  const lock = await acquireLock(ctx, store, operation, timeout)
  try {
    return await fn()
  } finally {
    lock.release()
  }
}

/** Writes `next` when it differs from `prior` (or no state existed): serial + 1, lineage kept or created. */
export function persistState(ctx: Ctx, store: StateStore, prior: StateFile, next: StateFile, existed: boolean): StateFile {
  const candidate: StateFile = { ...next, terraform_version: ctx.version }
  const same = stateJson({ ...prior, terraform_version: '' }) === stateJson({ ...candidate, terraform_version: '' })
  if (existed && same) return prior
  const written: StateFile = { ...candidate, serial: prior.serial + 1, lineage: prior.lineage || newLineage() }
  writeState(store.statePath, written, store.backup)
  return written
}

// State locking: a lock file beside the state (s3: KEY.tflock under the sandbox bucket; local:
// .terraform.tfstate.lock.info) holding Terraform's LockInfo JSON. Acquired with an exclusive
// create; a held lock fails with the exact "Error acquiring the state lock" text, after polling
// until -lock-timeout expires. A process killed while holding the lock leaves it held, as with
// real Terraform; force-unlock removes it.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StateStore } from './backend.ts'
import { fail } from '../render/diag.ts'
import { goTimeString, lockOwner, type Ctx } from './context.ts'

/** Terraform's statemgr.LockInfo, as stored in the lock file. */
export interface LockInfo {
  ID: string
  Operation: string
  Info: string
  Who: string
  Version: string
  Created: string
  Path: string
}

/** A held lock; release() removes it. */
export interface HeldLock {
  info: LockInfo
  release: () => void
}

/** Poll interval while waiting for -lock-timeout. */
const POLL_MS = 25

/** How long acquiring may take before "Acquiring state lock..." is printed (Terraform: 400ms). */
const SLOW_MS = 400

/** The lock currently held on a store, if any. */
export function readLock(store: StateStore): LockInfo | undefined {
  if (!existsSync(store.lockPath)) return undefined
  try {
    return JSON.parse(readFileSync(store.lockPath, 'utf8')) as LockInfo
  } catch {
    return { ID: '', Operation: '', Info: '', Who: '', Version: '', Created: new Date(0).toISOString(), Path: store.lockDisplay }
  }
}

function tryCreate(store: StateStore, info: LockInfo): boolean {
  mkdirSync(dirname(store.lockPath), { recursive: true })
  try {
    writeFileSync(store.lockPath, JSON.stringify(info), { flag: 'wx' })
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  }
}

/** Acquires the lock for `operation` (OperationTypePlan/Apply), waiting up to `timeoutMs`. */
export async function acquireLock(ctx: Ctx, store: StateStore, operation: string, timeoutMs: number): Promise<HeldLock> {
  const info: LockInfo = { ID: randomUUID(), Operation: operation, Info: '', Who: lockOwner(ctx), Version: ctx.version, Created: ctx.now().toISOString(), Path: store.lockDisplay }
  const start = Date.now()
  let announced = false
  while (!tryCreate(store, info)) {
    const waited = Date.now() - start
    if (waited >= timeoutMs) lockError(store, readLock(store))
    if (!announced && waited >= SLOW_MS) {
      ctx.out('Acquiring state lock. This may take a few moments...\n')
      announced = true
    }
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, timeoutMs - waited))))
  }
  return { info, release: () => release(store, info.ID) }
}

function release(store: StateStore, id: string): void {
  if (readLock(store)?.ID === id) rmSync(store.lockPath, { force: true })
}

/** LockInfo.String(): the "Lock Info:" block of lock errors. */
export function lockInfoText(info: LockInfo): string {
  return [
    'Lock Info:',
    `  ID:        ${info.ID}`,
    `  Path:      ${info.Path}`,
    `  Operation: ${info.Operation}`,
    `  Who:       ${info.Who}`,
    `  Version:   ${info.Version}`,
    `  Created:   ${goTimeString(new Date(info.Created))}`,
    `  Info:      ${info.Info}`.trimEnd(),
  ].join('\n')
}

function lockError(store: StateStore, info: LockInfo | undefined): never {
  const held = info ?? { ID: '', Operation: '', Info: '', Who: '', Version: '', Created: new Date(0).toISOString(), Path: store.lockDisplay }
  fail(
    'Error acquiring the state lock',
    `Error message: ${store.conflictMessage(held.ID)}\n${lockInfoText(held)}\n\n` +
      'Terraform acquires a state lock to protect the state from being written\n' +
      'by multiple users at the same time. Please resolve the issue above and try\n' +
      'again. For most commands, you can disable locking with the "-lock=false"\n' +
      'flag, but this is not recommended.',
  )
}

/** Removes the lock `id` (force-unlock); returns the error text when the lock is missing or different. */
export function forceUnlock(store: StateStore, id: string): string | undefined {
  const info = readLock(store)
  if (!info) {
    return store.kind === 's3'
      ? `failed to retrieve lock info for lock ID "${id}": no lock info found for: "${store.lockDisplay}"`
      : `lock id "${id}" does not match existing lock: no lock is held on ${store.lockDisplay}`
  }
  if (info.ID !== id) {
    const what = store.kind === 's3' ? `lock ID "${id}" does not match existing lock ("${info.ID}")` : `lock id "${id}" does not match existing lock`
    return `${what}\n${lockInfoText(info)}`
  }
  rmSync(store.lockPath, { force: true })
  return undefined
}

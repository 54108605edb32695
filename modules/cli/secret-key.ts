// The state directory's digest key for sensitive outputs (.tasks/secret.key). A key that is empty
// or not one tasks made would make the digests guessable HMACs: it is replaced, with one warning.
// A key that group or others can read is kept (replacing it would not un-share it), with a warning
// that names the file, its mode and the chmod that fixes it.
import { join, relative } from 'node:path'
import { newSecretKey } from '../cache/mod.ts'
import { probeWritable, stateProblem, type Ports, type StateProblem } from '../exec/mod.ts'

/** What newSecretKey makes: 32 random bytes as hex. */
const WELL_FORMED = /^[0-9a-f]{64}$/

const REPLACED = 'made a new key (stages that use sensitive outputs run again once)'

/** Why a key read from the file is unusable, or undefined when it is fine. */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'was empty'
  if (!WELL_FORMED.test(key)) return `is not a key tasks made (64 hex digits; it holds ${key.length} characters)`
  return undefined
}

/**
 * The key: created on first use (mode 0600, atomically, so two first runs agree on one key), read
 * afterwards; either way the directory must be writable. `root` only shortens paths in warnings.
 */
export async function secretKey(ports: Ports, stateDir: string, root: string, warn: (m: string) => void, shared?: string): Promise<string | StateProblem> {
  const file = join(stateDir, 'secret.key')
  const shown = relative(root, file).startsWith('..') ? file : relative(root, file)
  // TASKS_SECRET_KEY: one key for every CI runner (a CI secret), so records made on one match on
  // another (cache.remote); never written to the state directory. A malformed one is not used.
  if (shared !== undefined && shared !== '') {
    const problem = keyProblem(shared.trim())
    if (problem === undefined) return shared.trim()
    warn(`TASKS_SECRET_KEY ${problem}: using ${shown} instead`)
  }
  const read = async (): Promise<string | undefined> => {
    try {
      return (await ports.fs.readText(file)).trim()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }
  try {
    const existing = await read()
    if (existing !== undefined) {
      const unwritable = await probeWritable(ports.fs, stateDir, [stateDir])
      if (unwritable) return unwritable
      const problem = keyProblem(existing)
      if (problem === undefined) {
        await warnIfShared(ports, file, shown, warn)
        return existing
      }
      const fresh = newSecretKey()
      await ports.fs.writeAtomic(file, `${fresh}\n`, 0o600)
      warn(`${shown} ${problem}: ${REPLACED}`)
      return fresh
    }
    const fresh = newSecretKey()
    // Another first run may have created it in between: then both use that one.
    return (await ports.fs.createExclusive(file, `${fresh}\n`, 0o600)) ? fresh : ((await read()) ?? fresh)
  } catch (error) {
    const problem = stateProblem(stateDir, file, error)
    if (problem) return problem
    throw error
  }
}

/** Warns when group or others may read the key (mode & 0o077). */
async function warnIfShared(ports: Ports, file: string, shown: string, warn: (m: string) => void): Promise<void> {
  const mode = (await ports.fs.stat(file).catch(() => undefined))?.mode
  if (mode === undefined || (mode & 0o077) === 0) return
  warn(`${shown} can be read by others (mode ${mode.toString(8).padStart(4, '0')}), and it keys the digests of sensitive outputs; run: chmod 600 ${file}`)
}

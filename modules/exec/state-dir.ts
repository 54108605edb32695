// The state directory (.tasks/) must be writable: a run records results, logs and locks there.
// A directory that cannot be created or written is one clear message (exit 2), found before any
// stage runs, instead of a stack trace from the first write.
import { mkdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { FileSystem } from '../fs/mod.ts'

export interface StateProblem {
  reason: 'state-unwritable'
  stateDir: string
  /** The file or directory that could not be written. */
  path: string
  detail: string
}

/** Error codes that mean "this place cannot be written", as opposed to a bug. */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a parent is a file, not a directory',
  EEXIST: 'a file is in the way of a directory',
  EISDIR: 'a directory is in the way of a file',
}

/** The problem behind a failed write under the state directory, or undefined for any other error. */
export function stateProblem(stateDir: string, fallbackPath: string, error: unknown, codes: Record<string, string> = WRITE_ERRORS): StateProblem | undefined {
  const e = error as NodeJS.ErrnoException
  const detail = e?.code ? codes[e.code] : undefined
  if (!detail) return undefined
  return { reason: 'state-unwritable', stateDir, path: e.path ?? fallbackPath, detail: `${detail} (${e.code})` }
}

export function formatStateProblem(p: StateProblem): string {
  return [
    `Cannot write tasks's state to ${p.path}: ${p.detail}.`,
    `hint: tasks keeps cache records, logs and locks under ${p.stateDir}; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.`,
  ].join('\n')
}

/**
 * Writes and removes a probe file in each directory (created if needed): the first that fails is
 * the problem. Errors that are not about writing are rethrown.
 */
export async function probeWritable(fs: FileSystem, stateDir: string, dirs: readonly string[]): Promise<StateProblem | undefined> {
  for (const dir of dirs) {
    const probe = join(dir, `.write-test-${process.pid}`)
    try {
      await fs.writeAtomic(probe, '')
      await fs.remove(probe)
    } catch (error) {
      const problem = stateProblem(stateDir, dir, error)
      if (problem) return problem
      throw error
    }
  }
  return undefined
}

/** Making a directory, ENOENT under an existing parent means the place takes no directories (/proc). */
const MKDIR_ERRORS: Record<string, string> = { ...WRITE_ERRORS, ENOENT: 'the directory cannot be created' }

/**
 * Creates the state directory (an absolute path), one level at a time from the nearest that
 * exists: a recursive mkdir never returns under /proc (Node 20), so a place that takes no
 * directories is a problem here, before anything runs. What exists already is left to the probes.
 */
export async function createStateDir(stateDir: string): Promise<StateProblem | undefined> {
  const missing: string[] = []
  for (let dir = stateDir; ; dir = dirname(dir)) {
    try {
      await mkdir(dir)
      break
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') break
      if (code !== 'ENOENT' || dirname(dir) === dir || (await isDir(dirname(dir)))) return stateProblem(stateDir, dir, error, MKDIR_ERRORS) ?? rethrow(error)
      missing.unshift(dir)
    }
  }
  for (const dir of missing) {
    try {
      await mkdir(dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return stateProblem(stateDir, dir, error, MKDIR_ERRORS) ?? rethrow(error)
    }
  }
  return undefined
}

const isDir = (dir: string): Promise<boolean> => stat(dir).then((s) => s.isDirectory(), () => false)

const rethrow = (error: unknown): never => {
  throw error
}

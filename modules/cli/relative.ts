// Failure locations as a user would type them: relative to the project root (`tasks.ts:12:3`).
import { isAbsolute, relative } from 'node:path'
import type { Failure, Location } from '../diag/mod.ts'

/** The failure with its location relative to `root`, when it has an absolute one. */
export function relativeTo(root: string, failure: Failure): Failure {
  if (failure.reason === 'bad-graph-module' && isAbsolute(failure.file)) failure = { ...failure, file: relative(root, failure.file) }
  const at = (failure as { at?: Location }).at
  if (!at || !isAbsolute(at.file)) return failure
  return { ...failure, at: { ...at, file: relative(root, at.file) } } as Failure
}


// Where the simulators keep their state: $TASKS_SANDBOX_DIR, or .tasks/sandbox of the repository
// the simulator ships in (two levels above this file's folder: sandbox/common, the package inside
// the tasks repository); and
// where they keep what is not state but a pure function of a file's text (parses), shared by every
// sandbox of that repository.
import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'

export const SANDBOX_DIR_VAR = 'TASKS_SANDBOX_DIR'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** The simulators' machine-wide cache (git-ignored): entries are keyed by content, never state. */
export const SANDBOX_CACHE_DIR = join(REPO, '.tasks', 'sandbox-cache')

export function sandboxDir(env: Record<string, string | undefined>, cwd: string): string {
  const given = env[SANDBOX_DIR_VAR]
  if (given) return resolve(cwd, given)
  return join(REPO, '.tasks', 'sandbox')
}

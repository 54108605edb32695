// Where the simulators keep their state: $TASKS_SANDBOX_DIR, or .tasks/sandbox of the repository
// the simulator ships in (three levels above this file's folder: scripts/sandbox/common).
import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'

export const SANDBOX_DIR_VAR = 'TASKS_SANDBOX_DIR'

export function sandboxDir(env: Record<string, string | undefined>, cwd: string): string {
  const given = env[SANDBOX_DIR_VAR]
  if (given) return resolve(cwd, given)
  return join(fileURLToPath(new URL('../../..', import.meta.url)), '.tasks', 'sandbox')
}

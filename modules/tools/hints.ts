// What a failed command's output means, resolved from the command's hint key (Command stays data):
// a held Terraform state lock becomes the exact force-unlock command to run.
import type { Command, CommandResult } from '../graph/mod.ts'
import { forceUnlockHint, parseLockError } from './parse-terraform.ts'

/** The message for a failed command whose hint recognises its output; undefined when it does not. */
export function commandHint(cmd: Command, result: CommandResult): string | undefined {
  switch (cmd.hint?.key) {
    case 'terraform-state-lock': {
      const lock = parseLockError(result.stderr)
      return lock && forceUnlockHint(lock, cmd.env.TASKS_CLUSTER ?? '<cluster>', cmd.hint.unlockTarget)
    }
    case undefined:
      return undefined
  }
}

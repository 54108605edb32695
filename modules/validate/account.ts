// A cluster on real AWS whose cluster.yaml sets no `account`: the account guard cannot check
// which account its credentials act on. A warning, not an error: validation still passes.
import { unguarded, unguardedWarning } from '../aws/guard.ts'
import type { YamlFile } from '../config/yaml-doc.ts'
import type { Problem } from '../manifest/mod.ts'

/** The warning for an unguarded cluster, at its `profile:` (where `account:` belongs), else the file's start. */
export function accountWarning(c: { name: string; dir: string }, settings: Record<string, unknown>, doc?: YamlFile): Problem | undefined {
  if (!unguarded({ settings })) return undefined
  const file = `${c.dir}/cluster.yaml`
  const at = doc && settings.profile !== undefined ? doc.locate(['profile']) : { file, line: 1, column: 1 }
  const { message, hint } = unguardedWarning(c.name, file)
  return { at, rule: 'account-missing', severity: 'warning', message, hint }
}

// The small commands: `version [-json]` (§1.9: four keys in order, provider_selections from the
// lock file), `force-unlock [-force] LOCK_ID` (§1.7 texts: plain lines, not diagnostics) and
// `validate [-json]` (syntax, references and function names, evaluated with every value unknown).
import { PLATFORM, declinePrompt, type Ctx } from '../state/context.ts'
import { TfError, diagnosticsOf } from '../render/diag.ts'
import { evalRaw } from '../lang/eval.ts'
import { flags } from './flags.ts'
import { marshal } from '../render/gojson.ts'
import { forceUnlock } from '../state/lock.ts'
import { readLockFile } from '../state/providers.ts'
import { evalBody, makeEnv, makeScope } from '../lang/scope.ts'
import { UNKNOWN, type Value } from '../lang/values.ts'
import { storeFor, workingConfig } from '../state/workspace.ts'

/** Runs `terraform version`. */
export async function versionCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('version', args, { json: 'bool', v: 'bool', version: 'bool' })
  const locked = readLockFile(ctx.dir)
  const selections: Record<string, string> = {}
  for (const full of Object.keys(locked).sort()) selections[full] = locked[full].version
  if (f.bool('json', false)) {
    ctx.out(`${marshal({ terraform_version: ctx.version, platform: PLATFORM, provider_selections: selections, terraform_outdated: false }, { indent: '  ' })}\n`)
    return 0
  }
  ctx.out(`Terraform v${ctx.version}\non ${PLATFORM}\n${Object.entries(selections).map(([p, v]) => `+ provider ${p} v${v}\n`).join('')}`)
  return 0
}

const UNLOCKED = 'Terraform state has been successfully unlocked!\n\nThe state has been unlocked, and Terraform commands should now be able to\nobtain a new lock on the remote state.\n'

/** Runs `terraform force-unlock`. */
export async function forceUnlockCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('force-unlock', args, { force: 'bool', 'no-color': 'bool' })
  if (f.positionals.length !== 1) {
    ctx.err('Expected a single argument: LOCK_ID\n\nUsage: terraform [global options] force-unlock [options] LOCK_ID\n')
    return 1
  }
  const store = storeFor(ctx, await workingConfig(ctx))
  if (!f.bool('force', false)) {
    if (store.kind === 'local') {
      ctx.err('Local state cannot be unlocked by another process\n')
      return 1
    }
    declinePrompt(ctx, 'Do you really want to force-unlock?', "Terraform will remove the lock on the remote state.\nThis will allow local Terraform commands to modify this state, even though it\nmay still be in use. Only 'yes' will be accepted to confirm.")
    ctx.out('force-unlock cancelled.\n')
    return 1
  }
  const error = forceUnlock(store, f.positionals[0])
  if (error) {
    ctx.err(`Failed to unlock state: ${error}\n`)
    return 1
  }
  ctx.out(UNLOCKED)
  return 0
}

/** Runs `terraform validate`: every expression evaluated with unknown variables and resources. */
export async function validateCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('validate', args, { json: 'bool', 'no-color': 'bool', 'no-tests': 'bool', 'test-directory': 'string' })
  const json = f.bool('json', false)
  let diags: ReturnType<typeof diagnosticsOf> = []
  try {
    const cfg = await workingConfig(ctx)
    if (cfg) {
      const vars: Record<string, Value> = Object.fromEntries(Object.keys(cfg.variables).map((k) => [k, UNKNOWN]))
      const env = makeEnv(cfg, vars, { dir: ctx.dir, startDir: ctx.startDir }, () => UNKNOWN)
      env.expansions = (d) => [{ key: d.count !== undefined ? 0 : d.forEach !== undefined ? 'k' : undefined, iter: { count: { index: UNKNOWN }, each: { key: UNKNOWN, value: UNKNOWN } } }]
      for (const name of Object.keys(cfg.locals)) env.local(name)
      for (const r of cfg.resources) evalBody(r.body, makeScope(env, { count: { index: UNKNOWN }, each: { key: UNKNOWN, value: UNKNOWN } }), env, {})
      for (const o of Object.values(cfg.outputs)) evalRaw(o.value, makeScope(env))
    }
  } catch (e) {
    if (!(e instanceof TfError)) throw e
    diags = e.diags
  }
  if (json) {
    const out = { format_version: '1.0', valid: diags.length === 0, error_count: diags.length, warning_count: 0, diagnostics: diags.map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail })) }
    ctx.out(`${marshal(out, { indent: '  ' })}\n`)
    return diags.length ? 1 : 0
  }
  if (diags.length) {
    ctx.report(diags)
    return 1
  }
  ctx.out('Success! The configuration is valid.\n\n')
  return 0
}

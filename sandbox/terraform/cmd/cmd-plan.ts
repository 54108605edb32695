// `terraform plan`: refreshes (prints "Refreshing state..." per instance), plans, prints the human
// plan, writes -out (also for empty plans, and a partial `errored` plan when planning failed after
// the configuration loaded), holds the state lock throughout, and exits 0/1, or 0/1/2 with
// -detailed-exitcode (2 = applyable changes, outputs included).
import { loadConfigTexts, type Config } from '../lang/config.ts'
import type { Ctx } from '../state/context.ts'
import { fail } from '../render/diag.ts'
import { flags, type Flags } from './flags.ts'
import { writePlanFile } from '../state/plan-file.ts'
import { applyable, buildPlan, regionOf, type Plan } from '../state/planner.ts'
import { checkProvidersInstalled } from '../state/providers.ts'
import { planNextStep, renderPlan } from '../render/render-plan.ts'
import { stateInstances, type StateFile } from '../state/state.ts'
import { resolveVariables } from '../lang/variables.ts'
import { currentState, storeFor, withLock, workingConfig } from '../state/workspace.ts'

/** Flags shared by plan, apply and destroy. */
export const PLANNING_FLAGS = {
  input: 'bool', lock: 'bool', 'lock-timeout': 'duration', var: 'multi', 'var-file': 'multi', destroy: 'bool', refresh: 'bool',
  'refresh-only': 'bool', 'no-color': 'bool', json: 'bool', parallelism: 'int', 'compact-warnings': 'bool', target: 'multi',
  replace: 'multi', state: 'string',
} as const

const SPEC = { ...PLANNING_FLAGS, out: 'string', 'detailed-exitcode': 'bool', 'generate-config-out': 'string' } as const

/** Rejects the planning options the simulator does not implement. */
export function rejectUnsupported(f: Flags): void {
  const used = ['target', 'replace', 'generate-config-out', 'state'].filter((n) => f.has(n))
  if (f.bool('refresh-only', false)) used.push('refresh-only')
  if (f.bool('json', false)) used.push('json')
  if (used.length) fail('Unsupported option', `The terraform simulator does not support -${used[0]}.`)
}

/** The "Refreshing state..." lines printed before planning (none with -refresh=false). */
export function refreshLines(prior: StateFile, refresh: boolean): string {
  if (!refresh) return ''
  return stateInstances(prior).filter((x) => x.resource.mode === 'managed').map((x) => {
    const id = x.instance.attributes.id
    return `${x.address}: Refreshing state...${id === undefined || id === null ? '' : ` [id=${String(id)}]`}\n`
  }).join('')
}

/** The data source read lines printed while planning. */
export function dataReadLines(plan: Plan): string {
  return plan.dataReads.map((r) => `${r.address}: Reading...\n${r.address}: Read complete after 0s [id=${String(r.value.id ?? '')}]\n`).join('')
}

/** Runs `terraform plan`. */
export async function planCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('plan', args, SPEC)
  if (f.positionals.length) fail('Too many command line arguments', 'To specify a working directory for the plan, use the global -chdir flag.')
  rejectUnsupported(f)
  const destroy = f.bool('destroy', false)
  const cfg = await workingConfig(ctx, destroy ? undefined : 'plan')
  const config = cfg ?? (await emptyConfig(ctx))
  const store = storeFor(ctx, cfg)
  checkProvidersInstalled(ctx, config)
  const vars = await resolveVariables(ctx, config, f.uses)
  return withLock(ctx, store, f, 'OperationTypePlan', async () => {
    const { state: prior, existed } = currentState(ctx, store)
    ctx.out(refreshLines(prior, f.bool('refresh', true)))
    const plan = buildPlan(config, prior, vars, destroy ? 'destroy' : 'normal', { dir: ctx.dir, startDir: ctx.startDir }, regionOf(config, vars, ctx.io.env))
    ctx.out(dataReadLines(plan))
    const out = f.string('out')
    if (plan.errored) {
      if (out) writePlanFile(ctx, out, plan, config.texts, existed)
      ctx.report(plan.diags)
      return 1
    }
    ctx.out(renderPlan(plan))
    if (out) writePlanFile(ctx, out, plan, config.texts, existed)
    const changes = applyable(plan)
    if (changes) ctx.out(planNextStep(out, ctx.automation))
    return f.bool('detailed-exitcode', false) && changes ? 2 : 0
  })
}

/** An empty configuration (destroy without configuration files). */
export function emptyConfig(ctx: Ctx): Promise<Config> {
  return loadConfigTexts(ctx.dir, {})
}

// `terraform apply [PLANFILE]` and `terraform destroy`. With a plan file: never prompts, refuses
// planning options, checks the saved plan against current state (lineage, then serial: "Saved plan
// is stale"), applies the saved changes with the saved configuration. Without one: plans, shows the
// plan, and applies with -auto-approve (without it the prompt has no answer: "Apply cancelled." /
// "Destroy cancelled.", exit 1). Ends with "Apply complete! ..." / "Destroy complete! ..." and Outputs.
// What the apply changed of kOps clusters' launch templates and ASGs reaches the sandbox cloud
// (cloud-sync.ts), also after a partial apply.
import { applyPlan } from '../state/applier.ts'
import type { StateStore } from '../state/backend.ts'
import { syncCloud } from '../state/cloud-sync.ts'
import { loadConfigTexts, type Config } from '../lang/config.ts'
import { declinePrompt, type Ctx } from '../state/context.ts'
import { TfError, fail } from '../render/diag.ts'
import { flags, type Flags } from './flags.ts'
import { readPlanFile } from '../state/plan-file.ts'
import { PLANNING_FLAGS, dataReadLines, emptyConfig, refreshLines, rejectUnsupported } from './cmd-plan.ts'
import { applyable, buildPlan, regionOf, type Plan } from '../state/planner.ts'
import { checkProvidersInstalled } from '../state/providers.ts'
import { formatOutputs } from '../render/render-values.ts'
import { renderPlan } from '../render/render-plan.ts'
import type { StateFile } from '../state/state.ts'
import { equal, stampType } from '../lang/values.ts'
import { resolveVariables, retypeVariables } from '../lang/variables.ts'
import { currentState, persistState, storeFor, withLock, workingConfig } from '../state/workspace.ts'

const SPEC = { ...PLANNING_FLAGS, 'auto-approve': 'bool', backup: 'string', 'state-out': 'string' } as const

/** Runs `terraform apply` (destroy = false) or `terraform destroy` (destroy = true). */
export async function applyCommand(ctx: Ctx, args: string[], destroyCommand: boolean): Promise<number> {
  const name = destroyCommand ? 'destroy' : 'apply'
  const f = flags(name, args, SPEC)
  rejectUnsupported(f)
  if (f.positionals.length > 1 || (destroyCommand && f.positionals.length)) fail('Too many command line arguments', 'Expected at most one positional argument.')
  if (f.positionals.length === 1) return applySaved(ctx, f, f.positionals[0])
  const destroy = destroyCommand || f.bool('destroy', false)
  const cfg = (await workingConfig(ctx, destroy ? undefined : 'apply')) ?? (await emptyConfig(ctx))
  const store = storeFor(ctx, Object.keys(cfg.texts).length ? cfg : undefined)
  checkProvidersInstalled(ctx, cfg)
  const vars = await resolveVariables(ctx, cfg, f.uses)
  return withLock(ctx, store, f, 'OperationTypeApply', async () => {
    const { state: prior, existed } = currentState(ctx, store)
    ctx.out(refreshLines(prior, f.bool('refresh', true)))
    const plan = buildPlan(cfg, prior, vars, destroy ? 'destroy' : 'normal', { dir: ctx.dir, startDir: ctx.startDir }, regionOf(cfg, vars, ctx.io.env))
    ctx.out(dataReadLines(plan))
    if (plan.errored) throw new TfError(plan.diags)
    ctx.out(renderPlan(plan))
    if (applyable(plan) && !f.bool('auto-approve', false)) {
      if (destroy) declinePrompt(ctx, 'Do you really want to destroy all resources?', "Terraform will destroy all your managed infrastructure, as shown above.\nThere is no undo. Only 'yes' will be accepted to confirm.")
      else declinePrompt(ctx, 'Do you want to perform these actions?', "Terraform will perform the actions described above.\nOnly 'yes' will be accepted to approve.")
      ctx.out(destroy ? 'Destroy cancelled.\n' : 'Apply cancelled.\n')
      return 1
    }
    return execute(ctx, store, cfg, plan, prior, existed, destroyCommand)
  })
}

function execute(ctx: Ctx, store: StateStore, cfg: Config, plan: Plan, prior: StateFile, existed: boolean, destroyCommand: boolean): number {
  const result = applyPlan(cfg, plan, prior, { dir: ctx.dir, startDir: ctx.startDir }, (line) => ctx.out(`${line}\n`))
  const written = persistState(ctx, store, prior, result.state, existed)
  syncCloud(ctx, prior, written)
  if (result.error) {
    ctx.report(result.error.diags)
    return 1
  }
  if (destroyCommand) ctx.out(`\nDestroy complete! Resources: ${result.destroyed} destroyed.\n`)
  else ctx.out(`\nApply complete! Resources: ${result.added} added, ${result.changed} changed, ${result.destroyed} destroyed.\n`)
  const outputs = Object.fromEntries(Object.entries(written.outputs).map(([k, o]) => [k, { value: stampType(o.value, o.type), sensitive: o.sensitive }]))
  if (!destroyCommand && Object.keys(outputs).length) ctx.out(`\nOutputs:\n\n${formatOutputs(outputs)}\n`)
  return 0
}

function rejectPlanningFlags(f: Flags): void {
  const used = ['destroy', 'refresh'].filter((n) => f.has(n))
  if (used.length) fail("Can't use planning options when applying a saved plan", `The -${used[0]} option cannot be used when applying a saved plan file, because the saved plan already records the planning mode and options.`)
}

async function applySaved(ctx: Ctx, f: Flags, path: string): Promise<number> {
  rejectPlanningFlags(f)
  const saved = readPlanFile(ctx, path)
  const cfg = await loadConfigTexts(ctx.dir, saved.texts)
  const store = storeFor(ctx, Object.keys(cfg.texts).length ? cfg : undefined)
  if (saved.plan.errored) fail('Cannot apply incomplete plan', 'Terraform encountered an error when generating this plan, so it cannot be applied.')
  checkProvidersInstalled(ctx, cfg)
  const vars = retypeVariables(cfg, saved.plan.variables)
  if (f.all('var').length || f.all('var-file').length) {
    const given = await resolveVariables(ctx, cfg, f.uses)
    const changed = Object.keys(given).find((k) => !equal(given[k], vars[k]))
    if (changed) fail("Can't change variable when applying a saved plan", `The variable ${changed} cannot be set using the -var and -var-file options when applying a saved plan file, because a saved plan includes the variable values that were set when it was created. The saved plan has a different value for ${changed}.`)
  }
  return withLock(ctx, store, f, 'OperationTypeApply', async () => {
    const { state: prior, existed } = currentState(ctx, store)
    const savedPrior = saved.plan.prior
    const firstPlan = savedPrior.lineage === '' && savedPrior.serial === 0
    if (!firstPlan && savedPrior.lineage !== prior.lineage) fail('Saved plan does not match the given state', 'The given plan file can not be applied because it was created from a different state lineage.')
    if (savedPrior.serial !== prior.serial) fail('Saved plan is stale', 'The given plan file can no longer be applied because the state was changed by another operation after the plan was created.')
    return execute(ctx, store, cfg, { ...saved.plan, variables: vars }, prior, existed, false)
  })
}

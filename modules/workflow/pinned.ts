// Pinned plans, for plan-on-PR and apply-after-merge: `plan --save DIR` keeps each cluster's plan
// file, its `terraform show -json` and a fingerprint of everything it was made from; `apply --plan
// DIR` applies exactly that plan, and refuses (exit 3, saying what changed) when any of it moved.
import { join, relative } from 'node:path'
import { sha256 } from '../cache/mod.ts'
import { isStageFailure, stageFailed, stageRefused, type CommandResult, type StageFailure } from '../graph/mod.ts'
import { changeLines, compareFingerprint, fingerprintText, parseFingerprint, planState, type Fingerprint, type PlanState } from '../pinned/mod.ts'
import { parseVersionJson } from '../tools/mod.ts'
import { backendConfig } from './backend.ts'
import { layerDir, PLAN_FILE } from './cluster.ts'
import type { WorkflowRunContext } from './context.ts'
import { guardPlan, protectedGlobs } from './guard.ts'
import { errorLine, planResult, type PlanResult } from './results.ts'

/** The files of a saved plan, under DIR/<cluster>/. */
export const SAVED = { plan: 'plan.tfplan', show: 'plan.json', fingerprint: 'fingerprint.json' } as const

const savedIn = (ctx: WorkflowRunContext, dir: string | undefined): string => join(dir ?? '.', ctx.cluster.name)

/**
 * What the 2-kops plan of this checkout is made from, for a plan file with these bytes and made
 * against `state` (read from the plan file when it is saved).
 */
async function fingerprintOf(ctx: WorkflowRunContext, version: CommandResult, plan: Uint8Array, state: PlanState | undefined): Promise<Fingerprint | StageFailure> {
  const terraform = parseVersionJson(version.stdout)
  if (!terraform.ok) return stageFailed(terraform.error)
  const backend = backendConfig(ctx, '2-kops')
  if (isStageFailure(backend)) return backend
  const dir = ctx.cluster.dir
  return {
    format: 1, cluster: ctx.cluster.name, layer: '2-kops',
    files: await ctx.hashFiles(['2-kops/*.tf', `${dir}/kubernetes.tf`, `${dir}/data`]),
    varFiles: await ctx.hashFiles([relative(ctx.root, join(layerDir(ctx, '2-kops'), 'terraform.tfvars.json'))]),
    backend, tools: { terraform: terraform.value }, ...(state ? { state } : {}), planSha256: sha256(plan),
  }
}

/** plan --save: copies the plan just made, its JSON and its fingerprint to DIR/<cluster>/. */
export async function savePlan(ctx: WorkflowRunContext, show: CommandResult, version: CommandResult): Promise<{ saved: string } | StageFailure> {
  const planFile = join(layerDir(ctx, '2-kops'), PLAN_FILE)
  const bytes = await ctx.readBytes(planFile)
  const state = planState(bytes)
  if (!state.ok) return stageFailed(`the plan file is not one terraform wrote: ${state.error}`)
  const fingerprint = await fingerprintOf(ctx, version, bytes, state.value)
  if (isStageFailure(fingerprint)) return fingerprint
  const dir = savedIn(ctx, ctx.params.saveDir)
  await ctx.copyFile(planFile, join(dir, SAVED.plan))
  await ctx.writeFile(join(dir, SAVED.show), show.stdout)
  await ctx.writeFile(join(dir, SAVED.fingerprint), fingerprintText(fingerprint))
  return { saved: dir }
}

/** The saved plan to apply, after every check passed: its file, what it changes, and its digest as the plan id. */
export interface SavedPlan extends PlanResult {
  planFile: string
}

/** apply --plan: the saved plan, or a refusal saying what changed since it was made (or what it would destroy). */
export async function checkSavedPlan(ctx: WorkflowRunContext, version: CommandResult): Promise<SavedPlan | StageFailure> {
  const dir = savedIn(ctx, ctx.params.planDir)
  // As the user named it: relative to the project when inside it, else absolute.
  const rel = relative(ctx.root, dir)
  const shown = rel.startsWith('..') ? dir : rel
  const again = `plan again with tasks plan --cluster ${ctx.cluster.name} --save DIR, review it, then apply that plan`
  const read = async (name: string): Promise<string | undefined> => ctx.readFile(join(dir, name)).catch(() => undefined)
  const text = await read(SAVED.fingerprint)
  if (text === undefined) return stageRefused(`No saved plan of cluster "${ctx.cluster.name}" in ${shown}; nothing was applied:`, [`${join(shown, SAVED.fingerprint)} is missing`], again)
  const saved = parseFingerprint(text)
  if (!saved.ok) return stageRefused(`The saved plan in ${shown} cannot be used; nothing was applied:`, [`${SAVED.fingerprint}: ${saved.error}`], again)
  const planFile = join(dir, SAVED.plan)
  const bytes = await ctx.readBytes(planFile).catch(() => undefined)
  const show = await read(SAVED.show)
  const missing = [...(bytes ? [] : [SAVED.plan]), ...(show === undefined ? [SAVED.show] : [])]
  if (bytes === undefined || show === undefined) return stageRefused(`The saved plan in ${shown} cannot be used; nothing was applied:`, missing.map((f) => `${join(shown, f)} is missing`), again)
  // The state it was planned against is the saved one: a plan file altered since shows in its
  // digest, and a state moved on since is terraform's own check (Saved plan is stale).
  const current = await fingerprintOf(ctx, version, bytes, saved.value.state)
  if (isStageFailure(current)) return current
  const changes = compareFingerprint(saved.value, current)
  if (changes.length) return stageRefused(`The plan saved in ${shown} no longer matches what it was made from; nothing was applied:`, changeLines(changes), again)
  const plan = planResult(2, show, protectedGlobs(ctx))
  if (isStageFailure(plan)) return plan
  const guarded = guardPlan(ctx, plan, '2-kops')
  if (isStageFailure(guarded)) return guarded
  return { ...plan, changes: plan.applyable, planId: current.planSha256, planFile }
}

/** Terraform's own verdict on a saved plan whose state moved on: a refusal too, in the same words. */
export function savedApplyResult(ctx: WorkflowRunContext, apply: CommandResult): { applied: true } | StageFailure {
  if (apply.exitCode === 0) return { applied: true }
  const said = errorLine(apply.stderr) ?? ''
  if (/Saved plan is stale|does not match the given state/.test(apply.stderr)) {
    return stageRefused('The 2-kops state changed since the saved plan was made (terraform refused it); nothing was applied:', [said], `plan again with tasks plan --cluster ${ctx.cluster.name} --save DIR, review it, then apply that plan`)
  }
  return stageFailed(`terraform apply exited with code ${apply.exitCode}; it said: ${said}`)
}

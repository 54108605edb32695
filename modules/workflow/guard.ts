// The guard between a plan and its apply: a plan that deletes or replaces a protected resource is
// refused (exit 3) before the apply's gate, unless --allow-replace lets each of them through.
import { stageRefused, type StageFailure } from '../graph/mod.ts'
import { allowReplaceHint, blocked, DEFAULT_PROTECTED, protectList, refusalText } from '../guard/mod.ts'
import type { LayerName } from './cluster.ts'
import type { WorkflowContext } from './context.ts'
import type { PlanResult } from './results.ts'

/** The cluster's protected globs: the defaults with its cluster.yaml `protect:` applied (checked on load). */
export function protectedGlobs(ctx: Pick<WorkflowContext, 'cluster'>): readonly string[] {
  const list = protectList(DEFAULT_PROTECTED, (ctx.cluster.settings.protect ?? []).map(String))
  return list.ok ? list.value : DEFAULT_PROTECTED
}

/** What the guard lets through: the protected resources --allow-replace named (none, usually). */
export interface GuardResult {
  allowed: string[]
}

/** Passes the plan on, or refuses it naming each protected resource, Terraform's reason and the way through. */
export function guardPlan(ctx: WorkflowContext, plan: PlanResult, layer: LayerName): GuardResult | StageFailure {
  const allow = ctx.params.allowReplace ?? []
  const refused = blocked(plan.destructive ?? [], allow)
  if (refused.length) {
    const what = refused.length === 1 ? 'a protected resource' : `${refused.length} protected resources`
    return stageRefused(`The ${layer} plan of cluster "${ctx.cluster.name}" deletes or replaces ${what}; nothing was applied:`, refusalText(refused), allowReplaceHint(refused))
  }
  return { allowed: (plan.destructive ?? []).filter((d) => d.protected).map((d) => d.address) }
}

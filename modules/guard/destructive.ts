// What a plan deletes or replaces, and which of that the protected globs cover: the plan stage
// records it, and the apply stage refuses (exit 3) what is protected and not let through.
import type { PlanSummary, ResourceChange } from '../tools/parse-terraform.ts'
import { firstMatch, globMatches, withoutModules } from './glob.ts'

/** A managed resource instance the plan deletes (`delete`) or replaces (delete and create, either order). */
export interface Destructive {
  address: string
  type: string
  action: 'delete' | 'replace'
  /** Terraform's actions, e.g. `["delete","create"]` or `["create","delete"]` (create_before_destroy). */
  actions: string[]
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  reason?: string
  /** The attribute paths forcing the replacement. */
  replacePaths?: string[][]
  protected: boolean
  /** The protected glob that matched it (the first, in the protect list's order). */
  protectedBy?: string
}

// Data sources leave the state without touching anything real.
const isDataSource = (address: string): boolean => withoutModules(address).startsWith('data.')

/**
 * Each managed resource change whose actions contain "delete" (not reads, not `forget`), with whether
 * a protect glob matches it. Protected ones first, then by address.
 */
export function destructive(plan: Pick<PlanSummary, 'resourceChanges'> | readonly ResourceChange[], protect: readonly string[]): Destructive[] {
  const changes = 'resourceChanges' in plan ? plan.resourceChanges : plan
  const found = changes.filter((c) => c.actions.includes('delete') && !isDataSource(c.address)).map((c) => classify(c, protect))
  return found.sort((a, b) => Number(b.protected) - Number(a.protected) || compare(a.address, b.address))
}

function classify(c: ResourceChange, protect: readonly string[]): Destructive {
  const d: Destructive = { address: c.address, type: c.type, action: c.actions.includes('create') ? 'replace' : 'delete', actions: [...c.actions], protected: false }
  if (c.reason !== undefined) d.reason = c.reason
  if (c.replacePaths) d.replacePaths = c.replacePaths.map((path) => [...path])
  const by = firstMatch(protect, c.address)
  if (by !== undefined) Object.assign(d, { protected: true, protectedBy: by })
  return d
}

// By code unit, so the order does not depend on the locale.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The protected changes that no `--allow-replace` glob matches: what the apply stage refuses. */
export function blocked(changes: readonly Destructive[], allowReplace: readonly string[]): Destructive[] {
  return changes.filter((d) => d.protected && !allowReplace.some((glob) => globMatches(glob, d.address)))
}

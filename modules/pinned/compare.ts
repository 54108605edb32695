// What moved between a saved plan's fingerprint and the same fingerprint taken now, one change per
// difference, and the lines that tell the operator why the plan is refused.
import type { Fingerprint } from './fingerprint.ts'

/**
 * One difference. `was` is absent for something added since the plan, `now` for something gone.
 * target: the fingerprint is for another cluster or layer (name "cluster" / "layer").
 * state: name "serial" or "lineage"; a changed lineage is reported alone (serials of two different
 * states say nothing), and `layer` says whose state it is.
 */
export interface Change {
  part: 'target' | 'plan' | 'state' | 'file' | 'var-file' | 'backend' | 'tool'
  name: string
  was?: string
  now?: string
  layer?: string
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A change for each key whose value differs, sorted by key. */
function mapChanges(part: Change['part'], was: Record<string, string>, now: Record<string, string>): Change[] {
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort(byKey)
  return keys
    .filter((k) => was[k] !== now[k])
    .map((name) => ({ part, name, ...(name in was && { was: was[name] }), ...(name in now && { now: now[name] }) }))
}

function stateChanges(saved: Fingerprint, current: Fingerprint): Change[] {
  const [a, b] = [saved.state, current.state]
  const layer = saved.layer
  if (a?.lineage !== b?.lineage) {
    return [{ part: 'state', name: 'lineage', layer, ...(a && { was: a.lineage }), ...(b && { now: b.lineage }) }]
  }
  if (a && b && a.serial !== b.serial) return [{ part: 'state', name: 'serial', layer, was: String(a.serial), now: String(b.serial) }]
  return []
}

/**
 * Every difference between the fingerprint saved with a plan and the one taken now; empty when
 * they are equal. Order: target, plan file, state, files, var files, backend, tools.
 */
export function compareFingerprint(saved: Fingerprint, current: Fingerprint): Change[] {
  const target: Change[] = (['cluster', 'layer'] as const)
    .filter((k) => saved[k] !== current[k])
    .map((k) => ({ part: 'target', name: k, was: saved[k], now: current[k] }))
  const plan: Change[] = saved.planSha256 === current.planSha256 ? [] : [{ part: 'plan', name: 'plan file', was: saved.planSha256, now: current.planSha256 }]
  return [
    ...target,
    ...plan,
    ...stateChanges(saved, current),
    ...mapChanges('file', saved.files, current.files),
    ...mapChanges('var-file', saved.varFiles, current.varFiles),
    ...mapChanges('backend', saved.backend, current.backend),
    ...mapChanges('tool', saved.tools, current.tools),
  ]
}

/** "changed", "added" or "removed", for a file. */
const fileVerb = (c: Change): string => (c.was === undefined ? 'added' : c.now === undefined ? 'removed' : 'changed')

const short = (digest: string | undefined): string => (digest ?? '').slice(0, 12)

function stateLine(c: Change): string {
  const whose = `${c.layer ?? 'the'} state`
  if (c.name === 'serial') return `${whose}: serial ${c.was} → ${c.now} (changed by another operation after the plan)`
  if (c.was === undefined) return `${whose}: lineage none → ${c.now} (a state was created after the plan)`
  if (c.now === undefined) return `${whose}: lineage ${c.was} → none (the state is gone)`
  return `${whose}: lineage ${c.was} → ${c.now} (a different state)`
}

/** One line for a change, saying what moved since the plan. */
export function changeLine(c: Change): string {
  switch (c.part) {
    case 'target':
      return `the plan was made for ${c.name} ${c.was}, not ${c.now}`
    case 'plan':
      return `the saved plan file itself changed (sha256 ${short(c.now)}, saved as ${short(c.was)})`
    case 'state':
      return stateLine(c)
    case 'file':
      return `${c.name} ${fileVerb(c)} since the plan`
    case 'var-file':
      return `var file ${c.name} ${fileVerb(c)} since the plan`
    case 'backend':
      return `backend ${c.name}: ${c.was ?? '(unset)'} → ${c.now ?? '(unset)'}`
    case 'tool':
      return `${c.name} ${c.was ?? 'none'} → ${c.now ?? 'none'}`
  }
}

/** The lines that explain a refusal, one per change, in order. */
export function changeLines(changes: readonly Change[]): string[] {
  return changes.map(changeLine)
}

// `terraform show [-json] [PATH]`: a saved plan (one compact JSON line with -json, the human plan
// otherwise), a state file given by path, or, without a path, the current state
// (`{"format_version":"1.0"}` when empty).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Ctx } from '../state/context.ts'
import { fail } from '../render/diag.ts'
import { flags } from './flags.ts'
import { readPlanFile } from '../state/plan-file.ts'
import { absent, one } from '../render/render-diff.ts'
import { renderPlan } from '../render/render-plan.ts'
import { formatOutputs } from '../render/render-values.ts'
import { planJson, stateJson } from '../render/show-json.ts'
import { emptyState, isEmptyState, readState, stateInstances, type StateFile } from '../state/state.ts'
import { stampType } from '../lang/values.ts'
import { currentState, storeFor, workingConfig } from '../state/workspace.ts'

const SPEC = { json: 'bool', 'no-color': 'bool' } as const

/** Runs `terraform show`. */
export async function showCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('show', args, SPEC)
  if (f.positionals.length > 1) fail('Too many command line arguments', 'Expected at most one positional argument.')
  const json = f.bool('json', false)
  const path = f.positionals[0]
  if (path === undefined) {
    const cfg = await workingConfig(ctx)
    const { state, existed } = currentState(ctx, storeFor(ctx, cfg))
    ctx.out(json ? `${stateJson(state)}\n` : existed ? stateHuman(state) : 'No state.\n')
    return 0
  }
  const full = resolve(ctx.dir, path)
  if (!existsSync(full) || statSync(full).isDirectory()) {
    fail('Failed to read the given file as a state or plan file', `State read error: Error loading statefile: open ${path}: no such file or directory\n\nPlan read error: couldn't load the provided path as a plan file: open ${path}: no such file or directory`)
  }
  if (readFileSync(full).subarray(0, 2).toString() === 'PK') {
    const saved = readPlanFile(ctx, path)
    ctx.out(json ? `${planJson(saved.plan, { terraformVersion: saved.terraformVersion, timestamp: saved.timestamp })}\n` : renderPlan(saved.plan))
    return 0
  }
  const state = readState(full) ?? emptyState(ctx.version)
  ctx.out(json ? `${stateJson(state)}\n` : stateHuman(state))
  return 0
}

/** The human rendering of a state: one block per instance, then Outputs. */
export function stateHuman(s: StateFile): string {
  if (isEmptyState(s)) return 'The state file is empty. No resources are represented.\n'
  const blocks = stateInstances(s).map(({ address, resource: r, instance: i }) => {
    const keys = Object.keys(i.attributes).filter((k) => !absent(i.attributes[k])).sort()
    const pad = Math.max(0, ...keys.map((k) => k.length))
    const lines = keys.map((k) => `    ${k.padEnd(pad)} = ${one(i.attributes[k], 2, ' ', 'map')}`)
    return `# ${address}:\n${r.mode === 'data' ? 'data' : 'resource'} "${r.type}" "${r.name}" {\n${lines.join('\n')}${lines.length ? '\n' : ''}}\n`
  })
  let out = blocks.join('\n')
  const outputs = Object.fromEntries(Object.entries(s.outputs).map(([k, o]) => [k, { value: stampType(o.value, o.type), sensitive: o.sensitive }]))
  if (Object.keys(outputs).length) out += `\n\nOutputs:\n\n${formatOutputs(outputs)}\n`
  return out
}

// `terraform output [-json|-raw] [-state=PATH] [NAME]`, exactly as the contract (§1.2) pins it:
// all outputs as pretty 2-space JSON `{"sensitive","type","value"}` with sorted keys (`{}` when
// none), one output as its compact value, -raw as the bare string without newline, the human
// listing with `<sensitive>`, and "No outputs found" as a warning on stdout.
import { memoryIo } from '../../common/io.ts'
import { makeCtx, type Ctx } from '../state/context.ts'
import { applyCommand } from './cmd-apply.ts'
import { invoke } from './invoke.ts'
import { fail, warningDiag } from '../render/diag.ts'
import { commandArgs, flags } from './flags.ts'
import { compareStrings, marshal } from '../render/gojson.ts'
import { formatOutputs, formatValue } from '../render/render-values.ts'
import type { StateFile } from '../state/state.ts'
import { asString, friendlyName, stampType } from '../lang/values.ts'
import { currentState, storeFor, workingConfig } from '../state/workspace.ts'

const SPEC = { json: 'bool', raw: 'bool', 'no-color': 'bool', state: 'string' } as const

const NO_OUTPUTS = 'The state file either has no outputs defined, or all the defined outputs are empty. Please define an output in your configuration with the `output` keyword and run `terraform refresh` for it to become available. If you are using interpolation, please verify the interpolated value is not empty. You can use the `terraform console` command to assist.'

/**
 * Sandbox convenience, off unless TASKS_SANDBOX_AUTO_APPLY is set (the demo cluster sets it in its
 * cluster.yaml `env`): a state that was never written is first applied from the configuration, as
 * `terraform apply -auto-approve` would, so outputs come from the layer's declared outputs and the
 * cluster's variables without a separate apply. Real Terraform prints `{}` here.
 */
export const AUTO_APPLY = 'TASKS_SANDBOX_AUTO_APPLY'

/** `terraform apply -auto-approve -input=false` in the same directory, its output kept aside. */
async function autoApply(ctx: Ctx): Promise<void> {
  const io = memoryIo([], ctx.dir, ctx.io.env)
  const args = commandArgs(io.env, 'apply', ['-auto-approve', '-input=false'])
  const code = await invoke(makeCtx(io, ctx.dir), (c, a) => applyCommand(c, a, false), args)
  if (code !== 0) {
    ctx.io.stderr(io.err.join(''))
    fail('Sandbox auto-apply failed', `${AUTO_APPLY} is set and the state was empty, but applying the configuration failed (above).`)
  }
}

/** Runs `terraform output`. */
export async function outputCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('output', args, SPEC)
  if (f.positionals.length > 1) fail('Unexpected argument', 'The output command expects exactly one argument with the name of an output variable or no arguments to show all outputs.')
  const name = f.positionals[0]
  const json = f.bool('json', false)
  const raw = f.bool('raw', false)
  if (json && raw) fail('Invalid output format', 'The -raw and -json options are mutually-exclusive.')
  if (raw && !name) fail('Raw output format is only supported for single outputs')
  const cfg = await workingConfig(ctx)
  let { state } = currentState(ctx, storeFor(ctx, cfg, f.string('state')))
  if (state.serial === 0 && ctx.io.env[AUTO_APPLY]) {
    await autoApply(ctx)
    state = currentState(ctx, storeFor(ctx, cfg, f.string('state'))).state
  }
  if (name !== undefined) return single(ctx, state.outputs, name, json ? 'json' : raw ? 'raw' : 'human')
  if (json) {
    const all: Record<string, unknown> = {}
    for (const k of Object.keys(state.outputs).sort(compareStrings)) {
      const o = state.outputs[k]
      all[k] = { sensitive: Boolean(o.sensitive), type: o.type, value: o.value }
    }
    ctx.out(`${marshal(all, { sortKeys: true, indent: '  ' })}\n`)
    return 0
  }
  if (Object.keys(state.outputs).length === 0) {
    ctx.report([warningDiag('No outputs found', NO_OUTPUTS)])
    return 0
  }
  const typed = Object.fromEntries(Object.entries(state.outputs).map(([k, o]) => [k, { value: stampType(o.value, o.type), sensitive: o.sensitive }]))
  ctx.out(`${formatOutputs(typed)}\n`)
  return 0
}

function single(ctx: Ctx, outputs: StateFile['outputs'], name: string, mode: 'json' | 'raw' | 'human'): number {
  const o = outputs[name]
  if (!o) fail(`Output "${name}" not found`, 'The output variable requested could not be found in the state file. If you recently added this to your configuration, be sure to run `terraform apply`, since the state won\'t be updated with new output variables until that command is run.')
  const v = stampType(o.value, o.type)
  if (mode === 'json') ctx.out(`${marshal(v, { sortKeys: true })}\n`)
  else if (mode === 'human') ctx.out(`${formatValue(v, 0)}\n`)
  else {
    if (v === null) fail('Unsupported value for raw output', `The value for output value "${name}" is null, so -raw mode cannot print it.`)
    const s = asString(v)
    if (s === undefined) fail('Unsupported value for raw output', `The -raw option only supports strings, numbers, and boolean values, but output value "${name}" is ${friendlyName(o.type)}.\n\nUse the -json option for machine-readable representations of output values that have complex types.`)
    ctx.out(s)
  }
  return 0
}

// Renders the cluster template (eta) with Terraform outputs. Values: each output unwrapped
// (`it.cluster_name`), the raw outputs (`it.outputs`) and the cluster's settings (`it.settings`).
// eta runs with autoEscape and autoTrim off: YAML must come out exactly as written.
import { Eta, type TemplateFunction } from 'eta'
import { reveal } from '../cache/mod.ts'
import { didYouMean, type Failure } from '../diag/mod.ts'
import { locateTemplateError } from './errors.ts'

/** `terraform output -json`: each output wrapped with its sensitive flag and type. */
export type TerraformOutputs = Record<string, { sensitive?: boolean; type?: unknown; value: unknown }>

/** Output names that would shadow the extra values a template gets. */
export const RESERVED_VALUES = ['outputs', 'settings']

const eta = new Eta({ autoEscape: false, autoTrim: false, debug: true, useWith: false })

/** Compiled templates by their text: validating a fleet renders one template many times. */
const compiled = new Map<string, TemplateFunction>()
function compile(template: string): TemplateFunction {
  let fn = compiled.get(template)
  if (!fn) {
    fn = eta.compile(template)
    if (compiled.size > 16) compiled.clear()
    compiled.set(template, fn)
  }
  return fn
}

export interface RenderInput {
  template: string
  /** The template's path as the user should see it in diagnostics. */
  templatePath: string
  outputs: TerraformOutputs
  settings: Record<string, unknown>
}

/**
 * The values a template sees. Reading a name no output defines is an error, as with
 * `kops toolbox template --fail-on-missing` (its default): a typo must not render "undefined".
 */
export function templateValues(outputs: TerraformOutputs, settings: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [name, output] of Object.entries(outputs)) values[name] = reveal(output.value)
  return new Proxy({ ...values, outputs, settings }, {
    get(target, name) {
      if (typeof name === 'string' && !(name in target)) throw new MissingValue(name, Object.keys(values))
      return Reflect.get(target, name)
    },
  })
}

/** A template read it.NAME and no Terraform output is called NAME. */
class MissingValue extends Error {
  constructor(name: string, known: string[]) {
    super(`the template uses it.${name}, but the Terraform outputs define no "${name}"${didYouMean(name, known)}`)
    this.name = 'MissingValue'
  }
}

export function renderTemplate(input: RenderInput): { ok: true; text: string } | { ok: false; failure: Failure } {
  const clash = Object.keys(input.outputs).find((name) => RESERVED_VALUES.includes(name))
  if (clash) {
    const detail = `the Terraform output "${clash}" has a reserved name (${RESERVED_VALUES.map((n) => `it.${n}`).join(', ')} are set by tasks); rename the output`
    return { ok: false, failure: { reason: 'template-error', at: { file: input.templatePath, line: 1, column: 1 }, detail } }
  }
  try {
    return { ok: true, text: eta.render(compile(input.template), templateValues(input.outputs, input.settings)) }
  } catch (error) {
    return { ok: false, failure: locateTemplateError(error as Error, input.template, input.templatePath) }
  }
}

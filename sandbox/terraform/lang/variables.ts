// Input variable values, in Terraform's precedence (later wins): `default`, TF_VAR_name,
// terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in name order, then -var and
// -var-file in command-line order. Values are converted to each variable's type.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { TfError, errorDiag, fail, type Diagnostic } from '../render/diag.ts'
import { locate, parseFile, type Config, type VariableDecl } from './config.ts'
import type { Ctx } from '../state/context.ts'
import { evalRaw, evaluate, type Raw } from './eval.ts'
import type { FlagUse } from '../cmd/flags.ts'
import { parseExpression } from './hcl-parse.ts'
import { ConversionError, convert, isLiteralMode, parseConstraint, type Constraint } from './types.ts'
import type { Value } from './values.ts'

const NO_SCOPE = { baseDir: '.', resolve: (): never => fail('Variables not allowed', 'Variables may not be used here.') }

/** A value given for a variable by one source (env, file or command line). */
interface Source {
  name: string
  value: Value
}

/** The constraint of a declared variable (`any` when it has no type). */
export function constraintOf(decl: VariableDecl): Constraint {
  return decl.type ? parseConstraint(decl.type) : { kind: 'any' }
}

/** Resolves every declared variable's value; missing required ones are errors (input is never read). */
export async function resolveVariables(ctx: Ctx, cfg: Config, cli: readonly FlagUse[]): Promise<Record<string, Value>> {
  const sources: Source[] = [...fromEnv(ctx, cfg), ...(await fromAutoFiles(ctx, cfg))]
  for (const use of cli) {
    if (use.name === 'var') sources.push(fromCliVar(cfg, use.value))
    else if (use.name === 'var-file') sources.push(...(await fromFile(ctx, cfg, use.value)))
  }
  const values: Record<string, Value> = {}
  const missing: Diagnostic[] = []
  for (const decl of Object.values(cfg.variables).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const given = sources.filter((s) => s.name === decl.name).at(-1)
    if (!given && decl.dflt === undefined) {
      missing.push(errorDiag('No value for required variable', `The root module input variable "${decl.name}" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.`, locate(cfg, decl.file, `variable "${decl.name}"`)))
      continue
    }
    values[decl.name] = typed(cfg, decl, given ? given.value : evalRaw(decl.dflt ?? null, NO_SCOPE))
  }
  if (missing.length) throw new TfError(missing)
  return values
}

/** Re-applies declared types to stored values (plan files keep plain JSON). */
export function retypeVariables(cfg: Config, stored: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {}
  for (const decl of Object.values(cfg.variables)) out[decl.name] = typed(cfg, decl, stored[decl.name] ?? null)
  return out
}

function typed(cfg: Config, decl: VariableDecl, v: Value): Value {
  try {
    return convert(v, constraintOf(decl))
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e
    return fail('Invalid value for input variable', `The given value is not suitable for var.${decl.name} declared at ${decl.file}: ${e.message}.`, locate(cfg, decl.file, `variable "${decl.name}"`))
  }
}

function literal(cfg: Config, name: string, text: string): Value {
  const decl = cfg.variables[name]
  if (!decl || isLiteralMode(constraintOf(decl))) return text
  return evaluate(parseExpression(text), NO_SCOPE)
}

function fromEnv(ctx: Ctx, cfg: Config): Source[] {
  const out: Source[] = []
  for (const [k, v] of Object.entries(ctx.io.env)) {
    if (!k.startsWith('TF_VAR_') || v === undefined) continue
    const name = k.slice(7)
    if (cfg.variables[name]) out.push({ name, value: literal(cfg, name, v) })
  }
  return out
}

async function fromAutoFiles(ctx: Ctx, cfg: Config): Promise<Source[]> {
  const names = existsSync(ctx.dir) ? readdirSync(ctx.dir) : []
  const auto = names.filter((f) => f.endsWith('.auto.tfvars') || f.endsWith('.auto.tfvars.json')).sort()
  const files = ['terraform.tfvars', 'terraform.tfvars.json'].filter((f) => names.includes(f)).concat(auto)
  const out: Source[] = []
  for (const f of files) out.push(...(await fromFile(ctx, cfg, f)))
  return out
}

function fromCliVar(cfg: Config, text: string): Source {
  const eq = text.indexOf('=')
  if (eq <= 0) fail('Invalid -var option', `The given -var option "${text}" is not correctly specified. Must be a variable name and value separated by an equals sign, like -var="key=value".`)
  const name = text.slice(0, eq).trim()
  if (!cfg.variables[name]) fail('Value for undeclared variable', `A variable named "${name}" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a "variable" block to the configuration.`)
  return { name, value: literal(cfg, name, text.slice(eq + 1)) }
}

async function fromFile(ctx: Ctx, cfg: Config, path: string): Promise<Source[]> {
  const full = resolve(ctx.dir, path)
  if (!existsSync(full) || statSync(full).isDirectory()) fail('Failed to read variables file', `Given variables file ${path} does not exist.`)
  const text = readFileSync(full, 'utf8')
  const doc = (await parseFile(path, text)) as Record<string, Raw>
  const out: Source[] = []
  for (const [name, raw] of Object.entries(doc)) {
    if (!cfg.variables[name]) {
      ctx.report([{ severity: 'warning', summary: 'Value for undeclared variable', detail: `The root module does not declare a variable named "${name}" but a value was found in file "${path}". If you meant to use this value, add a "variable" block to the configuration.\n\nTo silence these warnings, use TF_VAR_... environment variables to provide certain "global" settings to all configurations in your organization. To reduce the verbosity of these warnings, use the -compact-warnings option.` }])
      continue
    }
    out.push({ name, value: evalRaw(raw, NO_SCOPE) })
  }
  return out
}

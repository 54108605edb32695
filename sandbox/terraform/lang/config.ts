// Reads a root module: every *.tf (HCL, through @cdktf/hcl2json) and *.tf.json file of the working
// directory, merged into one Config (variables, locals, outputs, resources and data sources, the
// backend block, required_providers, provider blocks). Module calls and moved/import/removed/check
// blocks are not simulated and fail with "Unsupported block type".
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fail, type Subject } from '../render/diag.ts'
import type { Raw } from './eval.ts'
import { HCL_CACHE, parseFile } from './parse-file.ts'

export { hclError, HCL_CACHE, parseFile } from './parse-file.ts'

/** A `variable` block. `dflt` is undefined when the variable is required. */
export interface VariableDecl {
  name: string
  dflt?: Raw
  type?: string
  sensitive: boolean
  description?: string
  file: string
}

/** An `output` block. */
export interface OutputDecl {
  name: string
  value: Raw
  sensitive: boolean
  description?: string
  file: string
}

/** A `resource` or `data` block, meta-arguments split out of its body. */
export interface ResourceDecl {
  mode: 'managed' | 'data'
  type: string
  name: string
  /** `aws_s3_bucket.state` or `data.aws_vpc.main`. */
  address: string
  body: Record<string, Raw>
  count?: Raw
  forEach?: Raw
  /** The `provider` meta-argument as written: `aws` or `aws.files`. */
  provider?: string
  dependsOn: string[]
  preventDestroy: boolean
  createBeforeDestroy: boolean
  ignoreChanges: string[]
  file: string
}

/** The `backend` block of the `terraform` block. */
export interface BackendDecl {
  type: string
  config: Record<string, Raw>
  file: string
}

/** A loaded root module. */
export interface Config {
  dir: string
  /** Source text of each file, by file name (for diagnostics and plan-file snapshots). */
  texts: Record<string, string>
  variables: Record<string, VariableDecl>
  locals: Record<string, { raw: Raw; file: string }>
  outputs: Record<string, OutputDecl>
  resources: ResourceDecl[]
  backend?: BackendDecl
  requiredProviders: Record<string, { source?: string; version?: string }>
  requiredVersion: string[]
  /** Where required_providers was declared (`FILE:LINE,COL-COL`), once per module. */
  requiredProvidersAt?: string
  /** Provider blocks, with where each was declared. */
  providers: Array<{ name: string; alias?: string; body: Record<string, Raw>; at: string }>
}

type Body = Record<string, Raw>
type Blocks = Record<string, Body[]>

const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection'])
const UNSUPPORTED = ['module', 'moved', 'import', 'removed', 'check']

/** The configuration file names of a directory, sorted (*.tf then *.tf.json). */
export function configFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json')).sort()
}

/** Loads every configuration file of `dir` (`cacheDir` keeps parsed files, see parseFile). */
export async function loadConfig(dir: string, cacheDir: string | undefined = HCL_CACHE): Promise<Config> {
  const texts: Record<string, string> = {}
  for (const f of configFiles(dir)) texts[f] = readFileSync(join(dir, f), 'utf8')
  return loadConfigTexts(dir, texts, cacheDir)
}

/** Builds a Config from file texts (used for the working directory and for plan-file snapshots). */
export async function loadConfigTexts(dir: string, texts: Record<string, string>, cacheDir: string | undefined = HCL_CACHE): Promise<Config> {
  const cfg: Config = { dir, texts, variables: {}, locals: {}, outputs: {}, resources: [], requiredProviders: {}, requiredVersion: [], providers: [] }
  for (const [file, text] of Object.entries(texts)) addFile(cfg, file, await parseFile(file, text, cacheDir))
  cfg.resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  return cfg
}

function addFile(cfg: Config, file: string, doc: Record<string, unknown>): void {
  for (const kind of UNSUPPORTED) {
    if (doc[kind]) fail('Unsupported block type', `${file}: the terraform simulator does not support "${kind}" blocks; only a single root module with resources, data sources, variables, locals, outputs, providers and a backend is simulated.`)
  }
  for (const [name, bodies] of Object.entries((doc.variable ?? {}) as Blocks)) addVariable(cfg, file, name, bodies[0])
  for (const [name, bodies] of Object.entries((doc.output ?? {}) as Blocks)) addOutput(cfg, file, name, bodies[0])
  for (const block of (doc.locals ?? []) as Body[]) {
    for (const [k, v] of Object.entries(block)) {
      if (cfg.locals[k]) duplicate(cfg, file, 'local value', k, `${k} =`)
      cfg.locals[k] = { raw: v, file }
    }
  }
  for (const mode of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((doc[mode] ?? {}) as Record<string, Blocks>)) {
      for (const [name, bodies] of Object.entries(byName)) for (const body of bodies) addResource(cfg, file, mode, type, name, body)
    }
  }
  for (const [name, bodies] of Object.entries((doc.provider ?? {}) as Blocks)) bodies.forEach((body, nth) => addProvider(cfg, file, name, body, nth))
  for (const tf of (doc.terraform ?? []) as Body[]) addTerraformBlock(cfg, file, tf)
}

function duplicate(cfg: Config, file: string, what: string, name: string, header: string): never {
  fail(`Duplicate ${what} "${name}"`, `A ${what} named "${name}" was already declared. Names must be unique within a module.`, locate(cfg, file, header))
}

function addVariable(cfg: Config, file: string, name: string, body: Body): void {
  if (cfg.variables[name]) duplicate(cfg, file, 'variable', name, `variable "${name}"`)
  const type = typeof body.type === 'string' ? body.type.replace(/^\$\{([\s\S]*)\}$/, '$1') : undefined
  cfg.variables[name] = { name, dflt: 'default' in body ? body.default : undefined, type, sensitive: body.sensitive === true, description: typeof body.description === 'string' ? body.description : undefined, file }
}

function addOutput(cfg: Config, file: string, name: string, body: Body): void {
  if (cfg.outputs[name]) duplicate(cfg, file, 'output', name, `output "${name}"`)
  if (!('value' in body)) fail('Missing required argument', `The argument "value" is required, but no definition was found.`, locate(cfg, file, `output "${name}"`))
  cfg.outputs[name] = { name, value: body.value, sensitive: body.sensitive === true, description: typeof body.description === 'string' ? body.description : undefined, file }
}

function refName(raw: Raw | undefined): string | undefined {
  return typeof raw === 'string' ? raw.replace(/^\$\{([\s\S]*)\}$/, '$1').trim() : undefined
}

function addResource(cfg: Config, file: string, mode: 'resource' | 'data', type: string, name: string, raw: Body): void {
  const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`
  const header = `${mode} "${type}" "${name}"`
  if (cfg.resources.some((r) => r.address === address)) {
    fail(`Duplicate ${mode === 'data' ? 'data' : 'resource'} "${type}" configuration`, `A ${type} ${mode === 'data' ? 'data source' : 'resource'} named "${name}" was already declared. Resource names must be unique per type in each module.`, locate(cfg, file, header))
  }
  if ('count' in raw && 'for_each' in raw) fail('Invalid combination of "count" and "for_each"', 'The "count" and "for_each" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.', locate(cfg, file, header))
  const body: Body = {}
  for (const [k, v] of Object.entries(raw)) if (!META.has(k)) body[k] = v
  const lifecycle = (Array.isArray(raw.lifecycle) ? raw.lifecycle[0] : undefined) as Body | undefined
  const ignore = lifecycle?.ignore_changes
  cfg.resources.push({
    mode: mode === 'data' ? 'data' : 'managed', type, name, address, body,
    count: raw.count, forEach: raw.for_each, provider: refName(raw.provider),
    dependsOn: Array.isArray(raw.depends_on) ? raw.depends_on.map((d) => refName(d) ?? '') : [],
    preventDestroy: lifecycle?.prevent_destroy === true,
    createBeforeDestroy: lifecycle?.create_before_destroy === true,
    ignoreChanges: Array.isArray(ignore) ? ignore.map((i) => refName(i) ?? '') : [],
    file,
  })
}

function addProvider(cfg: Config, file: string, name: string, body: Body, nth: number): void {
  const alias = typeof body.alias === 'string' ? body.alias : undefined
  const header = `provider "${name}"`
  const prev = cfg.providers.find((p) => p.name === name && p.alias === alias)
  if (prev) {
    fail('Duplicate provider configuration', alias
      ? `A provider configuration for "${name}" with alias "${alias}" was already given at ${prev.at}. Each configuration for the same provider must have a distinct alias.`
      : `A default (non-aliased) provider configuration for "${name}" was already given at ${prev.at}. If multiple configurations are required, set the "alias" argument for alternative configurations.`, locate(cfg, file, header, undefined, nth))
  }
  cfg.providers.push({ name, alias, body, at: rangeOf(cfg, file, header, nth) })
}

function addTerraformBlock(cfg: Config, file: string, tf: Body): void {
  if (typeof tf.required_version === 'string') cfg.requiredVersion.push(tf.required_version)
  if (tf.required_providers) {
    const here = locate(cfg, file, 'required_providers')
    if (cfg.requiredProvidersAt) fail('Duplicate required providers configuration', `A module may have only one required providers configuration. The required providers were previously configured at ${cfg.requiredProvidersAt}.`, here)
    cfg.requiredProvidersAt = rangeOf(cfg, file, 'required_providers')
  }
  for (const rp of (tf.required_providers ?? []) as Body[]) {
    for (const [local, spec] of Object.entries(rp)) {
      const s = (spec ?? {}) as Body
      cfg.requiredProviders[local] = typeof spec === 'string' ? { version: spec } : { source: typeof s.source === 'string' ? s.source : undefined, version: typeof s.version === 'string' ? s.version : undefined }
    }
  }
  const backends = (tf.backend ?? {}) as Blocks
  for (const [type, bodies] of Object.entries(backends)) {
    if (cfg.backend) fail('Duplicate backend configuration', 'A module may have only one backend configuration.', locate(cfg, file, `backend "${type}"`))
    cfg.backend = { type, config: bodies[0] ?? {}, file }
  }
  if ('cloud' in tf) fail('Unsupported block type', `${file}: the terraform simulator does not support the "cloud" block (HCP Terraform).`)
}

/** Where a block header is, as Terraform prints ranges: `main.tf:22,1-15`. */
function rangeOf(cfg: Config, file: string, header: string, nth = 0): string {
  const s = locate(cfg, file, header, undefined, nth)
  if (!s) return file
  const col = s.text.length - s.text.trimStart().length + 1
  const written = s.text.trim().replace(/\s*\{.*$/, '')
  return `${file}:${s.line},${col}-${col + written.length}`
}

/** The source location of a block header (and optionally an attribute in it), for diagnostics. */
export function locate(cfg: Config, file: string, header: string, attr?: string, nth = 0): Subject | undefined {
  const lines = (cfg.texts[file] ?? '').split('\n')
  const words = header.match(/"[^"]*"|\S+/g) ?? []
  const headRe = new RegExp(`^\\s*${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}\\s*[{=]?`)
  let at = lines.map((l, i) => (headRe.test(l) ? i : -1)).filter((i) => i >= 0)[nth] ?? -1
  if (at < 0) return undefined
  const context = header.endsWith('=') ? undefined : header
  if (attr) {
    const attrRe = new RegExp(`^\\s*${attr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`)
    const found = lines.findIndex((l, i) => i > at && attrRe.test(l))
    if (found >= 0) at = found
  }
  return { file, line: at + 1, text: lines[at].replace(/\s+$/, ''), context: attr ? context : undefined }
}

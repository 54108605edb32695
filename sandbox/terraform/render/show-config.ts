// The `configuration` object of `show -json PLANFILE`: provider configs, and for the root module its
// outputs, resources (with each argument's expression as `constant_value` or `references`) and
// variables, following Terraform's jsonconfig.
import type { Config } from '../lang/config.ts'
import { TfError } from './diag.ts'
import { evalRaw, type Raw } from '../lang/eval.ts'
import { RawJson, marshal } from './gojson.ts'
import { parseTemplateString, type Node, type Op } from '../lang/hcl-parse.ts'
import { providerLocal, requiredProviders } from '../state/providers.ts'
import type { Value } from '../lang/values.ts'

const NO_SCOPE = { baseDir: '.', resolve: (): never => { throw new TfError([]) } }
const raw = (v: Value): RawJson => new RawJson(marshal(v, { sortKeys: true }))
const ROOTS_WITH_NAME = new Set(['var', 'local', 'path', 'count', 'each', 'terraform', 'module'])

/** The references of an expression, as jsonconfig lists them (longest first, then the object itself). */
export function references(node: Node, out: string[] = []): string[] {
  const add = (s: string): void => void (out.includes(s) || out.push(s))
  if (node.k === 'ref') refStrings(node).forEach(add)
  if (node.k !== 'for') {
    children(node).forEach((n) => references(n, out))
    return out
  }
  const inner: string[] = []
  ;[node.coll, node.keyExpr, node.valExpr, node.cond].forEach((n) => n && references(n, inner))
  const local = (r: string): boolean => [node.valVar, node.keyVar].some((v) => v !== undefined && (r === v || r.startsWith(`${v}.`) || r.startsWith(`${v}[`)))
  inner.filter((r) => !local(r)).forEach(add)
  return out
}

/** A reference's strings: `aws_x.y[0].id`, `aws_x.y[0]`, `aws_x.y` (the resource too when keyed). */
function refStrings(node: Extract<Node, { k: 'ref' }>): string[] {
  const width = node.root === 'data' ? 2 : ROOTS_WITH_NAME.has(node.root) || node.ops.length ? 1 : 0
  const resource = [node.root, ...node.ops.slice(0, width).map((o) => (o.k === 'attr' ? o.name : ''))].join('.')
  let rest = node.ops.slice(width)
  const keyed = !ROOTS_WITH_NAME.has(node.root) && rest[0]?.k === 'index' && rest[0].key.k === 'lit'
  const subject = keyed ? resource + opText(rest[0]) : resource
  if (keyed) rest = rest.slice(1)
  const stop = rest.findIndex((o) => opText(o) === '')
  const parts = stop < 0 ? rest : rest.slice(0, stop)
  const out: string[] = []
  for (let n = parts.length; n > 0; n--) out.push(subject + parts.slice(0, n).map(opText).join(''))
  out.push(subject)
  if (keyed) out.push(resource)
  return out
}

const indexKeys = (ops: readonly Op[]): Node[] => ops.flatMap((o) => (o.k === 'index' ? [o.key] : []))

/** The sub-expressions of a node (for expressions handled by the caller). */
function children(node: Node): Node[] {
  switch (node.k) {
    case 'ref':
      return indexKeys(node.ops)
    case 'tmpl':
      return node.parts.filter((p): p is Node => typeof p !== 'string')
    case 'post':
      return [node.x, ...indexKeys(node.ops)]
    case 'call':
      return node.args
    case 'tuple':
      return node.items
    case 'object':
      return node.items.flatMap((i) => [i.key, i.value])
    case 'cond':
      return [node.test, node.yes, node.no]
    case 'bin':
      return [node.l, node.r]
    case 'un':
      return [node.x]
    default:
      return []
  }
}

function opText(o: Op): string {
  if (o.k === 'attr') return `.${o.name}`
  if (o.k === 'index' && o.key.k === 'lit') return typeof o.key.v === 'number' ? `[${o.key.v}]` : `[${JSON.stringify(o.key.v)}]`
  return ''
}

function rawRefs(r: Raw, out: string[] = []): string[] {
  if (typeof r === 'string') references(parseTemplateString(r), out)
  else if (Array.isArray(r)) r.forEach((x) => rawRefs(x, out))
  else if (r !== null && typeof r === 'object') Object.entries(r).forEach(([k, v]) => (k.includes('${') && rawRefs(k, out), rawRefs(v, out)))
  return out
}

/** One expression: `{"references":[...]}` or `{"constant_value":...}`. */
export function expression(r: Raw): Record<string, unknown> {
  const refs = rawRefs(r)
  if (refs.length) return { references: refs }
  try {
    return { constant_value: raw(evalRaw(r, NO_SCOPE)) }
  } catch {
    return {}
  }
}

function expressions(body: Record<string, Raw>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(body).sort()) {
    const v = body[k]
    const isBlock = Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))
    out[k] = isBlock ? v.map((b) => expressions(b as Record<string, Raw>)) : expression(v)
  }
  return out
}

/** The whole `configuration` object. */
export function configurationJson(cfg: Config): Record<string, unknown> {
  const providerConfig: Record<string, unknown> = {}
  const bodyOf = (name: string, alias?: string): Record<string, unknown> | undefined => {
    const block = cfg.providers.find((x) => x.name === name && x.alias === alias)
    const body = block ? Object.fromEntries(Object.entries(block.body).filter(([k]) => k !== 'alias')) : {}
    return Object.keys(body).length ? expressions(body) : undefined
  }
  for (const p of requiredProviders(cfg)) providerConfig[p.local] = { name: p.local, full_name: p.full, version_constraint: p.constraint, expressions: bodyOf(p.local) }
  for (const p of cfg.providers.filter((x) => x.alias)) {
    const base = requiredProviders(cfg).find((r) => r.local === p.name)
    providerConfig[`${p.name}.${p.alias}`] = { name: p.name, full_name: base?.full, alias: p.alias, version_constraint: base?.constraint, expressions: bodyOf(p.name, p.alias) }
  }
  const outputs: Record<string, unknown> = {}
  for (const name of Object.keys(cfg.outputs).sort()) {
    const o = cfg.outputs[name]
    outputs[name] = { sensitive: o.sensitive || undefined, expression: expression(o.value), description: o.description }
  }
  const resources = cfg.resources.map((r) => ({
    address: r.address, mode: r.mode, type: r.type, name: r.name, provider_config_key: r.provider ?? providerLocal(r),
    expressions: Object.keys(r.body).length ? expressions(r.body) : undefined, schema_version: 0,
    count_expression: r.count === undefined ? undefined : expression(r.count),
    for_each_expression: r.forEach === undefined ? undefined : expression(r.forEach),
    depends_on: r.dependsOn.length ? r.dependsOn : undefined,
  }))
  const variables: Record<string, unknown> = {}
  for (const name of Object.keys(cfg.variables).sort()) {
    const v = cfg.variables[name]
    variables[name] = { default: v.dflt === undefined ? undefined : expressionDefault(v.dflt), description: v.description, sensitive: v.sensitive || undefined }
  }
  const root = {
    outputs: Object.keys(outputs).length ? outputs : undefined,
    resources: resources.length ? resources : undefined,
    variables: Object.keys(variables).length ? variables : undefined,
  }
  return { provider_config: Object.keys(providerConfig).length ? providerConfig : undefined, root_module: root }
}

function expressionDefault(r: Raw): RawJson | undefined {
  try {
    return raw(evalRaw(r, NO_SCOPE))
  } catch {
    return undefined
  }
}

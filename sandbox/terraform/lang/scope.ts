// The evaluation environment shared by plan and apply: what var.*, local.*, path.*, terraform.*,
// count.*, each.*, data.* and resource references resolve to; count/for_each expansion; resource
// bodies with nested and `dynamic` blocks. Locals are evaluated lazily with cycle detection;
// resources through a callback (planned values during plan, applied values during apply).
import { TfError, fail, type Subject } from '../render/diag.ts'
import { locate, type Config, type ResourceDecl } from './config.ts'
import { evalRaw, type Raw, type Scope } from './eval.ts'
import type { Op } from './hcl-parse.ts'
import { keySuffix } from '../state/state.ts'
import { Unknown, isObject, kindOf, markLenient, whollyKnown, type Value, type ValueObject } from './values.ts'

/** One instance of an expanded resource: its key and what count.* / each.* mean for it. */
export interface Expansion {
  key?: string | number
  iter: Record<string, Value>
}

/** The evaluation environment of one plan or apply walk. */
export interface Env {
  cfg: Config
  vars: Record<string, Value>
  /** The working directory (file() base, path.module's meaning). */
  dir: string
  /** The directory the process started in (path.cwd). */
  startDir: string
  local: (name: string) => Value
  /** The whole value of a resource (object, tuple for count, object for for_each). */
  resource: (address: string) => Value
  /** The expansion of a resource (memoized). */
  expansions: (decl: ResourceDecl) => Expansion[]
}

/** Builds an Env; `instanceValue` gives one instance's value (planned or applied). */
export function makeEnv(cfg: Config, vars: Record<string, Value>, dirs: { dir: string; startDir: string }, instanceValue: (decl: ResourceDecl, e: Expansion) => Value): Env {
  const locals = new Map<string, Value>()
  const inProgress: string[] = []
  const expanded = new Map<string, Expansion[]>()
  const env: Env = {
    cfg, vars, ...dirs,
    local: (name) => {
      if (locals.has(name)) return locals.get(name) ?? null
      const decl = cfg.locals[name] ?? fail('Reference to undeclared local value', `A local value with the name "${name}" has not been declared.`)
      if (inProgress.includes(name)) fail('Cycle in local values', `Cycle: ${[...inProgress.slice(inProgress.indexOf(name)), name].map((n) => `local.${n}`).join(', ')}`)
      inProgress.push(name)
      try {
        const v = withSubject(() => evalRaw(decl.raw, makeScope(env)), () => locate(cfg, decl.file, `${name} =`))
        locals.set(name, v)
        return v
      } finally {
        inProgress.pop()
      }
    },
    resource: (address) => {
      const decl = cfg.resources.find((r) => r.address === address) ?? fail('Reference to undeclared resource', `A ${address.startsWith('data.') ? 'data' : 'managed'} resource "${address.replace(/^data\./, '').replace('.', '" "')}" has not been declared in the root module.`)
      return wholeValue(decl, env.expansions(decl), (e) => markLenient(instanceValue(decl, e)))
    },
    expansions: (decl) => {
      let e = expanded.get(decl.address)
      if (!e) expanded.set(decl.address, (e = withSubject(() => expand(decl, makeScope(env)), () => locate(cfg, decl.file, headerOf(decl), decl.count !== undefined ? 'count' : 'for_each'))))
      return e
    },
  }
  return env
}

/** The block header of a resource for diagnostics: `resource "t" "n"`. */
export const headerOf = (d: ResourceDecl): string => `${d.mode === 'data' ? 'data' : 'resource'} "${d.type}" "${d.name}"`

/** Runs `fn`, giving errors without a source location the one `subject` returns. */
export function withSubject<T>(fn: () => T, subject: () => Subject | undefined): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof TfError) {
      const s = subject()
      if (s) for (const d of e.diags) d.subject ??= s
    }
    throw e
  }
}

function wholeValue(decl: ResourceDecl, exps: Expansion[], one: (e: Expansion) => Value): Value {
  if (decl.count !== undefined) return exps.map(one)
  if (decl.forEach !== undefined) return Object.fromEntries(exps.map((e) => [String(e.key), one(e)]))
  return one(exps[0])
}

/** A scope over an Env: `iter` binds count/each/dynamic iterators; referenced resources go into `deps`. */
export function makeScope(env: Env, iter: Record<string, Value> = {}, deps?: Set<string>): Scope {
  return { baseDir: env.dir, resolve: (root, ops) => resolveRef(env, iter, deps, root, ops) }
}

function attrName(ops: readonly Op[], i: number, what: string): string {
  const op = ops[i]
  if (op?.k !== 'attr') fail('Invalid reference', what)
  return op.name
}

function resolveRef(env: Env, iter: Record<string, Value>, deps: Set<string> | undefined, root: string, ops: readonly Op[]): { value: Value; used: number } {
  if (root in iter) return { value: iter[root], used: 0 }
  switch (root) {
    case 'var': {
      const name = attrName(ops, 0, 'A reference to "var" must be followed by a variable name.')
      if (!(name in env.vars)) fail('Reference to undeclared input variable', `An input variable with the name "${name}" has not been declared. This variable can be declared with a variable "${name}" {} block.`)
      return { value: env.vars[name], used: 1 }
    }
    case 'local':
      return { value: env.local(attrName(ops, 0, 'A reference to "local" must be followed by a name.')), used: 1 }
    case 'path': {
      const name = attrName(ops, 0, 'The "path" object has attributes module, root and cwd.')
      if (name === 'module' || name === 'root') return { value: '.', used: 1 }
      if (name === 'cwd') return { value: env.startDir, used: 1 }
      return fail('Invalid "path" attribute', `The "path" object does not have an attribute named "${name}". The supported attributes are path.cwd, the project root directory path.root, and the current module directory path.module.`)
    }
    case 'terraform':
      if (attrName(ops, 0, 'A reference to "terraform" must be followed by an attribute name.') !== 'workspace') fail('Invalid "terraform" attribute', 'The "terraform" object has only the attribute "workspace".')
      return { value: 'default', used: 1 }
    case 'count':
    case 'each':
      return fail(`Reference to "${root}" in non-${root === 'count' ? 'counted' : 'for_each'} context`, `The "${root}" object can only be used in "module", "resource", and "data" blocks, and only when the "${root === 'count' ? 'count' : 'for_each'}" argument is set.`)
    case 'module':
    case 'self':
      return fail('Unsupported reference', `The terraform simulator does not support "${root}" references.`)
    case 'data': {
      const address = `data.${attrName(ops, 0, 'A data source reference needs a type and a name.')}.${attrName(ops, 1, 'A data source reference needs a type and a name.')}`
      deps?.add(address)
      return { value: env.resource(address), used: 2 }
    }
    default: {
      const address = `${root}.${attrName(ops, 0, 'A reference to a resource type must be followed by at least one attribute access, specifying the resource name.')}`
      deps?.add(address)
      return { value: env.resource(address), used: 1 }
    }
  }
}

/** Expands a resource by its count or for_each (evaluated in `scope`). */
export function expand(decl: ResourceDecl, scope: Scope): Expansion[] {
  if (decl.count !== undefined) {
    const n = evalRaw(decl.count, scope)
    if (n instanceof Unknown) fail('Invalid count argument', 'The "count" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.')
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail('Invalid count argument', 'The given "count" argument value is unsuitable: must be a whole number.')
    return Array.from({ length: n }, (_, i) => ({ key: i, iter: { count: { index: i } } }))
  }
  if (decl.forEach === undefined) return [{ iter: {} }]
  const v = evalRaw(decl.forEach, scope)
  if (!whollyKnown(v)) fail('Invalid for_each argument', 'The "for_each" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the for_each depends on.')
  if (Array.isArray(v) && kindOf(v) === 'set' && v.every((x) => typeof x === 'string')) return v.map((k) => ({ key: k as string, iter: { each: { key: k, value: k } } }))
  if (!isObject(v)) fail('Invalid for_each argument', `The given "for_each" argument value is unsuitable: the "for_each" argument must be a map, or set of strings, and you have provided a value of type ${kindOf(v)}.`)
  return Object.keys(v).sort().map((k) => ({ key: k, iter: { each: { key: k, value: v[k] } } }))
}

/** The address of one instance. */
export const instanceAddress = (decl: ResourceDecl, e: Expansion): string => decl.address + keySuffix(e.key)

/** Evaluates a resource body: attributes, nested blocks (arrays of objects) and `dynamic` blocks; `where` locates errors by argument. */
export function evalBody(body: Record<string, Raw>, scope: Scope, env: Env, iter: Record<string, Value>, deps?: Set<string>, where?: (attr: string) => Subject | undefined): ValueObject {
  const out: ValueObject = {}
  for (const [k, raw] of Object.entries(body)) {
    if (where) {
      Object.assign(out, withSubject(() => evalBody({ [k]: raw }, scope, env, iter, deps), () => where(k)))
      continue
    }
    if (k === 'dynamic' && isRawObject(raw)) {
      for (const [name, specs] of Object.entries(raw)) out[name] = [...((out[name] as Value[] | undefined) ?? []), ...dynamicBlocks(name, specs, scope, env, iter, deps)]
    } else if (Array.isArray(raw) && raw.length > 0 && raw.every(isRawObject)) {
      out[k] = [...((out[k] as Value[] | undefined) ?? []), ...raw.map((b) => evalBody(b as Record<string, Raw>, scope, env, iter, deps))]
    } else out[k] = evalRaw(raw, scope)
  }
  return out
}

function isRawObject(r: Raw): r is { [key: string]: Raw } {
  return r !== null && typeof r === 'object' && !Array.isArray(r)
}

function dynamicBlocks(block: string, specs: Raw, scope: Scope, env: Env, iter: Record<string, Value>, deps?: Set<string>): Value[] {
  const out: Value[] = []
  for (const spec of Array.isArray(specs) ? specs : []) {
    if (!isRawObject(spec)) continue
    const coll = evalRaw(spec.for_each ?? null, scope)
    if (coll instanceof Unknown) fail('Invalid dynamic for_each value', 'The dynamic block for_each value depends on values that cannot be determined until apply; the simulator needs it known at plan time.')
    const name = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1') : block
    const entries: Array<[Value, Value]> = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : isObject(coll) ? Object.keys(coll).sort().map((k) => [k, coll[k]]) : []
    const content = (Array.isArray(spec.content) ? spec.content[0] : {}) as Record<string, Raw>
    for (const [key, value] of entries) {
      const it = { ...iter, [name]: { key, value } as ValueObject }
      out.push(evalBody(content, makeScope(env, it, deps), env, it, deps))
    }
  }
  return out
}

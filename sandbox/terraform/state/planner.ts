// Planning: diffs the configuration's resource instances against prior state. New instances are
// created (computed attributes unknown); changed ones updated in place, or replaced when a changed
// argument is in the type's force-new list; instances only in state are destroyed; outputs are
// compared with state outputs. Destroy mode plans deleting everything. Evaluation errors end the
// walk and mark the plan errored (what was planned so far is kept, as Terraform keeps a partial plan).
import { randomUUID } from 'node:crypto'
import { TfError, fail, type Diagnostic } from '../render/diag.ts'
import { locate, type Config, type ResourceDecl } from '../lang/config.ts'
import { evalRaw } from '../lang/eval.ts'
import { checkProviderConfigs, providerOf } from './providers.ts'
import { computedAttrs, forcesNew, schemaOf, seedOf, synthesize } from './schema.ts'
import { evalBody, headerOf, instanceAddress, makeEnv, makeScope, withSubject, type Env, type Expansion } from '../lang/scope.ts'
import { resourceAddress, stateInstances, type StateFile, type StateInstance } from './state.ts'
import { UNKNOWN, equal, typeOf, whollyKnown, type TypeJson, type Value, type ValueObject } from '../lang/values.ts'

/** A change action as `show -json` spells it. */
export type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete'

/** The planned change of one resource instance. */
export interface ResourceChange {
  address: string
  mode: 'managed' | 'data'
  type: string
  name: string
  index?: string | number
  providerFull: string
  providerRef: string
  actions: Action[]
  before: ValueObject | null
  after: ValueObject | null
  replacePaths?: string[][]
  reason?: string
  dependencies: string[]
}

/** The planned change of one root output; `type` is the after value's cty type (kept in plan files). */
export interface OutputChange {
  name: string
  actions: Action[]
  before: Value
  after: Value
  sensitive: boolean
  type: TypeJson
}

/** A data source read while planning (stored in state on apply). */
export interface DataRead {
  address: string
  type: string
  name: string
  index?: string | number
  providerRef: string
  providerFull: string
  value: ValueObject
}

/** A whole plan. */
export interface Plan {
  mode: 'normal' | 'destroy'
  changes: ResourceChange[]
  outputs: OutputChange[]
  dataReads: DataRead[]
  errored: boolean
  diags: Diagnostic[]
  variables: Record<string, Value>
  prior: StateFile
  region: string
}

/** The AWS region synthetic values use: the default aws provider's region, else AWS_REGION, else us-east-1. */
export function regionOf(cfg: Config, vars: Record<string, Value>, env: Record<string, string | undefined>): string {
  const p = cfg.providers.find((x) => x.name === 'aws' && !x.alias)
  try {
    const v = p?.body.region === undefined ? undefined : evalRaw(p.body.region, makeScope(makeEnv(cfg, vars, { dir: cfg.dir, startDir: cfg.dir }, () => UNKNOWN)))
    if (typeof v === 'string') return v
  } catch {
    // the provider region refers to something not known yet: fall back
  }
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'
}

/** Plans `cfg` against `prior`. */
export function buildPlan(cfg: Config, prior: StateFile, vars: Record<string, Value>, mode: 'normal' | 'destroy', dirs: { dir: string; startDir: string }, region: string): Plan {
  const plan: Plan = { mode, changes: [], outputs: [], dataReads: [], errored: false, diags: [], variables: vars, prior, region }
  checkProviderConfigs(cfg, prior)
  try {
    if (mode === 'destroy') planDestroy(cfg, plan)
    else planNormal(cfg, plan, dirs)
  } catch (e) {
    if (!(e instanceof TfError)) throw e
    plan.errored = true
    plan.diags = e.diags
  }
  plan.changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  return plan
}

function priorMap(prior: StateFile): Map<string, StateInstance> {
  return new Map(stateInstances(prior).map((x) => [x.address, x.instance]))
}

function planNormal(cfg: Config, plan: Plan, dirs: { dir: string; startDir: string }): void {
  const priors = priorMap(plan.prior)
  const planned = new Map<string, Value>()
  const active: string[] = []
  const env: Env = makeEnv(cfg, plan.variables, dirs, (decl, e) => {
    const address = instanceAddress(decl, e)
    const done = planned.get(address)
    if (done !== undefined) return done
    if (active.includes(address)) fail('Cycle', `Cycle: ${[...active.slice(active.indexOf(address)), address].join(', ')}`)
    active.push(address)
    try {
      const v = decl.mode === 'data' ? planData(env, plan, decl, e) : planManaged(env, plan, decl, e, priors.get(address))
      planned.set(address, v)
      return v
    } finally {
      active.pop()
    }
  })
  for (const decl of cfg.resources) env.resource(decl.address)
  for (const x of stateInstances(plan.prior)) {
    if (x.resource.mode !== 'managed' || planned.has(x.address)) continue
    plan.changes.push(deletion(cfg, x.address, x.resource, x.instance, reasonFor(cfg, x.resource, x.instance)))
  }
  planOutputs(cfg, plan, env)
}

function reasonFor(cfg: Config, r: { mode: string; type: string; name: string }, i: StateInstance): string {
  const decl = cfg.resources.find((d) => d.address === resourceAddress(r))
  if (!decl) return 'delete_because_no_resource_config'
  if (typeof i.index_key === 'number' && decl.count !== undefined) return 'delete_because_count_index'
  if (typeof i.index_key === 'string' && decl.forEach !== undefined) return 'delete_because_each_key'
  return 'delete_because_wrong_repetition'
}

function deletion(cfg: Config, address: string, r: { mode: 'managed' | 'data'; type: string; name: string; provider: string }, i: StateInstance, reason?: string): ResourceChange {
  const decl = cfg.resources.find((d) => d.address === resourceAddress(r))
  if (decl?.preventDestroy) preventDestroyError(cfg, decl, address)
  const full = /provider\["([^"]+)"\]/.exec(r.provider)?.[1] ?? r.provider
  return { address, mode: r.mode, type: r.type, name: r.name, index: i.index_key, providerFull: full, providerRef: r.provider, actions: ['delete'], before: i.attributes, after: null, reason, dependencies: i.dependencies ?? [] }
}

function preventDestroyError(cfg: Config, decl: ResourceDecl, address: string): never {
  fail('Instance cannot be destroyed', `Resource ${address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target flag.`, locate(cfg, decl.file, headerOf(decl)))
}

function evalInstance(env: Env, decl: ResourceDecl, e: Expansion, deps: Set<string>): ValueObject {
  return withSubject(() => evalBody(decl.body, makeScope(env, e.iter, deps), env, e.iter, deps, (attr) => locate(env.cfg, decl.file, headerOf(decl), attr)), () => locate(env.cfg, decl.file, headerOf(decl)))
}

/** The after-value of a new object: configuration plus unknown computed attributes. */
export function withUnknownComputed(type: string, mode: 'managed' | 'data', cfgVal: ValueObject): ValueObject {
  const out: ValueObject = { ...cfgVal }
  for (const a of computedAttrs(type, mode)) {
    const given = out[a]
    if (given === undefined || given === null || (a === 'id' && mode === 'managed')) out[a] = UNKNOWN
  }
  return out
}

function planManaged(env: Env, plan: Plan, decl: ResourceDecl, e: Expansion, prior: StateInstance | undefined): Value {
  const deps = new Set<string>(decl.dependsOn)
  const cfgVal = evalInstance(env, decl, e, deps)
  const { full, ref } = providerOf(env.cfg, decl)
  const address = instanceAddress(decl, e)
  const base = { address, mode: decl.mode, type: decl.type, name: decl.name, index: e.key, providerFull: full, providerRef: ref, dependencies: [...deps].sort() }
  let change: ResourceChange
  if (!prior) change = { ...base, actions: ['create'], before: null, after: withUnknownComputed(decl.type, 'managed', cfgVal) }
  else {
    const changed = changedAttrs(decl, cfgVal, prior.attributes)
    const forced = changed.filter((a) => forcesNew(decl.type, a))
    if (changed.length === 0) change = { ...base, actions: ['no-op'], before: prior.attributes, after: prior.attributes }
    else if (forced.length) {
      if (decl.preventDestroy) preventDestroyError(env.cfg, decl, address)
      change = { ...base, actions: decl.createBeforeDestroy ? ['create', 'delete'] : ['delete', 'create'], before: prior.attributes, after: withUnknownComputed(decl.type, 'managed', cfgVal), replacePaths: forced.map((a) => [a]), reason: 'replace_because_cannot_update' }
    } else change = { ...base, actions: ['update'], before: prior.attributes, after: updated(decl, cfgVal, prior.attributes, changed) }
  }
  plan.changes.push(change)
  return change.after
}

function updated(decl: ResourceDecl, cfgVal: ValueObject, prior: ValueObject, changed: string[]): ValueObject {
  const after: ValueObject = { ...prior }
  for (const a of changed) after[a] = cfgVal[a] ?? null
  for (const a of schemaOf(decl.type).volatile ?? []) after[a] = UNKNOWN
  return after
}

/** The arguments whose configured value differs from state (computed ones left unset are kept). */
function changedAttrs(decl: ResourceDecl, cfgVal: ValueObject, prior: ValueObject): string[] {
  const computed = new Set(computedAttrs(decl.type))
  const keys = new Set([...Object.keys(cfgVal), ...Object.keys(prior).filter((k) => !computed.has(k))])
  return [...keys].filter((k) => {
    if (decl.ignoreChanges.includes(k) || decl.ignoreChanges.includes('all')) return false
    const c = cfgVal[k] ?? null
    if (computed.has(k) && c === null) return false
    return !equal(c, prior[k] ?? null)
  }).sort()
}

function planData(env: Env, plan: Plan, decl: ResourceDecl, e: Expansion): Value {
  const deps = new Set<string>(decl.dependsOn)
  const cfgVal = evalInstance(env, decl, e, deps)
  const { full, ref } = providerOf(env.cfg, decl)
  const address = instanceAddress(decl, e)
  if (!whollyKnown(cfgVal)) {
    const after = withUnknownComputed(decl.type, 'data', cfgVal)
    plan.changes.push({ address, mode: 'data', type: decl.type, name: decl.name, index: e.key, providerFull: full, providerRef: ref, actions: ['read'], before: null, after, reason: 'read_because_config_unknown', dependencies: [...deps].sort() })
    return after
  }
  const value = { ...cfgVal, ...synthesize(decl.type, 'data', { cfg: cfgVal, address, hex: seedOf(address, cfgVal), region: plan.region }) }
  plan.dataReads.push({ address, type: decl.type, name: decl.name, index: e.key, providerRef: ref, providerFull: full, value })
  return value
}

function planOutputs(cfg: Config, plan: Plan, env: Env): void {
  for (const name of Object.keys(cfg.outputs).sort()) {
    const decl = cfg.outputs[name]
    const after = withSubject(() => evalRaw(decl.value, makeScope(env)), () => locate(cfg, decl.file, `output "${name}"`, 'value'))
    const prior = plan.prior.outputs[name]
    const before = prior?.value ?? null
    const same = prior !== undefined && whollyKnown(after) && equal(after, before) && Boolean(prior.sensitive) === decl.sensitive
    const actions: Action[] = prior === undefined ? (after === null ? ['no-op'] : ['create']) : same ? ['no-op'] : ['update']
    plan.outputs.push({ name, actions, before, after, sensitive: decl.sensitive, type: typeOf(after) })
  }
  for (const name of Object.keys(plan.prior.outputs).sort()) {
    if (!cfg.outputs[name]) plan.outputs.push({ name, actions: ['delete'], before: plan.prior.outputs[name].value, after: null, sensitive: Boolean(plan.prior.outputs[name].sensitive), type: 'dynamic' })
  }
  plan.outputs.sort((a, b) => (a.name < b.name ? -1 : 1))
}

function planDestroy(cfg: Config, plan: Plan): void {
  for (const x of stateInstances(plan.prior)) if (x.resource.mode === 'managed') plan.changes.push(deletion(cfg, x.address, x.resource, x.instance))
  for (const name of Object.keys(plan.prior.outputs).sort()) {
    const o = plan.prior.outputs[name]
    plan.outputs.push({ name, actions: ['delete'], before: o.value, after: null, sensitive: Boolean(o.sensitive), type: 'dynamic' })
  }
}

/** Whether applying the plan would change anything (resources not no-op, or any output change). */
export function applyable(plan: Plan): boolean {
  return plan.changes.some((c) => !(c.actions.length === 1 && c.actions[0] === 'no-op')) || plan.outputs.some((o) => o.actions[0] !== 'no-op')
}

/** The add / change / destroy counts of the plan summary (replacements count as add and destroy). */
export function countChanges(plan: Plan): { add: number; change: number; destroy: number } {
  const managed = plan.changes.filter((c) => c.mode === 'managed')
  return {
    add: managed.filter((c) => c.actions.includes('create')).length,
    change: managed.filter((c) => c.actions.length === 1 && c.actions[0] === 'update').length,
    destroy: managed.filter((c) => c.actions.includes('delete')).length,
  }
}

/** A fresh lineage for a state's first write. */
export const newLineage = (): string => randomUUID()

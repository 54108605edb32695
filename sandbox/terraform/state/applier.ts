// Applying a plan: destroys first (dependents before their dependencies), then walks the
// configuration again with applied values (so references to attributes that were unknown at plan
// time now see their synthetic values), creating, updating and replacing what the plan says,
// printing Terraform's progress lines. Outputs are re-evaluated into the new state. An error stops
// the walk; the state keeps what was done (as Terraform persists partial applies).
import { TfError, fail } from '../render/diag.ts'
import { locate, type Config, type ResourceDecl } from '../lang/config.ts'
import { evalRaw } from '../lang/eval.ts'
import type { DataRead, Plan, ResourceChange } from './planner.ts'
import { providerOf } from './providers.ts'
import { computedAttrs, schemaOf, seedOf, synthesize } from './schema.ts'
import { evalBody, headerOf, instanceAddress, makeEnv, makeScope, withSubject, type Env, type Expansion } from '../lang/scope.ts'
import { resourceAddress, stateInstances, type StateFile, type StateInstance, type StateResource } from './state.ts'
import { plain, typeOf, whollyKnown, type Value, type ValueObject } from '../lang/values.ts'

/** What an apply did. */
export interface ApplyResult {
  state: StateFile
  added: number
  changed: number
  destroyed: number
  error?: TfError
}

interface Slot {
  meta: Omit<StateResource, 'instances'>
  instance: StateInstance
}

type Plannable = Pick<Plan, 'mode' | 'changes' | 'dataReads' | 'variables' | 'region'>

/** Applies `plan` to `prior`, reporting progress lines through `progress`. */
export function applyPlan(cfg: Config, plan: Plannable, prior: StateFile, dirs: { dir: string; startDir: string }, progress: (line: string) => void): ApplyResult {
  const slots = new Map<string, Slot>(stateInstances(prior).map((x) => [x.address, { meta: { mode: x.resource.mode, type: x.resource.type, name: x.resource.name, provider: x.resource.provider }, instance: x.instance }]))
  const result: ApplyResult = { state: prior, added: 0, changed: 0, destroyed: 0 }
  let outputs = prior.outputs
  try {
    for (const c of deletionOrder(plan.changes.filter((c) => c.actions[0] === 'delete'))) destroy(c, slots, progress, result)
    if (plan.mode === 'normal') {
      for (const [a, s] of slots) if (s.meta.mode === 'data') slots.delete(a)
      const env = applyEnv(cfg, plan, slots, dirs, progress, result)
      for (const decl of cfg.resources) env.resource(decl.address)
      outputs = evalOutputs(cfg, env)
    } else outputs = {}
  } catch (e) {
    if (!(e instanceof TfError)) throw e
    result.error = e
  }
  result.state = { ...prior, outputs, resources: toResources(slots) }
  return result
}

function destroy(c: ResourceChange, slots: Map<string, Slot>, progress: (line: string) => void, result: ApplyResult): void {
  const id = slots.get(c.address)?.instance.attributes.id
  progress(`${c.address}: Destroying...${id ? ` [id=${String(id)}]` : ''}`)
  slots.delete(c.address)
  progress(`${c.address}: Destruction complete after 0s`)
  result.destroyed++
}

/** Deletions ordered so that an instance is destroyed before the ones it depends on. */
function deletionOrder(dels: ResourceChange[]): ResourceChange[] {
  const left = [...dels].sort((a, b) => (a.address < b.address ? 1 : -1))
  const out: ResourceChange[] = []
  while (left.length) {
    const i = left.findIndex((c) => !left.some((o) => o !== c && o.dependencies.includes(resourceAddress(c))))
    out.push(...left.splice(i < 0 ? 0 : i, 1))
  }
  return out
}

function applyEnv(cfg: Config, plan: Plannable, slots: Map<string, Slot>, dirs: { dir: string; startDir: string }, progress: (line: string) => void, result: ApplyResult): Env {
  const changes = new Map(plan.changes.map((c) => [c.address, c]))
  const reads = new Map(plan.dataReads.map((r) => [r.address, r]))
  const done = new Map<string, Value>()
  const env: Env = makeEnv(cfg, plan.variables, dirs, (decl, e) => {
    const address = instanceAddress(decl, e)
    if (done.has(address)) return done.get(address) ?? null
    const change = changes.get(address)
    let v: Value
    if (decl.mode === 'data') v = readData(env, plan, decl, e, reads.get(address), slots)
    else if (!change || change.actions[0] === 'no-op') v = slots.get(address)?.instance.attributes ?? fail('Inconsistent plan', `${address} is neither in the plan nor in state; plan again.`)
    else v = applyOne(env, plan, decl, e, change, slots, progress, result)
    done.set(address, v)
    return v
  })
  return env
}

function evalFor(env: Env, decl: ResourceDecl, e: Expansion, deps: Set<string>): ValueObject {
  return withSubject(() => evalBody(decl.body, makeScope(env, e.iter, deps), env, e.iter, deps, (attr) => locate(env.cfg, decl.file, headerOf(decl), attr)), () => locate(env.cfg, decl.file, headerOf(decl)))
}

function readData(env: Env, plan: Plannable, decl: ResourceDecl, e: Expansion, read: DataRead | undefined, slots: Map<string, Slot>): Value {
  const address = instanceAddress(decl, e)
  const { ref } = providerOf(env.cfg, decl)
  const deps = new Set<string>(decl.dependsOn)
  let value = read?.value
  if (!value) {
    const cfgVal = evalFor(env, decl, e, deps)
    value = { ...cfgVal, ...synthesize(decl.type, 'data', { cfg: cfgVal, address, hex: seedOf(address, cfgVal), region: plan.region }) }
  }
  slots.set(address, { meta: { mode: 'data', type: decl.type, name: decl.name, provider: ref }, instance: { index_key: e.key, schema_version: 0, attributes: value, sensitive_attributes: [] } })
  return value
}

function applyOne(env: Env, plan: Plannable, decl: ResourceDecl, e: Expansion, change: ResourceChange, slots: Map<string, Slot>, progress: (line: string) => void, result: ApplyResult): Value {
  const address = instanceAddress(decl, e)
  const deps = new Set<string>(decl.dependsOn)
  const cfgVal = evalFor(env, decl, e, deps)
  if (!whollyKnown(cfgVal)) fail('Provider produced inconsistent final plan', `When expanding the plan for ${address} to include new values learned so far during apply, some values were still unknown.`)
  const prior = slots.get(address)?.instance.attributes
  const isUpdate = change.actions.length === 1 && change.actions[0] === 'update'
  const synth = { cfg: cfgVal, address, hex: seedOf(address, cfgVal), region: plan.region, prior: change.before ?? undefined }
  let attrs: ValueObject
  if (isUpdate && prior) {
    const computed = new Set(computedAttrs(decl.type))
    attrs = { ...prior }
    for (const k of Object.keys(prior)) if (!computed.has(k) && !(k in cfgVal)) attrs[k] = null
    Object.assign(attrs, cfgVal, synthesize(decl.type, 'managed', synth, schemaOf(decl.type).volatile ?? []))
    progress(`${address}: Modifying... [id=${String(prior.id)}]`)
  } else {
    attrs = { ...cfgVal, ...synthesize(decl.type, 'managed', synth) }
    progress(`${address}: Creating...`)
  }
  const { ref } = providerOf(env.cfg, decl)
  slots.set(address, { meta: { mode: 'managed', type: decl.type, name: decl.name, provider: ref }, instance: { index_key: e.key, schema_version: 0, attributes: attrs, sensitive_attributes: [], dependencies: [...deps].sort() } })
  if (isUpdate) {
    progress(`${address}: Modifications complete after 0s [id=${String(attrs.id)}]`)
    result.changed++
    return attrs
  }
  progress(`${address}: Creation complete after 0s [id=${String(attrs.id)}]`)
  result.added++
  if (change.actions[0] === 'create' && change.actions.includes('delete')) {
    progress(`${address}: Destroying... [id=${String(change.before?.id ?? '')}]`)
    progress(`${address}: Destruction complete after 0s`)
    result.destroyed++
  }
  return attrs
}

function evalOutputs(cfg: Config, env: Env): StateFile['outputs'] {
  const out: StateFile['outputs'] = {}
  for (const name of Object.keys(cfg.outputs).sort()) {
    const decl = cfg.outputs[name]
    const v = withSubject(() => evalRaw(decl.value, makeScope(env)), () => locate(cfg, decl.file, `output "${name}"`, 'value'))
    if (v === null) continue
    out[name] = { value: plain(v), type: typeOf(v), ...(decl.sensitive ? { sensitive: true } : {}) }
  }
  return out
}

function toResources(slots: Map<string, Slot>): StateResource[] {
  const byResource = new Map<string, StateResource>()
  for (const { meta, instance } of slots.values()) {
    const key = resourceAddress(meta)
    const r = byResource.get(key) ?? { ...meta, instances: [] }
    r.instances.push(instance)
    byResource.set(key, r)
  }
  const order = (a: StateInstance, b: StateInstance): number =>
    typeof a.index_key === 'number' && typeof b.index_key === 'number' ? a.index_key - b.index_key : String(a.index_key ?? '') < String(b.index_key ?? '') ? -1 : 1
  for (const r of byResource.values()) r.instances.sort(order)
  return [...byResource.values()]
}

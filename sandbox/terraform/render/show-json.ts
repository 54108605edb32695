// `terraform show -json`: the state representation (format_version 1.0) and the plan
// representation (format_version 1.2) with Terraform's keys in Terraform's order: variables,
// planned_values, resource_changes, output_changes, prior_state, timestamp, applyable, complete,
// errored. Values are printed with sorted keys and unknowns omitted. Terraform's `configuration`
// (the parsed configuration, expressions and all) is left out: nothing the runner reads uses it.
import { rfc3339 } from '../state/context.ts'
import { RawJson, compareStrings, marshal } from './gojson.ts'
import { applyable as isApplyable, type OutputChange, type Plan, type ResourceChange } from '../state/planner.ts'
import { isEmptyState, providerNameOf, stateInstances, type StateFile } from '../state/state.ts'
import { Unknown, omitUnknowns, stampType, unknownAsBool, whollyKnown, type Value } from '../lang/values.ts'

/** A value as a sorted-key JSON fragment. */
const raw = (v: Value): RawJson => new RawJson(marshal(v, { sortKeys: true }))

/** The state representation as an object (for prior_state and `show -json` without a plan). */
export function stateObject(s: StateFile): Record<string, unknown> {
  if (isEmptyState(s)) return { format_version: '1.0' }
  const outputs: Record<string, unknown> = {}
  for (const name of Object.keys(s.outputs).sort(compareStrings)) {
    const o = s.outputs[name]
    outputs[name] = { sensitive: Boolean(o.sensitive), value: raw(stampType(o.value, o.type)), type: raw(o.type as Value) }
  }
  const resources = stateInstances(s).map(({ address, resource: r, instance: i }) => ({
    address, mode: r.mode, type: r.type, name: r.name, index: i.index_key === undefined ? undefined : raw(i.index_key),
    provider_name: providerNameOf(r.provider), schema_version: i.schema_version, values: raw(i.attributes), sensitive_values: raw({}),
    depends_on: i.dependencies?.length ? i.dependencies : undefined,
  }))
  const values = { outputs: Object.keys(outputs).length ? outputs : undefined, root_module: resources.length ? { resources } : {} }
  return { format_version: '1.0', terraform_version: s.terraform_version, values }
}

/** `show -json` of a state: one compact line. */
export function stateJson(s: StateFile): string {
  return marshal(stateObject(s))
}

function resourceChange(c: ResourceChange): Record<string, unknown> {
  const del = c.actions.length === 1 && c.actions[0] === 'delete'
  return {
    address: c.address, mode: c.mode, type: c.type, name: c.name, index: c.index === undefined ? undefined : raw(c.index),
    provider_name: c.providerFull,
    change: {
      actions: c.actions, before: raw(c.before), after: raw(c.after === null ? null : omitUnknowns(c.after)),
      after_unknown: raw(del || c.after === null ? {} : unknownAsBool(c.after)),
      before_sensitive: c.before === null ? false : raw({}), after_sensitive: c.after === null ? false : raw({}),
      replace_paths: c.replacePaths,
    },
    action_reason: c.reason,
  }
}

function outputChange(o: OutputChange): Record<string, unknown> {
  const unknown = whollyKnown(o.after) ? false : o.after instanceof Unknown ? true : unknownAsBool(o.after)
  // A wholly unknown value has no `after` at all, as in Terraform's own JSON.
  return {
    actions: o.actions, before: raw(o.before), after: o.after instanceof Unknown ? undefined : raw(omitUnknowns(o.after)), after_unknown: raw(unknown),
    before_sensitive: o.sensitive, after_sensitive: o.sensitive,
  }
}

function plannedValues(plan: Plan): Record<string, unknown> {
  const outputs: Record<string, unknown> = {}
  for (const o of plan.outputs) {
    if (o.actions[0] === 'delete') continue
    const known = whollyKnown(o.after)
    outputs[o.name] = { sensitive: o.sensitive, type: known ? raw(o.type as Value) : undefined, value: known ? raw(o.after) : undefined }
  }
  const resources = plan.changes.filter((c) => c.after !== null).map((c) => ({
    address: c.address, mode: c.mode, type: c.type, name: c.name, index: c.index === undefined ? undefined : raw(c.index),
    provider_name: c.providerFull, schema_version: 0, values: raw(omitUnknowns(c.after)), sensitive_values: raw({}),
  }))
  return { outputs: Object.keys(outputs).length ? outputs : undefined, root_module: resources.length ? { resources } : {} }
}

/** `show -json PLANFILE`: one compact line. */
export function planJson(plan: Plan, meta: { terraformVersion: string; timestamp: string }): string {
  const variables: Record<string, unknown> = {}
  for (const name of Object.keys(plan.variables).sort(compareStrings)) variables[name] = { value: raw(plan.variables[name]) }
  const outputChanges: Record<string, unknown> = {}
  for (const o of plan.outputs) outputChanges[o.name] = outputChange(o)
  const errored = plan.errored
  const obj = {
    format_version: '1.2',
    terraform_version: meta.terraformVersion,
    variables: Object.keys(variables).length ? variables : undefined,
    planned_values: plannedValues(plan),
    resource_changes: plan.changes.length ? plan.changes.map(resourceChange) : undefined,
    output_changes: plan.outputs.length ? outputChanges : undefined,
    prior_state: isEmptyState(plan.prior) ? undefined : stateObject(plan.prior),
    timestamp: rfc3339(new Date(meta.timestamp)),
    applyable: !errored && isApplyable(plan),
    complete: !errored,
    errored,
  }
  return marshal(obj)
}

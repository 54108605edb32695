// Terraform state files (format version 4): reading, writing (atomically, 2-space indented, keys in
// Terraform's order), and helpers over resources, instances and addresses.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fail } from '../render/diag.ts'
import { compareStrings, marshal } from '../render/gojson.ts'
import { isObject, type TypeJson, type Value, type ValueObject } from '../lang/values.ts'

/** One instance of a resource in state. */
export interface StateInstance {
  index_key?: string | number
  schema_version: number
  attributes: ValueObject
  sensitive_attributes: unknown[]
  dependencies?: string[]
}

/** A resource (all its instances) in state. */
export interface StateResource {
  mode: 'managed' | 'data'
  type: string
  name: string
  /** `provider["registry.terraform.io/hashicorp/aws"]`, with `.alias` for aliased providers. */
  provider: string
  instances: StateInstance[]
}

/** A root output value in state. */
export interface StateOutput {
  value: Value
  type: TypeJson
  sensitive?: boolean
}

/** A whole state file. */
export interface StateFile {
  version: 4
  terraform_version: string
  serial: number
  lineage: string
  outputs: Record<string, StateOutput>
  resources: StateResource[]
  check_results: null
}

/** An empty state as Terraform starts with before the first write: serial 0, no lineage. */
export function emptyState(version: string): StateFile {
  return { version: 4, terraform_version: version, serial: 0, lineage: '', outputs: {}, resources: [], check_results: null }
}

/** Whether a state has neither resources nor outputs. */
export const isEmptyState = (s: StateFile): boolean => s.resources.every((r) => r.instances.length === 0) && Object.keys(s.outputs).length === 0

/** Reads a state file, or undefined when there is none. */
export function readState(path: string): StateFile | undefined {
  if (!existsSync(path)) return undefined
  let parsed: Partial<StateFile>
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile>
  } catch (e) {
    return fail('Failed to load state', `Error reading ${path}: ${(e as Error).message}`)
  }
  if (parsed.version !== 4) fail('Failed to load state', `Unsupported state file format version ${String(parsed.version)} in ${path}; the simulator reads version 4.`)
  return { ...emptyState(parsed.terraform_version ?? ''), ...parsed, outputs: parsed.outputs ?? {}, resources: parsed.resources ?? [], check_results: null }
}

/** Writes a state file atomically; with `backup`, the previous file is kept as PATH.backup (local backend). */
export function writeState(path: string, state: StateFile, backup = false): void {
  mkdirSync(dirname(path), { recursive: true })
  if (backup && existsSync(path)) copyFileSync(path, `${path}.backup`)
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${marshal(stateJson(state), { indent: '  ' })}\n`)
  renameSync(tmp, path)
}

function stateJson(s: StateFile): unknown {
  const outputs: Record<string, unknown> = {}
  for (const name of Object.keys(s.outputs).sort(compareStrings)) {
    const o = s.outputs[name]
    outputs[name] = { value: sortDeep(o.value), type: o.type, sensitive: o.sensitive ? true : undefined }
  }
  const resources = sortResources(s.resources).map((r) => ({
    mode: r.mode, type: r.type, name: r.name, provider: r.provider,
    instances: r.instances.map((i) => ({
      index_key: i.index_key, schema_version: i.schema_version, attributes: sortDeep(i.attributes),
      sensitive_attributes: i.sensitive_attributes, dependencies: i.dependencies?.length ? [...i.dependencies].sort() : undefined,
    })),
  }))
  return { version: 4, terraform_version: s.terraform_version, serial: s.serial, lineage: s.lineage, outputs, resources, check_results: null }
}

/** A deep copy with object keys in sorted order (how Go writes maps). */
export function sortDeep(v: Value): Value {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (isObject(v)) {
    const out: ValueObject = {}
    for (const k of Object.keys(v).sort(compareStrings)) out[k] = sortDeep(v[k])
    return out
  }
  return v
}

/** Resources in a stable order: managed before data, then type, then name. */
export function sortResources(rs: readonly StateResource[]): StateResource[] {
  return [...rs].sort((a, b) => compareStrings(`${a.mode === 'data' ? 1 : 0}.${a.type}.${a.name}`, `${b.mode === 'data' ? 1 : 0}.${b.type}.${b.name}`))
}

/** The `[0]` / `["key"]` suffix of an instance key. */
export function keySuffix(key: string | number | undefined): string {
  if (key === undefined) return ''
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`
}

/** A resource's address: `type.name` or `data.type.name`. */
export function resourceAddress(r: { mode: string; type: string; name: string }): string {
  return `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`
}

/** Every instance in state with its full address. */
export function stateInstances(s: StateFile): Array<{ address: string; resource: StateResource; instance: StateInstance }> {
  return sortResources(s.resources).flatMap((r) => r.instances.map((i) => ({ address: resourceAddress(r) + keySuffix(i.index_key), resource: r, instance: i })))
}

/** The provider's full registry name from a state `provider` string. */
export function providerNameOf(provider: string): string {
  return /provider\["([^"]+)"\]/.exec(provider)?.[1] ?? provider
}

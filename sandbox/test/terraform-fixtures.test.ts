// The terraform simulator against real Terraform output: the human plan text of the equivalence
// fixtures byte for byte, and `show -json` of a plan compared with the show-json fixtures (values
// and keys), rebuilding each fixture's configuration and prior state.
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTerraform } from '../terraform/cmd/main.ts'
import { fixture, needsShared } from '../../test/helpers/shared.ts'

interface Ws {
  dir: string
  write: (files: Record<string, string>) => void
  tf: (...argv: string[]) => ReturnType<typeof runTerraform>
}

function workspace(t: { teardown: (fn: () => void) => void }, files: Record<string, string>): Ws {
  const root = mkdtempSync(join(tmpdir(), 'tf-fixtures-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const env = { TASKS_SANDBOX_DIR: join(root, 'sandbox'), TASKS_SANDBOX_NOW: '2024-05-01T10:11:12Z' }
  const write = (fs: Record<string, string>): void => {
    for (const [name, text] of Object.entries(fs)) writeFileSync(join(root, name), text)
  }
  write(files)
  return { dir: root, write, tf: (...argv) => runTerraform(argv, root, env) }
}

type Json = Record<string, unknown>
const parse = (text: string): Json => JSON.parse(text) as Json
const eq = (name: string): Json => parse(fixture(`terraform/equivalence/${name}/plan.json`))

const LOCAL_REQ = 'terraform {\n  required_providers {\n    local = {\n      source  = "hashicorp/local"\n      version = "2.2.3"\n    }\n  }\n}\n'
const localFile = (key: string): string =>
  `${LOCAL_REQ}\nlocals {\n  contents = jsonencode({\n    "${key}" = "world"\n  })\n}\n\nresource "local_file" "local_file" {\n  filename             = "output.json"\n  content              = local.contents\n  directory_permission = "0777"\n  file_permission      = "0777"\n}\n`
const NULL_REQ = 'terraform {\n  required_providers {\n    null = {\n      source  = "hashicorp/null"\n      version = "3.1.1"\n    }\n  }\n}\n'

/** A version-4 state file holding the resources of a `show -json` state view. */
function stateFrom(view: Json, outputs: Json = {}): string {
  const root = (view.values as Json).root_module as { resources?: Array<Record<string, unknown>> }
  const resources = (root.resources ?? []).map((r) => ({
    mode: r.mode, type: r.type, name: r.name, provider: `provider["${String(r.provider_name)}"]`,
    instances: [{ schema_version: 0, attributes: r.values, sensitive_attributes: [] }],
  }))
  return JSON.stringify({ version: 4, terraform_version: '1.9.8', serial: 3, lineage: '00000000-fixture', outputs, resources, check_results: null })
}

/** Keys of the plan JSON: the fixture's (minus what the simulator does not model) must all be there. */
function sameKeys(t: { same: (found: unknown, wanted: unknown, msg: string) => boolean }, ours: Json, theirs: Json, what: string): void {
  const skip = new Set(['resource_drift', 'relevant_attributes', 'checks', 'configuration'])
  const volatile = new Set(['terraform_version', 'timestamp', 'variables'])
  t.same(Object.keys(ours).filter((k) => !volatile.has(k)).sort(), Object.keys(theirs).filter((k) => !skip.has(k) && !volatile.has(k)).sort(), `${what}: top-level keys`)
  const rc = (p: Json): Array<Json> => (p.resource_changes ?? []) as Array<Json>
  t.same(rc(ours).map((c) => Object.keys(c).sort()), rc(theirs).map((c) => Object.keys(c).sort()), `${what}: resource_changes keys`)
  t.same(rc(ours).map((c) => Object.keys(c.change as Json).sort()), rc(theirs).map((c) => Object.keys(c.change as Json).sort()), `${what}: change keys`)
  t.same(rc(ours).map((c) => (c.change as Json).actions), rc(theirs).map((c) => (c.change as Json).actions), `${what}: actions`)
}

t.test('local_provider_basic, _update and _delete: plan text byte for byte, show -json keys', { skip: needsShared }, async (t) => {
  const ws = workspace(t, { 'main.tf': localFile('hello') })
  t.equal((await ws.tf('init', '-input=false')).code, 0)
  let r = await ws.tf('plan', '-input=false', '-out=equivalence_test_plan')
  t.same([r.code, r.stderr], [0, ''])
  t.equal(r.stdout, fixture('terraform/equivalence/local_provider_basic/plan'))
  const basic = parse((await ws.tf('show', '-json', 'equivalence_test_plan')).stdout)
  sameKeys(t, basic, eq('local_provider_basic'), 'basic')
  t.same((basic.resource_changes as Json[])[0].change, { actions: ['create'], before: null, after: { content: '{"hello":"world"}', directory_permission: '0777', file_permission: '0777', filename: 'output.json' }, after_unknown: { id: true }, before_sensitive: false, after_sensitive: {} })
  t.equal((await ws.tf('apply', 'equivalence_test_plan')).code, 0)

  ws.write({ 'main.tf': localFile('goodbye') })
  r = await ws.tf('plan', '-input=false', '-out=equivalence_test_plan')
  t.equal(r.stdout, fixture('terraform/equivalence/local_provider_update/plan'))
  const update = parse((await ws.tf('show', '-json', 'equivalence_test_plan')).stdout)
  sameKeys(t, update, eq('local_provider_update'), 'update')
  t.same((update.resource_changes as Json[])[0].change, { ...((update.resource_changes as Json[])[0].change as Json), replace_paths: [['content']] })

  const del = workspace(t, { 'main.tf': localFile('hello') })
  await del.tf('init')
  await del.tf('apply', '-auto-approve')
  del.write({ 'main.tf': LOCAL_REQ })
  r = await del.tf('plan', '-out=equivalence_test_plan')
  t.equal(r.stdout, fixture('terraform/equivalence/local_provider_delete/plan'))
  sameKeys(t, parse((await del.tf('show', '-json', 'equivalence_test_plan')).stdout), eq('local_provider_delete'), 'delete')
})

t.test('null_provider_update and _delete: plans from the fixtures\' prior states', { skip: needsShared }, async (t) => {
  const update = eq('null_provider_update')
  const ws = workspace(t, { 'main.tf': `${NULL_REQ}\nresource "null_resource" "null_resource" {}\n`, 'terraform.tfstate': stateFrom(update.prior_state as Json) })
  await ws.tf('init')
  const r = await ws.tf('plan', '-out=equivalence_test_plan', '-detailed-exitcode')
  t.same([r.code, r.stdout], [0, fixture('terraform/equivalence/null_provider_update/plan')])
  const ours = parse((await ws.tf('show', '-json', 'equivalence_test_plan')).stdout)
  sameKeys(t, ours, update, 'null update')
  t.same([ours.applyable, ours.planned_values, ours.resource_changes], [false, update.planned_values, update.resource_changes])

  const del = eq('null_provider_delete')
  const ws2 = workspace(t, { 'main.tf': NULL_REQ, 'terraform.tfstate': stateFrom(del.prior_state as Json) })
  await ws2.tf('init')
  const r2 = await ws2.tf('plan', '-out=equivalence_test_plan', '-detailed-exitcode')
  t.same([r2.code, r2.stdout], [2, fixture('terraform/equivalence/null_provider_delete/plan')])
  const ours2 = parse((await ws2.tf('show', '-json', 'equivalence_test_plan')).stdout)
  sameKeys(t, ours2, del, 'null delete')
  t.same(ours2.resource_changes, del.resource_changes)
})

const OBJ = 'object({\n    required_attribute              = string\n    optional_attribute              = optional(string)\n    optional_attribute_with_default = optional(string, "Hello, world!")\n  })'
const NESTED = (dflt: string): string => `object({\n    nested_object = optional(object({\n      flag = optional(bool, false)\n    })${dflt})\n  })`
const VARIABLES_AND_OUTPUTS = `variable "list_empty_default" {
  type    = list(${OBJ})
  default = []
}

variable "list_no_default" {
  type = list(${OBJ})
}

variable "nested_optional_object" {
  type    = ${NESTED('')}
  default = {}
}

variable "nested_optional_object_with_default" {
  type    = ${NESTED(', {}')}
  default = {}
}

variable "nested_optional_object_with_embedded_default" {
  type = ${NESTED('')}
  default = {
    nested_object = {}
  }
}
${['list_empty_default', 'list_no_default', 'nested_optional_object', 'nested_optional_object_with_default', 'nested_optional_object_with_embedded_default'].map((n) => `\noutput "${n}" {\n  value = var.${n}\n}\n`).join('')}`

t.test('variables_and_outputs: an outputs-only plan, typed variables, exit code 2', { skip: needsShared }, async (t) => {
  const fx = eq('variables_and_outputs')
  const list = ((fx.output_changes as Json).list_no_default as Json).after as Array<Json>
  const tfvars = `list_no_default = ${JSON.stringify(list.map((o) => Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== null && k !== (o.optional_attribute_with_default === 'Hello, world!' ? 'optional_attribute_with_default' : '')))))}\n`
  const ws = workspace(t, { 'main.tf': VARIABLES_AND_OUTPUTS, 'terraform.tfvars': tfvars })
  await ws.tf('init')
  const r = await ws.tf('plan', '-input=false', '-detailed-exitcode', '-out=equivalence_test_plan')
  t.same([r.code, r.stderr], [2, ''])
  t.equal(r.stdout, fixture('terraform/equivalence/variables_and_outputs/plan'))
  const ours = parse((await ws.tf('show', '-json', 'equivalence_test_plan')).stdout)
  t.same(ours.output_changes, fx.output_changes)
  t.same(ours.planned_values, fx.planned_values)
  t.same([ours.applyable, ours.complete, ours.errored], [true, true, false])
})

const TEST_PROVIDER = 'provider "test" {\n  region = "somewhere"\n}\n'
const strip = (j: Json): Json => Object.fromEntries(Object.entries(j).filter(([k]) => !['format_version', 'terraform_version', 'timestamp'].includes(k)))

t.test('show-json basic-update: the whole plan JSON (but versions, timestamp and the configuration the simulator leaves out) equals the fixture', { skip: needsShared }, async (t) => {
  const ws = workspace(t, { 'main.tf': fixture('terraform/show-json/basic-update/main.tf'), 'terraform.tfstate': fixture('terraform/show-json/basic-update/terraform.tfstate') })
  await ws.tf('init')
  await ws.tf('plan', '-out=plan.tfplan')
  const out = (await ws.tf('show', '-json', 'plan.tfplan')).stdout
  t.match(out, /^\{"format_version":"1\.2","terraform_version":"1\.9\.8",[^\n]*\}\n$/, 'one compact line')
  const ours = parse(out)
  const theirs = parse(fixture('terraform/show-json/basic-update/output.json'))
  // The fixture predates `errored` and has no terraform_version in prior_state (the test harness drops it).
  const { errored, ...rest } = strip(ours)
  const { terraform_version: _v, ...prior } = ours.prior_state as Json
  const { configuration: _c, ...wanted } = strip(theirs)
  t.same({ ...rest, prior_state: prior }, wanted)
  t.equal(errored, false)
  t.equal(ours.timestamp, '2024-05-01T10:11:12Z')
})

t.test('show-json basic-create: counted resources, provider expressions', { skip: needsShared }, async (t) => {
  const main = `${TEST_PROVIDER}\nvariable "test_var" {\n  default = "bar"\n}\n\nresource "test_instance" "test" {\n  ami   = var.test_var\n  count = 3\n}\n\noutput "test" {\n  value = var.test_var\n}\n`
  const ws = workspace(t, { 'main.tf': main })
  await ws.tf('init')
  await ws.tf('plan', '-out=plan.tfplan')
  const ours = parse((await ws.tf('show', '-json', 'plan.tfplan')).stdout)
  const theirs = parse(fixture('terraform/show-json/basic-create/output.json'))
  for (const key of ['variables', 'planned_values', 'resource_changes', 'output_changes']) t.same(ours[key], theirs[key], key)
})

t.test('every show-json fixture uses only change keys the simulator writes', { skip: needsShared }, async (t) => {
  const known = ['actions', 'before', 'after', 'after_unknown', 'before_sensitive', 'after_sensitive', 'replace_paths']
  for (const name of ['basic-create', 'basic-delete', 'basic-update', 'multi-resource-update', 'plan-error', 'requires-replace']) {
    const j = parse(fixture(`terraform/show-json/${name}/output.json`))
    for (const rc of (j.resource_changes ?? []) as Json[]) t.same(Object.keys(rc.change as Json).filter((k) => !known.includes(k)), [], name)
    t.ok(['applyable', 'complete'].every((k) => k in j), `${name}: the always-present bools`)
  }
})

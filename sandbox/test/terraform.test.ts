// The terraform simulator, in-process: the full cycle the runner drives (init → plan -out →
// show -json → apply → plan → change → plan → destroy), and the contract's exact texts and exit
// codes for output, init/backend, variables, saved plans, -chdir, TF_DATA_DIR, flags and version.
import t from 'tap'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTerraform } from '../terraform/cmd/main.ts'

interface Ws {
  dir: string
  sandbox: string
  write: (files: Record<string, string>) => void
  tf: (...argv: string[]) => ReturnType<typeof runTerraform>
  tfEnv: (env: Record<string, string>, ...argv: string[]) => ReturnType<typeof runTerraform>
}

function workspace(t: { teardown: (fn: () => void) => void }, files: Record<string, string>): Ws {
  const root = mkdtempSync(join(tmpdir(), 'tf-sim-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const dir = join(root, 'work')
  mkdirSync(dir)
  const env = { TASKS_SANDBOX_DIR: join(root, 'sandbox'), TASKS_SANDBOX_NOW: '2024-05-01T10:11:12Z', USER: 'tester' }
  const write = (fs: Record<string, string>): void => {
    for (const [name, text] of Object.entries(fs)) writeFileSync(join(dir, name), text)
  }
  write(files)
  return {
    dir, sandbox: env.TASKS_SANDBOX_DIR, write,
    tf: (...argv) => runTerraform(argv, dir, env),
    tfEnv: (extra, ...argv) => runTerraform(argv, dir, { ...env, ...extra }),
  }
}

const BACKEND = 'terraform {\n  backend "s3" {\n    key = "prereq/terraform.tfstate"\n  }\n}\n'
const CONFIG = `${BACKEND}
variable "bucket" {
  type = string
}

variable "region" {
  default = "us-east-1"
}

resource "aws_s3_bucket" "state" {
  bucket = "\${var.bucket}-state"
  tags   = { Name = var.bucket }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

output "bucket_arn" {
  value = aws_s3_bucket.state.arn
}

output "zones" {
  value = ["\${var.region}a", "\${var.region}b"]
}

output "token" {
  value     = "s3cr3t"
  sensitive = true
}
`
const INIT = ['init', '-input=false', '-no-color', '-backend-config=bucket=tfstate', '-backend-config=region=us-east-1']

t.test('full cycle: init, plan -out, show -json, apply, no-change plan, variable change, destroy', async (t) => {
  const ws = workspace(t, { 'main.tf': CONFIG, 'terraform.tfvars': 'bucket = "demo"\n' })
  const init = await ws.tf(...INIT)
  t.same([init.code, init.stderr], [0, ''])
  t.match(init.stdout, /\nTerraform has been successfully initialized!\n/)
  t.ok(existsSync(join(ws.dir, '.terraform', 'terraform.tfstate')), 'backend settings in $TF_DATA_DIR/terraform.tfstate')
  t.same(JSON.parse(readFileSync(join(ws.dir, '.terraform', 'terraform.tfstate'), 'utf8')).backend.config, { bucket: 'tfstate', key: 'prereq/terraform.tfstate', region: 'us-east-1' })

  const plan = await ws.tf('plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.tfplan')
  t.same([plan.code, plan.stderr], [2, ''])
  t.match(plan.stdout, /\n  # aws_s3_bucket\.state will be created\n  \+ resource "aws_s3_bucket" "state" \{\n/)
  t.match(plan.stdout, /\nPlan: 2 to add, 0 to change, 0 to destroy\.\n/)
  t.match(plan.stdout, /\n  \+ token      = \(sensitive value\)\n/)
  t.equal(readFileSync(join(ws.dir, 'plan.tfplan')).subarray(0, 2).toString(), 'PK', 'the plan file is a zip archive')

  const show = await ws.tf('show', '-json', 'plan.tfplan')
  t.equal(show.code, 0)
  t.equal(show.stdout.split('\n').length, 2, 'one line plus newline')
  const json = JSON.parse(show.stdout) as Record<string, unknown>
  t.same(Object.keys(json), ['format_version', 'terraform_version', 'variables', 'planned_values', 'resource_changes', 'output_changes', 'timestamp', 'applyable', 'complete', 'errored'])
  t.same([json.format_version, json.applyable, json.complete, json.errored, json.timestamp], ['1.2', true, true, false, '2024-05-01T10:11:12Z'])

  const apply = await ws.tf('apply', '-input=false', '-no-color', 'plan.tfplan')
  t.same([apply.code, apply.stderr], [0, ''])
  t.match(apply.stdout, /^aws_s3_bucket\.state: Creating\.\.\.\naws_s3_bucket\.state: Creation complete after 0s \[id=demo-state\]\n/)
  t.match(apply.stdout, /\nApply complete! Resources: 2 added, 0 changed, 0 destroyed\.\n\nOutputs:\n\nbucket_arn = "arn:aws:s3:::demo-state"\ntoken = <sensitive>\nzones = \[\n {2}"us-east-1a",\n {2}"us-east-1b",\n\]\n$/)
  const statePath = join(ws.sandbox, 'terraform', 's3', 'tfstate', 'prereq', 'terraform.tfstate')
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>
  t.same(Object.keys(state), ['version', 'terraform_version', 'serial', 'lineage', 'outputs', 'resources', 'check_results'])
  t.same([state.version, state.serial], [4, 1])
  t.match(state.lineage, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)

  const again = await ws.tf('plan', '-input=false', '-no-color', '-detailed-exitcode')
  t.equal(again.code, 0)
  t.match(again.stdout, /^aws_s3_bucket\.state: Refreshing state\.\.\. \[id=demo-state\]\n/)
  t.match(again.stdout, /\nNo changes\. Your infrastructure matches the configuration\.\n/)

  ws.write({ 'main.tf': CONFIG.replace('tags   = { Name = var.bucket }', 'tags   = { Name = "${var.bucket}-v2" }') })
  const changed = await ws.tf('plan', '-input=false', '-no-color', '-detailed-exitcode')
  t.equal(changed.code, 2)
  t.match(changed.stdout, /  ~ resource "aws_s3_bucket" "state" \{\n        id +bucket = "demo-state"|  # aws_s3_bucket\.state will be updated in-place\n/)
  t.match(changed.stdout, /\n          ~ "Name" = "demo" -> "demo-v2"\n/)
  t.match(changed.stdout, /\nPlan: 0 to add, 1 to change, 0 to destroy\.\n/)

  const replaced = await ws.tf('plan', '-input=false', '-no-color', '-var', 'bucket=other')
  t.match(replaced.stdout, /\n-\/\+ resource "aws_s3_bucket" "state" \{\n/)
  t.match(replaced.stdout, /\n      ~ bucket +\= "demo-state" -> "other-state" # forces replacement\n/)
  t.match(replaced.stdout, /\nPlan: 2 to add, 0 to change, 2 to destroy\.\n/)

  const destroy = await ws.tf('destroy', '-auto-approve', '-input=false', '-no-color')
  t.same([destroy.code, destroy.stderr], [0, ''])
  t.match(destroy.stdout, /aws_s3_bucket_versioning\.state: Destroying\.\.\. \[id=demo-state\]\n[^]*aws_s3_bucket\.state: Destroying/)
  t.match(destroy.stdout, /\nDestroy complete! Resources: 2 destroyed\.\n$/)
  const after = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>
  t.same([after.serial, after.lineage, after.resources, after.outputs], [2, state.lineage, [], {}])
  t.same(await ws.tf('show', '-json'), { code: 0, stdout: '{"format_version":"1.0"}\n', stderr: '' }, 'an empty state')
  const nothing = await ws.tf('destroy', '-auto-approve', '-input=false', '-no-color')
  t.equal(nothing.code, 0)
  t.match(nothing.stdout, /No changes\. No objects need to be destroyed\.[^]*\nDestroy complete! Resources: 0 destroyed\.\n$/)
})

t.test('output: -json byte format, single values, -raw, human listing, errors', async (t) => {
  const ws = workspace(t, { 'main.tf': 'output "foo" {\n  value = "bar"\n}\n\noutput "list" {\n  value = tolist(["a", "b"])\n}\n\noutput "obj" {\n  value = { beep = "x", boop = 1 }\n}\n\noutput "pw" {\n  value     = "p&<>"\n  sensitive = true\n}\n' })
  t.same(await ws.tf('output', '-json'), { code: 0, stdout: '{}\n', stderr: '' }, 'no state: {} and no warning')
  const empty = await ws.tf('output')
  t.same([empty.code, empty.stderr], [0, ''])
  t.match(empty.stdout, /^\nWarning: No outputs found\n\nThe state file either has no outputs defined/)
  await ws.tf('init')
  t.equal((await ws.tf('apply', '-auto-approve')).code, 0)
  const all = await ws.tf('output', '-json')
  t.equal(all.stdout, [
    '{', '  "foo": {', '    "sensitive": false,', '    "type": "string",', '    "value": "bar"', '  },',
    '  "list": {', '    "sensitive": false,', '    "type": [', '      "list",', '      "string"', '    ],', '    "value": [', '      "a",', '      "b"', '    ]', '  },',
    '  "obj": {', '    "sensitive": false,', '    "type": [', '      "object",', '      {', '        "beep": "string",', '        "boop": "number"', '      }', '    ],', '    "value": {', '      "beep": "x",', '      "boop": 1', '    }', '  },',
    '  "pw": {', '    "sensitive": true,', '    "type": "string",', '    "value": "p\\u0026\\u003c\\u003e"', '  }', '}', '',
  ].join('\n'))
  t.same(await ws.tf('output', '-json', 'list'), { code: 0, stdout: '["a","b"]\n', stderr: '' })
  t.same(await ws.tf('output', '-raw', 'foo'), { code: 0, stdout: 'bar', stderr: '' }, '-raw: no newline')
  t.same(await ws.tf('output', '-raw', 'pw'), { code: 0, stdout: 'p&<>', stderr: '' }, 'sensitive in clear with -raw')
  const raw = await ws.tf('output', '-raw', 'obj')
  t.same([raw.code, raw.stdout], [1, ''])
  t.match(raw.stderr, /^\nError: Unsupported value for raw output\n\nThe -raw option only supports strings, numbers, and boolean values, but\noutput value "obj" is object\./)
  t.same(await ws.tf('output', '-raw'), { code: 1, stdout: '', stderr: '\nError: Raw output format is only supported for single outputs\n\n' })
  t.same(await ws.tf('output', 'nope'), {
    code: 1, stdout: '',
    stderr: '\nError: Output "nope" not found\n\nThe output variable requested could not be found in the state file. If you\nrecently added this to your configuration, be sure to run `terraform apply`,\nsince the state won\'t be updated with new output variables until that command\nis run.\n',
  })
  t.equal((await ws.tf('output')).stdout, 'foo = "bar"\nlist = tolist([\n  "a",\n  "b",\n])\nobj = {\n  "beep" = "x"\n  "boop" = 1\n}\npw = <sensitive>\n')
  t.equal((await ws.tf('output', 'pw')).stdout, '"p&<>"\n', 'by name: clear text')
})

t.test('init and backend errors: init required, changed configuration, -reconfigure, TF_DATA_DIR', async (t) => {
  const ws = workspace(t, { 'main.tf': `${BACKEND}\nresource "null_resource" "x" {}\n` })
  for (const cmd of [['plan', '-input=false'], ['apply', '-auto-approve'], ['output', '-json']]) {
    const r = await ws.tf(...cmd)
    t.equal(r.code, 1, cmd[0])
    t.match(r.stderr, /^\nError: Backend initialization required, please run "terraform init"\n\nReason: Initial configuration of the requested backend "s3"\n/, cmd[0])
  }
  const missing = await ws.tf('init', '-input=false')
  t.equal(missing.code, 1)
  t.match(missing.stderr, /\nError: Missing Required Value\n\nThe attribute "bucket" is required by the backend\./)
  t.equal((await ws.tf(...INIT)).code, 0)
  const changed = await ws.tf('init', '-input=false', '-backend-config=bucket=other', '-backend-config=region=us-east-1')
  t.equal(changed.code, 1)
  t.equal(changed.stderr, '\nError: Backend configuration changed\n\nA change in the backend configuration has been detected, which may require\nmigrating existing state.\n\nIf you wish to attempt automatic migration of the state, use "terraform init\n-migrate-state".\nIf you wish to store the current configuration with no changes to the state,\nuse "terraform init -reconfigure".\n')
  const again = await ws.tf(...INIT)
  t.equal(again.code, 0, 'the same configuration again is fine')
  t.notMatch(again.stdout, /Successfully configured/)
  const re = await ws.tf('init', '-input=false', '-reconfigure', '-backend-config=bucket=other', '-backend-config=region=us-east-1')
  t.equal(re.code, 0)
  t.match(re.stdout, /\nSuccessfully configured the backend "s3"! Terraform will automatically\nuse this backend unless the backend configuration changes\.\n/)
  const other = await ws.tfEnv({ TF_DATA_DIR: '.other' }, 'plan', '-input=false')
  t.equal(other.code, 1, 'a different TF_DATA_DIR has not been initialized')
  t.match(other.stderr, /Backend initialization required/)
  t.equal((await ws.tfEnv({ TF_DATA_DIR: '.other' }, ...INIT)).code, 0)
  t.equal((await ws.tfEnv({ TF_DATA_DIR: '.other' }, 'plan', '-input=false')).code, 0)
  t.ok(existsSync(join(ws.dir, '.other', 'terraform.tfstate')))
})

t.test('providers must be installed by init in this TF_DATA_DIR (local backend too)', async (t) => {
  const ws = workspace(t, { 'main.tf': 'resource "null_resource" "x" {}\n' })
  const r = await ws.tf('plan', '-input=false')
  t.equal(r.code, 1)
  t.match(r.stderr, /^\nError: Inconsistent dependency lock file\n[^]*  - provider registry\.terraform\.io\/hashicorp\/null: required by this configuration but no version is selected\n/)
  await ws.tf('init')
  t.match(readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8'), /^# This file is maintained automatically by "terraform init"\.\n[^]*provider "registry\.terraform\.io\/hashicorp\/null" \{\n  version     = "3\.2\.2"\n/)
  t.equal((await ws.tf('plan', '-input=false')).code, 0)
  const other = await ws.tfEnv({ TF_DATA_DIR: 'elsewhere' }, 'plan', '-input=false')
  t.equal(other.code, 1)
  t.match(other.stderr, /Error: Required plugins are not installed\n[^]*there is no package for registry\.terraform\.io\/hashicorp\/null 3\.2\.2 cached in elsewhere\/providers/)
})

t.test('variables: precedence, types, missing required variable, undeclared -var', async (t) => {
  const ws = workspace(t, {
    'main.tf': 'variable "a" {}\nvariable "n" {\n  type    = number\n  default = 1\n}\nvariable "l" {\n  type    = list(string)\n  default = []\n}\noutput "a" {\n  value = var.a\n}\noutput "n" {\n  value = var.n + 1\n}\noutput "l" {\n  value = var.l\n}\n',
  })
  await ws.tf('init')
  const missing = await ws.tf('plan', '-input=false', '-no-color')
  t.same([missing.code, missing.stdout], [1, ''])
  t.equal(missing.stderr, '\nError: No value for required variable\n\n  on main.tf line 1:\n   1: variable "a" {}\n\nThe root module input variable "a" is not set, and has no default value. Use\na -var or -var-file command line argument to provide a value for this\nvariable.\n')
  ws.write({ 'terraform.tfvars': 'a = "tfvars"\nn = 5\n', 'x.auto.tfvars': 'a = "auto"\n', 'extra.tfvars.json': '{"a": "file", "l": ["x", "y"]}' })
  await ws.tfEnv({ TF_VAR_a: 'env' }, 'apply', '-auto-approve', '-var-file=extra.tfvars.json', '-var', 'n=41')
  t.same((await ws.tf('output', '-json', 'a')).stdout, '"file"\n', '-var-file beats *.auto.tfvars, terraform.tfvars and TF_VAR_')
  t.same((await ws.tf('output', '-json', 'n')).stdout, '42\n', '-var is a number for type = number')
  t.same(JSON.parse((await ws.tf('output', '-json')).stdout).l.type, ['list', 'string'])
  const undeclared = await ws.tf('plan', '-var', 'zzz=1')
  t.equal(undeclared.code, 1)
  t.match(undeclared.stderr, /^\nError: Value for undeclared variable\n\nA variable named "zzz" was assigned on the command line, but the root module\n/)
  t.match((await ws.tf('plan', '-var', 'novalue')).stderr, /Error: Invalid -var option/)
})

t.test('saved plans: applying twice is stale, another lineage does not match, flags are refused', async (t) => {
  const ws = workspace(t, { 'main.tf': 'resource "null_resource" "x" {}\noutput "o" {\n  value = null_resource.x.id\n}\n' })
  await ws.tf('init')
  await ws.tf('plan', '-out=p1')
  t.equal((await ws.tf('apply', 'p1')).code, 0)
  t.same(await ws.tf('apply', '-no-color', 'p1'), { code: 1, stdout: '', stderr: '\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by\nanother operation after the plan was created.\n' })
  await ws.tf('plan', '-out=p2')
  const statePath = join(ws.dir, 'terraform.tfstate')
  writeFileSync(statePath, readFileSync(statePath, 'utf8').replace(/"lineage": "[^"]+"/, '"lineage": "another-lineage"'))
  const lineage = await ws.tf('apply', 'p2')
  t.equal(lineage.code, 1)
  t.match(lineage.stderr, /^\nError: Saved plan does not match the given state\n/)
  t.match((await ws.tf('apply', '-destroy', 'p2')).stderr, /^\nError: Can't use planning options when applying a saved plan\n/)
  t.match((await ws.tf('apply', 'missing.tfplan')).stderr, /^\nError: Failed to load "missing\.tfplan" as a plan file\n/)
  writeFileSync(join(ws.dir, 'notaplan'), '{"json": true}\n')
  t.match((await ws.tf('apply', 'notaplan')).stderr, /Failed to load "notaplan" as a plan file\n\nError: zip: not a valid zip file\n/)
  t.match((await ws.tf('apply', '.')).stderr, /The specified path is a directory, not a plan file\./)
  writeFileSync(statePath, readFileSync(statePath, 'utf8').replace('"another-lineage"', '"back-again"'))
  t.equal((await ws.tf('plan', '-destroy', '-out=gone.tfplan', '-detailed-exitcode')).code, 2)
  const gone = await ws.tf('apply', 'gone.tfplan')
  t.same([gone.code, gone.stderr], [0, ''])
  t.match(gone.stdout, /^null_resource\.x: Destroying\.\.\. \[id=\d+\]\nnull_resource\.x: Destruction complete after 0s\n\nApply complete! Resources: 0 added, 0 changed, 1 destroyed\.\n$/)
})

t.test('detailed exit codes: 0 no changes, 2 changes (outputs only too), 1 errors, and no -detailed-exitcode means 0', async (t) => {
  const ws = workspace(t, { 'main.tf': 'output "x" {\n  value = "one"\n}\n' })
  await ws.tf('init')
  t.equal((await ws.tf('plan', '-detailed-exitcode')).code, 2, 'an output-only change is a change')
  t.equal((await ws.tf('plan')).code, 0)
  await ws.tf('apply', '-auto-approve')
  t.equal((await ws.tf('plan', '-detailed-exitcode')).code, 0)
  ws.write({ 'main.tf': 'output "x" {\n  value = unknownfn(1)\n}\n' })
  const bad = await ws.tf('plan', '-detailed-exitcode', '-out=bad.tfplan')
  t.equal(bad.code, 1)
  t.equal(bad.stderr, '\nError: Call to unknown function\n\n  on main.tf line 2, in output "x":\n   2:   value = unknownfn(1)\n\nThere is no function named "unknownfn".\n')
  t.ok(existsSync(join(ws.dir, 'bad.tfplan')), 'a partial plan is still written')
  t.match(JSON.parse((await ws.tf('show', '-json', 'bad.tfplan')).stdout), { errored: true, applyable: false, complete: false })
  t.match((await ws.tf('apply', 'bad.tfplan')).stderr, /^\nError: Cannot apply incomplete plan\n/)
})

t.test('global options: -chdir, -version, unknown commands and flags', async (t) => {
  const ws = workspace(t, {})
  mkdirSync(join(ws.dir, 'layer'))
  writeFileSync(join(ws.dir, 'layer', 'main.tf'), 'output "here" {\n  value = path.module\n}\n')
  t.same(await ws.tf('-chdir', 'layer', 'plan'), { code: 1, stdout: '', stderr: 'Invalid -chdir option: must include an equals sign followed by a directory path, like -chdir=example\n' })
  await ws.tf('-chdir=layer', 'init')
  const plan = await ws.tf('-chdir=layer', 'plan', '-out=p.tfplan')
  t.equal(plan.code, 0)
  t.ok(existsSync(join(ws.dir, 'layer', 'p.tfplan')), '-out is relative to the -chdir directory')
  t.ok(existsSync(join(ws.dir, 'layer', '.terraform')), '.terraform is in the -chdir directory')
  t.same(await ws.tf('-version'), { code: 0, stdout: 'Terraform v1.9.8\non linux_amd64\n', stderr: '' })
  t.same(await ws.tf('version', '-json'), { code: 0, stdout: '{\n  "terraform_version": "1.9.8",\n  "platform": "linux_amd64",\n  "provider_selections": {},\n  "terraform_outdated": false\n}\n', stderr: '' })
  t.match((await ws.tfEnv({ TASKS_SANDBOX_TERRAFORM_VERSION: '1.10.0-beta1' }, '--version')).stdout, /^Terraform v1\.10\.0-beta1\n/)
  const flag = await ws.tf('plan', '-nope')
  t.same([flag.code, flag.stdout], [1, ''])
  t.match(flag.stderr, /^\nError: Failed to parse command-line flags\n\nflag provided but not defined: -nope\n/)
  t.match((await ws.tf('-chdir=layer', 'plan', '-input', 'false')).stderr, /Too many command line arguments/, 'bool flags need =')
  t.match((await ws.tf('frobnicate')).stderr, /^Terraform has no command named "frobnicate"\./)
  t.equal((await ws.tf('frobnicate')).code, 1)
  t.match((await ws.tfEnv({ TF_CLI_ARGS_plan: '-bogus' }, '-chdir=layer', 'plan')).stderr, /flag provided but not defined: -bogus/, 'TF_CLI_ARGS_plan is inserted')
})

t.test('TF_IN_AUTOMATION hides next-step hints; -lock=false and -refresh=false are accepted', async (t) => {
  const ws = workspace(t, { 'main.tf': 'resource "null_resource" "x" {}\n' })
  const init = await ws.tfEnv({ TF_IN_AUTOMATION: '1' }, 'init')
  t.notMatch(init.stdout, /You may now begin working/)
  t.match(init.stdout, /Terraform has been successfully initialized!\n$/)
  const plan = await ws.tfEnv({ TF_IN_AUTOMATION: '1' }, 'plan', '-out=p', '-lock=false', '-refresh=false')
  t.match(plan.stdout, /Plan: 1 to add, 0 to change, 0 to destroy\.\n$/)
  const hinted = await ws.tf('plan')
  t.match(hinted.stdout, /\n─{77}\n\nNote: You didn't use the -out option to save this plan, so Terraform can't\nguarantee to take exactly these actions if you run "terraform apply" now\.\n$/)
  const noApprove = await ws.tf('apply', '-input=false')
  t.equal(noApprove.code, 1)
  t.match(noApprove.stdout, /\nDo you want to perform these actions\?\n {2}Terraform will perform the actions described above\.\n[^]*\nApply cancelled\.\n$/)
})

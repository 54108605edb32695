// The simulator's HCL expression subset and configuration semantics: templates, references,
// operators, for expressions and built-in functions on hcl2json's strings; unknown values;
// count / for_each / dynamic blocks / data sources / lifecycle; errors with file context.
import t from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TfError } from '../terraform/render/diag.ts'
import { evaluate, type Scope } from '../terraform/lang/eval.ts'
import { parseTemplateString } from '../terraform/lang/hcl-parse.ts'
import { runTerraform } from '../terraform/cmd/main.ts'
import { UNKNOWN, typeOf, type Value } from '../terraform/lang/values.ts'

const VARS: Record<string, Value> = { region: 'us-east-1', tags: { a: 1, 'b-c': 'x' }, l: ['a', 'b'], cidr: '2600:1f18:ab::/56', n: 3 }
const scope = (dir = '.'): Scope => ({
  baseDir: dir,
  resolve: (root, ops) => {
    const name = ops[0]?.k === 'attr' ? ops[0].name : ''
    if (root === 'var') return { value: VARS[name], used: 1 }
    if (root === 'aws_vpc') return { value: { id: UNKNOWN, cidr_block: '10.0.0.0/16' }, used: 1 }
    throw new TfError([{ severity: 'error', summary: `no ${root}`, detail: '' }])
  },
})
const ev = (s: string, dir?: string): Value => evaluate(parseTemplateString(s), scope(dir))
const evErr = (s: string): string => {
  try {
    ev(s)
    return 'no error'
  } catch (e) {
    return e instanceof TfError ? `${e.diags[0].summary}: ${e.diags[0].detail}` : String(e)
  }
}

t.test('templates, references, operators and for expressions', async (t) => {
  const cases: Array<[string, Value]> = [
    ['plain', 'plain'], ['x-${var.region}', 'x-us-east-1'], ['a$${b}%%{c}', 'a${b}%{c}'], ['${var.l}', ['a', 'b']],
    ['${var.tags["b-c"]}', 'x'], ['${var.l[1]}', 'b'], ['${var.l.0}', 'a'], ['${var.n * 2 + 1}', 7], ['${-var.n}', -3],
    ['${var.region == "us-east-1" ? "yes" : "no"}', 'yes'], ['${!true || var.n >= 3 && var.n != 4}', true],
    ['${[for s in var.l : upper(s)]}', ['A', 'B']], ['${{ for i, s in var.l : s => i if i > 0 }}', { b: 1 }],
    ['${"nested ${var.region} q"}', 'nested us-east-1 q'], ['${var.l[*]}', ['a', 'b']], ['${aws_vpc.main.cidr_block}', '10.0.0.0/16'],
    ['${ {a = 1, "b" = [true, null]} }', { a: 1, b: [true, null] }], ['${ (1 + 2) * 3 }', 9], ['${~ "x" ~}', 'x'], ['a  ${~ "x" ~}  b', 'axb'],
  ]
  for (const [src, want] of cases) t.same(ev(src), want, src)
})

t.test('unknown values propagate', async (t) => {
  t.equal(ev('${aws_vpc.main.id}'), UNKNOWN)
  t.equal(ev('id-${aws_vpc.main.id}'), UNKNOWN)
  t.same(ev('${[aws_vpc.main.id, "x"]}'), [UNKNOWN, 'x'])
  t.equal(ev('${upper(aws_vpc.main.id)}'), UNKNOWN)
  t.equal(ev('${length([aws_vpc.main.id])}'), 1, 'length of a known-length tuple is known')
  t.equal(ev('${aws_vpc.main.id == "" ? 1 : 2}'), UNKNOWN)
})

t.test('built-in functions and the cty types of their results', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-fn-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'data'))
  writeFileSync(join(dir, 'data', 'policy.json'), '{"Version": "2012-10-17"}\n')
  writeFileSync(join(dir, 'data', 'user.tpl'), 'hello ${name}\n')
  const cases: Array<[string, Value, unknown?]> = [
    ['${file("${path}/data/policy.json")}'.replace('${path}', '.'), '{"Version": "2012-10-17"}\n'],
    ['${filebase64("./data/policy.json")}', Buffer.from('{"Version": "2012-10-17"}\n').toString('base64')],
    ['${templatefile("data/user.tpl", { name = "bob" })}', 'hello bob\n'],
    ['${jsonencode({ b = [1, 2], a = "<&>" })}', '{"a":"\\u003c\\u0026\\u003e","b":[1,2]}'],
    ['${jsondecode("{\\"a\\": [1]}")}', { a: [1] }],
    ['${lookup(var.tags, "a", 0)}', 1], ['${lookup(var.tags, "zz", "d")}', 'd'],
    ['${merge(var.tags, { z = 2 })}', { a: 1, 'b-c': 'x', z: 2 }, ['object', { a: 'number', 'b-c': 'string', z: 'number' }]],
    ['${merge(tomap({ a = "1" }), tomap({ b = "2" }))}', { a: '1', b: '2' }, ['map', 'string']],
    ['${concat(var.l, ["c"])}', ['a', 'b', 'c']], ['${concat(tolist(["a"]), tolist(["b"]))}', ['a', 'b'], ['list', 'string']],
    ['${length("héllo")}', 5], ['${keys(var.tags)}', ['a', 'b-c']], ['${values({ b = 2, a = 1 })}', [1, 2]],
    ['${tolist(["a"])}', ['a'], ['list', 'string']], ['${toset(["b", "a", "b"])}', ['a', 'b'], ['set', 'string']],
    ['${tomap({ a = 1, b = "x" })}', { a: '1', b: 'x' }, ['map', 'string']],
    ['${format("%s-%03d-%v", "a", 7, true)}', 'a-007-true'], ['${join(",", ["a", "b"])}', 'a,b'],
    ['${split(",", "a,b")}', ['a', 'b'], ['list', 'string']], ['${lower("AbC")}${upper("x")}', 'abcX'],
    ['${replace("a.b.c", ".", "-")}', 'a-b-c'], ['${replace("a1b22", "/[0-9]+/", "#")}', 'a#b#'],
    ['${element(var.l, 3)}', 'b'], ['${coalesce("", null, "x")}', 'x'],
    ['${tonumber(regex(".*/(\\\\d+)", var.cidr)[0])}', 56], ['${cidrsubnet("10.0.0.0/16", 8, 3)}', '10.0.3.0/24'],
    ['${try(var.tags.zz, "fallback")}', 'fallback'], ['${can(var.tags.zz)}', false], ['${flatten([["a"], ["b", ["c"]]])}', ['a', 'b', 'c']],
  ]
  for (const [src, want, type] of cases) {
    const got = ev(src, dir)
    t.same(got, want, src)
    if (type) t.same(typeOf(got), type, `${src}: type`)
  }
})

t.test('function errors are Terraform diagnostics', async (t) => {
  t.match(evErr('${timestamp()}'), /^Unsupported function: The terraform simulator does not implement the function "timestamp"\./)
  t.equal(evErr('${frob(1)}'), 'Call to unknown function: There is no function named "frob".')
  t.match(evErr('${file("nope.txt")}'), /^Error in function call: Call to function "file" failed: no file exists at "nope\.txt"/)
  t.equal(evErr('${lookup(var.tags, "zz")}'), 'Error in function call: Call to function "lookup" failed: lookup failed to find key "zz".')
  t.equal(evErr('${upper()}'), 'Not enough function arguments: Function "upper" expects 1 argument(s). Missing value for argument 1.')
  t.match(evErr('${var.l[5]}'), /^Invalid index: /)
  t.match(evErr('%{ if true }x%{ endif }'), /^Unsupported template directive/)
  t.match(evErr('${var.l +}'), /^Invalid expression: /)
})

function workspace(t: { teardown: (fn: () => void) => void }, files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'tf-cfg-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  const env = { TASKS_SANDBOX_DIR: join(root, '.sandbox'), TF_IN_AUTOMATION: '1' }
  return { root, tf: (...argv: string[]): ReturnType<typeof runTerraform> => runTerraform(argv, root, env) }
}

t.test('count, for_each, dynamic blocks and data sources', async (t) => {
  const ws = workspace(t, {
    'main.tf': `variable "zones" {\n  default = ["a", "b"]\n}\n\ndata "aws_availability_zones" "all" {}\n\nresource "aws_subnet" "s" {\n  count             = length(var.zones)\n  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)\n  availability_zone = data.aws_availability_zones.all.names[count.index]\n}\n\nresource "aws_iam_role" "r" {\n  for_each = toset(["x", "y"])\n  name     = "role-\${each.key}"\n}\n\nresource "aws_security_group" "g" {\n  name = "g"\n  dynamic "ingress" {\n    for_each = [80, 443]\n    content {\n      from_port = ingress.value\n    }\n  }\n}\n\noutput "subnets" {\n  value = aws_subnet.s[*].cidr_block\n}\n\noutput "roles" {\n  value = { for k, r in aws_iam_role.r : k => r.arn }\n}\n`,
  })
  await ws.tf('init')
  const plan = await ws.tf('plan', '-out=p')
  t.equal(plan.code, 0, plan.stderr)
  for (const addr of ['aws_subnet.s[0]', 'aws_subnet.s[1]', 'aws_iam_role.r["x"]', 'aws_iam_role.r["y"]']) t.match(plan.stdout, `  # ${addr} will be created\n`)
  t.match(plan.stdout, /^data\.aws_availability_zones\.all: Reading\.\.\.\ndata\.aws_availability_zones\.all: Read complete after 0s \[id=us-east-1\]\n/)
  t.match(plan.stdout, /\n      \+ ingress \{\n          \+ from_port = 80\n        \}\n\n      \+ ingress \{\n          \+ from_port = 443\n/)
  t.match(plan.stdout, /\n      \+ availability_zone = "us-east-1b"\n/)
  t.equal((await ws.tf('apply', 'p')).code, 0)
  t.same(JSON.parse((await ws.tf('output', '-json', 'subnets')).stdout), ['10.0.0.0/24', '10.0.1.0/24'])
  t.same(JSON.parse((await ws.tf('output', '-json', 'roles')).stdout), { x: 'arn:aws:iam::123456789012:role/role-x', y: 'arn:aws:iam::123456789012:role/role-y' })
  const state = JSON.parse((await ws.tf('show', '-json')).stdout) as { values: { root_module: { resources: Array<{ address: string; index?: unknown }> } } }
  t.same(state.values.root_module.resources.map((r) => r.address), ['aws_iam_role.r["x"]', 'aws_iam_role.r["y"]', 'aws_security_group.g', 'aws_subnet.s[0]', 'aws_subnet.s[1]', 'data.aws_availability_zones.all'])
  t.equal((await ws.tf('plan', '-detailed-exitcode')).code, 0, 'applied values are stable')
})

t.test('unknown values at plan time, resolved at apply; lifecycle rules', async (t) => {
  const ws = workspace(t, {
    'main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  assign_generated_ipv6_cidr_block = true\n}\n\nresource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n  lifecycle {\n    create_before_destroy = true\n    ignore_changes        = [tags]\n  }\n}\n\nresource "aws_s3_bucket" "keep" {\n  bucket = "keep-me"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n\noutput "ipv6_length" {\n  value = tonumber(regex(".*/(\\\\d+)", aws_vpc.v.ipv6_cidr_block)[0])\n}\n',
  })
  await ws.tf('init')
  const plan = await ws.tf('plan')
  t.match(plan.stdout, /\n      \+ vpc_id +\= \(known after apply\)\n/)
  t.match(plan.stdout, /\n  \+ ipv6_length = \(known after apply\)\n/)
  await ws.tf('apply', '-auto-approve')
  t.equal((await ws.tf('output', '-raw', 'ipv6_length')).stdout, '56')
  writeFileSync(join(ws.root, 'main.tf'), readFileSync(join(ws.root, 'main.tf'), 'utf8').replace('"10.0.0.0/16"', '"10.1.0.0/16"').replace('cidr_block = "10.0.1.0/24"', 'cidr_block = "10.1.1.0/24"\n  tags = { a = "b" }'))
  const replace = await ws.tf('plan', '-no-color')
  t.match(replace.stdout, /\n  # aws_subnet\.s must be replaced\n\+\/- resource "aws_subnet" "s" \{\n/)
  t.match(replace.stdout, /\n-\/\+ resource "aws_vpc" "v" \{\n/)
  writeFileSync(join(ws.root, 'main.tf'), 'resource "aws_s3_bucket" "keep" {\n  bucket = "keep-renamed"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n')
  const refused = await ws.tf('plan', '-no-color')
  t.equal(refused.code, 1)
  t.match(refused.stderr, /^\nError: Instance cannot be destroyed\n\n {2}on main\.tf line 1:\n {3}1: resource "aws_s3_bucket" "keep" \{\n\nResource aws_s3_bucket\.keep has lifecycle\.prevent_destroy set/)
})

t.test('configuration errors point at file and line', async (t) => {
  const ws = workspace(t, { 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\n\nresource "null_resource" "x" {\n  triggers = {\n    v = var.missing\n  }\n}\n\noutput "o" {\n  value = local.a\n}\n' })
  await ws.tf('init')
  const r = await ws.tf('plan')
  t.equal(r.code, 1)
  t.equal(r.stderr, '\nError: Reference to undeclared input variable\n\n  on main.tf line 7, in resource "null_resource" "x":\n   7:   triggers = {\n\nAn input variable with the name "missing" has not been declared. This\nvariable can be declared with a variable "missing" {} block.\n')
  writeFileSync(join(ws.root, 'main.tf'), 'locals {\n  a = local.b\n  b = local.a\n}\n\noutput "o" {\n  value = local.a\n}\n')
  t.match((await ws.tf('plan')).stderr, /\nError: Cycle in local values\n\n {2}on main\.tf line 3:\n[^]*Cycle: local\.a, local\.b, local\.a\n/)
  writeFileSync(join(ws.root, 'main.tf'), 'resource "x" {\n')
  const syntax = await ws.tf('plan')
  t.equal(syntax.code, 1)
  t.match(syntax.stderr, /^\nError: Unclosed configuration block\n\n {2}on main\.tf line 1:\n {3}1: resource "x" \{\n\nThere is no closing brace for this block/)
  writeFileSync(join(ws.root, 'main.tf'), 'module "m" {\n  source = "./m"\n}\n')
  t.match((await ws.tf('plan')).stderr, /^\nError: Unsupported block type\n\nmain\.tf: the terraform simulator does not support "module" blocks/)
  writeFileSync(join(ws.root, 'main.tf'), 'terraform {\n  required_version = ">= 9.0"\n}\n')
  t.match((await ws.tf('plan')).stderr, /^\nError: Unsupported Terraform Core version\n\n {2}on main\.tf line 2:\n {3}2: {3}required_version = ">= 9\.0"\n\nThis configuration does not support Terraform version 1\.9\.8\./)
})

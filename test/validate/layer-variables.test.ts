// The 1-prerequisites contract: `variable` blocks read with the HCL tokenizer (types, defaults,
// nested blocks and braces in strings), which layers exist, and a file that cannot be read.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { declaredVariables, readLayerContract } from '../../modules/validate/layer-variables.ts'
import { kopsStateBucket } from '../../modules/validate/fleet.ts'
import { REPO } from '../helpers/repo-copy.ts'

t.test('variables: type shape, required without a default, the default as written', async (t) => {
  const tf = [
    'variable "name" {',
    '  description = "a { brace } in a string, and type = map(string)"',
    '  type        = string',
    '}',
    'variable "zones" { type = list(string) }',
    '# variable "commented" { type = number }',
    'variable "labels" {',
    '  type = map(string)',
    '  default = {}',
    '  validation {',
    '    condition     = length(var.labels) < 10',
    '    error_message = "too many"',
    '  }',
    '}',
    'variable "size" {',
    '  type    = number',
    '  default = 3',
    '}',
    'variable "anything" {}',
    'locals { type = "not a variable" }',
  ].join('\n')
  t.same(declaredVariables('v.tf', tf), { ok: true, variables: [
    { name: 'name', type: 'string', shape: 'string', required: true },
    { name: 'zones', type: 'list(string)', shape: 'list', required: true },
    { name: 'labels', type: 'map(string)', shape: 'map', required: false, default: '{}' },
    { name: 'size', type: 'number', shape: 'number', required: false, default: '3' },
    { name: 'anything', type: 'any', shape: 'any', required: true },
  ] })
  t.same(declaredVariables('v.tf', 'variable "x" {\n  type = string\n'), { ok: false, error: 'v.tf:1:14: "{" is never closed' })
})

t.test("this repository's layers: both backends, 32 variables, 17 of them required", async (t) => {
  const contract = await readLayerContract(
    async (dir) => readdirSync(join(REPO, dir)),
    async (path) => readFileSync(join(REPO, path), 'utf8'),
  )
  t.same(contract?.backends, ['prerequisites', 'kops'])
  t.equal(contract?.variables.length, 32)
  t.equal(contract?.variables.filter((v) => v.required).length, 17, 'with profile and region, which cluster.yaml gives at its top')
  t.equal(contract?.broken, undefined)
})

t.test('no layers: no contract; a broken variables file is named, at its line', async (t) => {
  t.equal(await readLayerContract(async () => [], async () => undefined), undefined)
  const files: Record<string, string> = { '1-prerequisites/variables.tf': 'variable "a" {\n  type = string\n', '1-prerequisites/main.tf': 'variable "b" { type = bool }\n' }
  const contract = await readLayerContract(async (dir) => Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1)), async (p) => files[p])
  t.same(contract?.backends, ['prerequisites'])
  t.same(contract?.variables.map((v) => v.name), ['b'])
  t.equal(contract?.broken, '1-prerequisites/variables.tf:1:14: "{" is never closed')
})

t.test('the kOps state bucket is named as 1-prerequisites/locals.tf names it', async (t) => {
  // kopsStateBucket mirrors these lines: when they change, it must change with them.
  const locals = readFileSync(join(REPO, '1-prerequisites/locals.tf'), 'utf8')
  t.match(locals, 'cluster_slug     = replace(var.cluster_name, ".", "-")')
  t.match(locals, 'kops_s3_bucket   = "${var.project_short}-${var.environment}-kops-state-${local.cluster_slug}"')
  t.equal(kopsStateBucket('acme', 'prod', 'prod.k8s.acme.io'), 'acme-prod-kops-state-prod-k8s-acme-io')
})

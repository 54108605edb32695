// summarizePlan's details (action_reason, replace_paths) and the protected-resource guard read from
// real `terraform show -json` output: the shared fixture, and a plan made by the real terraform.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { allowReplaceHint, blocked, DEFAULT_PROTECTED, destructive, refusalText } from '../../modules/guard/mod.ts'
import { summarizePlan } from '../../modules/tools/parse-terraform.ts'
import { fixture, fixtureDir, needsShared } from '../helpers/shared.ts'

const REQUIRES_REPLACE = 'terraform/show-json/requires-replace/output.json'

t.test('requires-replace fixture: details add reason and replacePaths, nothing else changes', { skip: needsShared }, async (t) => {
  const text = fixture(REQUIRES_REPLACE)
  const plain = summarizePlan(text)
  const detailed = summarizePlan(text, { details: true })
  if (!plain.ok || !detailed.ok) return t.fail('the fixture is a plan')
  t.same(plain.value.resourceChanges, [{ address: 'test_instance.test', type: 'test_instance', actions: ['delete', 'create'] }], 'without details, as before')
  t.same(detailed.value.resourceChanges, [
    { address: 'test_instance.test', type: 'test_instance', actions: ['delete', 'create'], reason: 'replace_because_cannot_update', replacePaths: [['ami']] },
  ])
  t.same({ ...detailed.value, resourceChanges: [] }, { ...plain.value, resourceChanges: [] }, 'the same counts and lists')
})

t.test('every show-json fixture counts the same with details', { skip: needsShared }, async (t) => {
  for (const dir of fixtureDir('terraform/show-json')) {
    const text = fixture(`terraform/show-json/${dir}/output.json`)
    const strip = (r: ReturnType<typeof summarizePlan>) => (r.ok ? { ...r.value, resourceChanges: r.value.resourceChanges.map((c) => c.address) } : r)
    t.same(strip(summarizePlan(text, { details: true })), strip(summarizePlan(text)), dir)
  }
})

t.test('requires-replace fixture through the guard', { skip: needsShared }, async (t) => {
  const plan = summarizePlan(fixture(REQUIRES_REPLACE), { details: true })
  if (!plan.ok) return t.fail(plan.error)
  const found = destructive(plan.value, ['test_instance.*'])
  t.same(found, [
    { address: 'test_instance.test', type: 'test_instance', action: 'replace', actions: ['delete', 'create'], reason: 'replace_because_cannot_update', replacePaths: [['ami']], protected: true, protectedBy: 'test_instance.*' },
  ])
  t.same(refusalText(blocked(found, [])), ['test_instance.test: replace (replace_because_cannot_update: ami)'])
  t.same(blocked(found, ['test_instance.test']), [])
  t.same(destructive(plan.value, DEFAULT_PROTECTED).map((d) => d.protected), [false], 'not a protected type by default')
})

const showJson = (changes: unknown[]): string => JSON.stringify({ format_version: '1.2', resource_changes: changes, applyable: true, complete: true, errored: false })

t.test('replace_paths steps become strings; what is not a path or a step is left out', async (t) => {
  const text = showJson([
    { address: 'aws_ebs_volume.v', mode: 'managed', type: 'aws_ebs_volume', change: { actions: ['create', 'delete'], replace_paths: [['availability_zone'], ['ebs_block_device', 0, 'size'], 'x', [true, 'tags']] }, action_reason: 'replace_because_cannot_update' },
    { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', change: { actions: ['delete'], replace_paths: [] }, action_reason: '' },
    { address: 'aws_kms_key.k', mode: 'managed', type: 'aws_kms_key', change: { actions: ['delete', 'create'] }, action_reason: 'replace_because_tainted' },
    { address: 'data.aws_s3_bucket.d', mode: 'data', type: 'aws_s3_bucket', change: { actions: ['delete'] }, action_reason: 'delete_because_no_resource_config' },
  ])
  const plan = summarizePlan(text, { details: true })
  if (!plan.ok) return t.fail(plan.error)
  t.same(plan.value.resourceChanges, [
    { address: 'aws_ebs_volume.v', type: 'aws_ebs_volume', actions: ['create', 'delete'], reason: 'replace_because_cannot_update', replacePaths: [['availability_zone'], ['ebs_block_device', '0', 'size'], ['tags']] },
    { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', actions: ['delete'] },
    { address: 'aws_kms_key.k', type: 'aws_kms_key', actions: ['delete', 'create'], reason: 'replace_because_tainted' },
  ])
  t.same([plan.value.add, plan.value.change, plan.value.destroy], [2, 0, 3])
  t.same(refusalText(blocked(destructive(plan.value, DEFAULT_PROTECTED), [])), [
    'aws_ebs_volume.v: replace (replace_because_cannot_update: availability_zone, ebs_block_device.0.size, tags)',
    'aws_kms_key.k: replace (replace_because_tainted)',
    'aws_s3_bucket.b: delete',
  ])
})

const TERRAFORM = '/usr/local/bin/terraform'
const NO_TERRAFORM = existsSync(TERRAFORM) ? false : `skipped: ${TERRAFORM} is absent (this test plans with the real terraform)`

// A root with a stateful-looking instance in a module (replaced when `az` changes) and a counted
// one (deleted when `keep` is false); terraform_data only, so no provider and no network.
const ROOT_TF = `variable "az" { type = string }
variable "keep" { type = bool }
module "kops" {
  source = "./kops"
  az     = var.az
}
resource "terraform_data" "gone" {
  count = var.keep ? 1 : 0
  input = "x"
}
`
const KOPS_TF = `variable "az" { type = string }
resource "terraform_data" "a-etcd-main-example-com" {
  triggers_replace = var.az
  input            = "etcd"
}
`

t.test('real terraform: a plan replacing a module instance and deleting a counted one', { skip: NO_TERRAFORM, timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-guard-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'kops'))
  writeFileSync(join(dir, 'main.tf'), ROOT_TF)
  writeFileSync(join(dir, 'kops', 'main.tf'), KOPS_TF)
  writeFileSync(join(dir, 'terraformrc'), '')
  const env = { PATH: process.env.PATH ?? '', HOME: dir, TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }
  const tf = (...args: string[]): string => execFileSync(TERRAFORM, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  tf('init', '-input=false', '-no-color')
  tf('apply', '-auto-approve', '-input=false', '-no-color', '-var', 'az=a', '-var', 'keep=true')
  tf('plan', '-input=false', '-no-color', '-out=p.tfplan', '-var', 'az=b', '-var', 'keep=false')
  const plan = summarizePlan(tf('show', '-json', 'p.tfplan'), { details: true })
  if (!plan.ok) return t.fail(plan.error)
  const found = destructive(plan.value, ['terraform_data.a-etcd-*'])
  t.same(found, [
    {
      address: 'module.kops.terraform_data.a-etcd-main-example-com',
      type: 'terraform_data',
      action: 'replace',
      actions: ['delete', 'create'],
      reason: 'replace_because_cannot_update',
      replacePaths: [['triggers_replace']],
      protected: true,
      protectedBy: 'terraform_data.a-etcd-*',
    },
    { address: 'terraform_data.gone[0]', type: 'terraform_data', action: 'delete', actions: ['delete'], reason: 'delete_because_count_index', protected: false },
  ])
  const refused = blocked(found, [])
  t.same(refusalText(refused), ['module.kops.terraform_data.a-etcd-main-example-com: replace (replace_because_cannot_update: triggers_replace)'])
  t.equal(allowReplaceHint(refused), "run again with --allow-replace 'module.kops.terraform_data.a-etcd-main-example-com' to let it through (repeatable; globs match addresses)")
  t.same(blocked(found, ['terraform_data.a-etcd-main-*']), [], 'allowed by a glob without the module step')
})

// The simulator against the real terraform binary, where one is installed: the same configuration
// (built-in terraform_data only, so no provider download) through init, plan, apply, a stale apply,
// output and show, compared byte for byte where Terraform's output is deterministic.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SIM = fileURLToPath(new URL('../bin/terraform', import.meta.url))
const REAL = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'terraform')).find((p) => spawnSync(p, ['version'], { encoding: 'utf8' }).status === 0 && !p.includes('sandbox/bin'))

const CONFIG = `variable "region" {
  type    = string
  default = "us-east-1"
}

variable "secret" {
  type      = string
  default   = "s3cr3t"
  sensitive = true
}

resource "terraform_data" "bucket" {
  input = "state-\${var.region}"
}

output "region" {
  value = var.region
}

output "zones" {
  value = ["\${var.region}a", "\${var.region}b"]
}

output "token" {
  value     = var.secret
  sensitive = true
}

output "bucket" {
  value = terraform_data.bucket.output
}
`

interface Run { code: number | null; stdout: string; stderr: string }

function session(bin: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-vs-'))
  writeFileSync(join(dir, 'main.tf'), CONFIG)
  const env = { PATH: process.env.PATH, HOME: dir, TF_IN_AUTOMATION: '1', TASKS_SANDBOX_DIR: join(dir, '.sandbox') }
  return (...args: string[]): Run => {
    const r = spawnSync(bin, args, { cwd: dir, env, encoding: 'utf8' })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
}

/** Resource ids are random UUIDs in both. */
const ids = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')

t.test('simulator and real terraform agree', { skip: REAL ? false : 'skipped: no real terraform on PATH to compare with' }, async (t) => {
  const sim = session(SIM)
  const real = session(REAL!)
  for (const [name, args] of [
    ['init', ['init', '-input=false', '-no-color']],
  ] as const) t.equal(sim(...args).code, real(...args).code, name)
  const plan = ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=p.tfplan']
  const simPlan = sim(...plan)
  const realPlan = real(...plan)
  t.same([simPlan.code, simPlan.stdout], [realPlan.code, realPlan.stdout], 'plan: exit 2 and the same text')
  const simShow = JSON.parse(sim('show', '-json', 'p.tfplan').stdout)
  const realShow = JSON.parse(real('show', '-json', 'p.tfplan').stdout)
  // Known gaps, documented in sandbox/README.md: no prior_state/relevant_attributes/provider_config
  // detail, and no provider schema (terraform_data's unset triggers_replace is absent, not null).
  t.same(Object.keys(simShow).filter((k) => !(k in realShow)), [], 'show -json: no key the real one lacks')
  const changes = (show: { resource_changes: { address: string; type: string; change: { actions: string[]; after: Record<string, unknown> } }[] }) =>
    show.resource_changes.map((c) => ({ address: c.address, type: c.type, actions: c.change.actions, input: c.change.after.input }))
  t.same(changes(simShow), changes(realShow), 'show -json: the same resource changes')
  t.same(simShow.output_changes, realShow.output_changes, 'show -json: the same output changes')
  t.same(simShow.planned_values.outputs, realShow.planned_values.outputs, 'show -json: the same planned outputs')
  const apply = ['apply', '-input=false', '-no-color', 'p.tfplan']
  const simApply = sim(...apply)
  const realApply = real(...apply)
  t.same([simApply.code, ids(simApply.stdout)], [realApply.code, ids(realApply.stdout)], 'apply: the same text')
  const simStale = sim(...apply)
  const realStale = real(...apply)
  t.same([simStale.code, simStale.stderr], [realStale.code, realStale.stderr], 'applying twice: the same stale-plan error')
  t.equal(sim('output', '-json').stdout, real('output', '-json').stdout, 'output -json: byte for byte, sensitive values included')
  t.equal(sim('output', '-json', 'zones').stdout, real('output', '-json', 'zones').stdout, 'one output')
  const again = ['plan', '-input=false', '-no-color', '-detailed-exitcode']
  const simAgain = sim(...again)
  const realAgain = real(...again)
  t.same([simAgain.code, ids(simAgain.stdout)], [realAgain.code, ids(realAgain.stdout)], 'no changes: exit 0 and the same text')
})

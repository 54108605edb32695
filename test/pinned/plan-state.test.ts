import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { planState, readZipEntry, stateOf } from '../../modules/pinned/mod.ts'
import { emptyState } from '../../sandbox/terraform/state/state.ts'
import { writeZip } from '../../sandbox/terraform/state/zip.ts'

const TERRAFORM = '/usr/local/bin/terraform'
const NO_TERRAFORM = `skipped: no real terraform at ${TERRAFORM} (these tests read plan files it writes)`

/**
 * Offline and quiet: no version check against checkpoint-api.hashicorp.com, no "run terraform
 * apply" advice, and an empty CLI configuration instead of a missing ~/.terraformrc (a warning).
 */
const TF_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null', TF_INPUT: '0' }
const terraform = (dir: string, ...args: string[]): string => execFileSync(TERRAFORM, [...args, '-no-color'], { cwd: dir, env: TF_ENV, encoding: 'utf8' })
const layer = (input: string): string => `resource "terraform_data" "a" {\n  input = "${input}"\n}\n`

const zip = (entries: Record<string, string>): Buffer =>
  writeZip(Object.entries(entries).map(([name, data]) => ({ name, data: Buffer.from(data) })), new Date('2026-03-01T10:20:30Z'))

const skip = existsSync(TERRAFORM) ? false : NO_TERRAFORM
t.test('a real terraform plan file: the serial and lineage of the state it was planned against', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-pinned-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'main.tf'), layer('x'))
  terraform(dir, 'init', '-input=false')
  terraform(dir, 'plan', '-out=first', '-input=false')
  t.same(planState(readFileSync(join(dir, 'first'))), { ok: true, value: undefined }, 'a first plan has no state (terraform stores serial 0, lineage "")')

  terraform(dir, 'apply', '-auto-approve', '-input=false')
  writeFileSync(join(dir, 'main.tf'), layer('y'))
  terraform(dir, 'plan', '-out=p', '-input=false')
  const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as { serial: number; lineage: string }
  const bytes = readFileSync(join(dir, 'p'))
  t.same(planState(bytes), { ok: true, value: { serial: state.serial, lineage: state.lineage } })
  t.equal(state.serial, 1, 'one apply so far')
  t.match(state.lineage, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  const plan = readZipEntry(bytes, 'tfconfig/m-/main.tf')
  t.equal(plan.ok && Buffer.from(plan.value).toString(), layer('y'), 'a deflated configuration member reads back exactly')
})

t.test("the sandbox's plan files: its stored zip, and its empty state for a first plan", async (t) => {
  const body = '{"format":"tasks-sandbox-terraform-plan"}\n'
  t.same(planState(zip({ tfplan: body, tfstate: '{\n  "version": 4,\n  "serial": 7,\n  "lineage": "5d1c-lineage"\n}\n' })), {
    ok: true,
    value: { serial: 7, lineage: '5d1c-lineage' },
  })
  t.same(planState(zip({ tfplan: body, tfstate: JSON.stringify(emptyState('1.11.4')) })), { ok: true, value: undefined })
})

t.test('no tfstate member means no state; a broken one is a failure', async (t) => {
  t.same(planState(zip({ tfplan: '{}' })), { ok: true, value: undefined })
  t.same(planState(zip({ tfstate: '{"serial": 3, "lin' })), { ok: false, error: 'tfstate entry is not JSON' })
  t.same(planState(zip({ tfstate: '[]' })), { ok: false, error: 'tfstate entry is not a JSON object' })
  t.same(planState(zip({ tfstate: '{"serial": "3", "lineage": "abc"}' })), { ok: false, error: 'tfstate entry has no serial' })
  t.same(planState(zip({ tfstate: '{"serial": 3}' })), { ok: false, error: 'tfstate entry has no lineage' })
  t.same(planState(Buffer.from('not a plan')), { ok: false, error: 'not a zip file' })
  t.same(stateOf('{"serial": 0, "lineage": "abc"}'), { ok: true, value: { serial: 0, lineage: 'abc' } }, 'serial 0 with a lineage is a state')
})

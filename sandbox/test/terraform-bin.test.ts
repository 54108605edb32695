// The simulator as a real executable (sandbox/bin/terraform): exit codes and the
// stdout/stderr split as a runner sees them, a saved plan across processes, and fault injection.
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../bin/terraform', import.meta.url))

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

function terraform(args: string[], cwd: string, env: Record<string, string>): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

function workspace(t: { teardown: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), 'tf-bin-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  writeFileSync(join(root, 'main.tf'), 'terraform {\n  backend "s3" {}\n}\n\nresource "null_resource" "x" {}\n\noutput "id" {\n  value = null_resource.x.id\n}\n')
  const env = { TASKS_SANDBOX_DIR: join(root, 'sandbox'), TF_IN_AUTOMATION: '1', TF_INPUT: '0', TASKS_CLUSTER: 'demo' }
  return { root, run: (args: string[], extra: Record<string, string> = {}) => terraform(args, root, { ...env, ...extra }) }
}

t.test('version -json and the -chdir error through the executable', async (t) => {
  const ws = workspace(t)
  t.same(await ws.run(['version', '-json']), { code: 0, stdout: '{\n  "terraform_version": "1.9.8",\n  "platform": "linux_amd64",\n  "provider_selections": {},\n  "terraform_outdated": false\n}\n', stderr: '' })
  t.same(await ws.run(['-chdir', '.', 'plan']), { code: 1, stdout: '', stderr: 'Invalid -chdir option: must include an equals sign followed by a directory path, like -chdir=example\n' })
})

t.test('init, plan -detailed-exitcode, apply PLANFILE and output across processes', async (t) => {
  const ws = workspace(t)
  const early = await ws.run(['plan', '-no-color'])
  t.same([early.code, early.stdout], [1, ''])
  t.match(early.stderr, /^\nError: Backend initialization required, please run "terraform init"\n/)
  const init = await ws.run(['-chdir=.', 'init', '-input=false', '-no-color', '-backend-config=bucket=b', '-backend-config=key=demo/terraform.tfstate', '-backend-config=region=us-east-1'])
  t.same([init.code, init.stderr], [0, ''])
  const plan = await ws.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=demo.tfplan'])
  t.same([plan.code, plan.stderr], [2, ''])
  t.match(plan.stdout, /Plan: 1 to add, 0 to change, 0 to destroy\.\n\nChanges to Outputs:\n {2}\+ id = \(known after apply\)\n$/)
  const show = await ws.run(['show', '-json', '-no-color', 'demo.tfplan'])
  t.equal(show.code, 0)
  t.match(JSON.parse(show.stdout), { format_version: '1.2', applyable: true, errored: false })
  const apply = await ws.run(['apply', '-input=false', '-no-color', 'demo.tfplan'])
  t.same([apply.code, apply.stderr], [0, ''])
  t.match(apply.stdout, /\nApply complete! Resources: 1 added, 0 changed, 0 destroyed\.\n\nOutputs:\n\nid = "\d{19}"\n$/)
  const output = await ws.run(['output', '-json'])
  t.match(JSON.parse(output.stdout), { id: { sensitive: false, type: 'string' } })
  t.equal((await ws.run(['plan', '-input=false', '-detailed-exitcode'])).code, 0)
  const stale = await ws.run(['apply', '-input=false', '-no-color', 'demo.tfplan'])
  t.same([stale.code, stale.stdout], [1, ''])
  t.match(stale.stderr, /^\nError: Saved plan is stale\n/)
})

t.test('fault injection applies before the simulator runs', async (t) => {
  const ws = workspace(t)
  t.same(await ws.run(['plan'], { TASKS_SANDBOX_FAIL: 'terraform plan@demo=1:Error: boom\\n' }), { code: 1, stdout: '', stderr: 'Error: boom\n' })
})

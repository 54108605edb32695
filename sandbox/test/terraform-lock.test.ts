// State locking in the terraform simulator: a lock left by a process that died (the lock file
// stays), the exact "Error acquiring the state lock" text of §1.11, -lock=false, -lock-timeout
// (polled by the simulator; a tiny timeout here), and force-unlock per §1.7 for s3 and local state.
import t from 'tap'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runTerraform } from '../terraform/cmd/main.ts'

const LOCK_ID = '9db590f1-b6fe-c5f2-2678-8804f089deba'
const HELD = { ID: LOCK_ID, Operation: 'OperationTypeApply', Info: '', Who: 'alice@ci-7', Version: '1.9.8', Created: '2024-05-01T10:11:12.123456789Z', Path: 'tfstate/app/terraform.tfstate' }

function workspace(t: { teardown: (fn: () => void) => void }, backend: string) {
  const root = mkdtempSync(join(tmpdir(), 'tf-lock-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  writeFileSync(join(root, 'main.tf'), `${backend}\nresource "null_resource" "x" {}\n`)
  const env = { TASKS_SANDBOX_DIR: join(root, 'sandbox'), TF_IN_AUTOMATION: '1' }
  const tf = (...argv: string[]): ReturnType<typeof runTerraform> => runTerraform(argv, root, env)
  return { root, sandbox: env.TASKS_SANDBOX_DIR, tf }
}

/** Leaves a lock file as a killed `terraform apply` would. */
function holdLock(path: string, info: Record<string, string> = HELD): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, JSON.stringify(info))
}

const s3 = (extra = ''): string => `terraform {\n  backend "s3" {\n    bucket = "tfstate"\n    key    = "app/terraform.tfstate"\n    region = "us-east-1"\n${extra}  }\n}\n`
const LOCK_TEXT = (message: string, path: string): string =>
  `\nError: Error acquiring the state lock\n\nError message: ${message}\nLock Info:\n  ID:        ${LOCK_ID}\n  Path:      ${path}\n  Operation: OperationTypeApply\n  Who:       alice@ci-7\n  Version:   1.9.8\n  Created:   2024-05-01 10:11:12.123 +0000 UTC\n  Info:\n\nTerraform acquires a state lock to protect the state from being written\nby multiple users at the same time. Please resolve the issue above and try\nagain. For most commands, you can disable locking with the "-lock=false"\nflag, but this is not recommended.\n`

t.test('a held s3 lock: exact error text, parseable ID, -lock=false, -lock-timeout, force-unlock', async (t) => {
  const ws = workspace(t, s3())
  await ws.tf('init')
  const lockPath = join(ws.sandbox, 'terraform', 's3', 'tfstate', 'app', 'terraform.tfstate.tflock')
  holdLock(lockPath)
  for (const cmd of [['plan', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false'], ['destroy', '-auto-approve']]) {
    const r = await ws.tf(...cmd)
    t.same([r.code, r.stdout], [1, ''], cmd[0])
    t.equal(r.stderr, LOCK_TEXT('operation error S3: PutObject, https response error\nStatusCode: 412, api error PreconditionFailed: At least one of the\npre-conditions you specified did not hold', 'tfstate/app/terraform.tfstate'), cmd[0])
    t.equal(/ID:\s+(\S+)/.exec(r.stderr)?.[1], LOCK_ID, 'the runner can parse the lock ID')
  }
  t.equal((await ws.tf('plan', '-lock=false')).code, 0, '-lock=false ignores the lock')
  const started = Date.now()
  const waited = await ws.tf('plan', '-lock-timeout=60ms')
  t.equal(waited.code, 1)
  t.ok(Date.now() - started >= 60, 'retried until the timeout expired')
  t.match(waited.stderr, /^\nError: Error acquiring the state lock\n/)
  t.match((await ws.tf('plan', '-lock-timeout=soon')).stderr, /invalid value "soon" for flag -lock-timeout: parse error/)

  const cancelled = await ws.tf('force-unlock', LOCK_ID)
  t.same([cancelled.code, cancelled.stderr], [1, ''])
  t.match(cancelled.stdout, /\nDo you really want to force-unlock\?\n {2}Terraform will remove the lock on the remote state\.\n[^]*\nforce-unlock cancelled\.\n$/)
  t.ok(existsSync(lockPath), 'still locked')
  const wrong = await ws.tf('force-unlock', '-force', 'not-the-id')
  t.same([wrong.code, wrong.stdout], [1, ''])
  t.match(wrong.stderr, /^Failed to unlock state: lock ID "not-the-id" does not match existing lock \("9db590f1-b6fe-c5f2-2678-8804f089deba"\)\nLock Info:\n {2}ID: {8}9db590f1/)
  t.same(await ws.tf('force-unlock', '-force', LOCK_ID), {
    code: 0, stderr: '',
    stdout: 'Terraform state has been successfully unlocked!\n\nThe state has been unlocked, and Terraform commands should now be able to\nobtain a new lock on the remote state.\n',
  })
  t.notOk(existsSync(lockPath))
  t.match((await ws.tf('force-unlock', '-force', LOCK_ID)).stderr, /^Failed to unlock state: failed to retrieve lock info for lock ID "9db590f1-b6fe-c5f2-2678-8804f089deba"/)
  t.same(await ws.tf('force-unlock'), { code: 1, stdout: '', stderr: 'Expected a single argument: LOCK_ID\n\nUsage: terraform [global options] force-unlock [options] LOCK_ID\n' })
  t.equal((await ws.tf('plan')).code, 0, 'unlocked: plan works again')
})

t.test('with a DynamoDB table the error is the AWS SDK\'s: an unanchored ID: regex finds its RequestID first', async (t) => {
  const ws = workspace(t, s3('    dynamodb_table = "locks"\n'))
  await ws.tf('init')
  holdLock(join(ws.sandbox, 'terraform', 's3', 'tfstate', 'app', 'terraform.tfstate.tflock'))
  const r = await ws.tf('plan')
  t.equal(r.stderr, LOCK_TEXT('operation error DynamoDB: PutItem, https response error\nStatusCode: 400, RequestID: 9DB590F1B6FEC5F22678,\nConditionalCheckFailedException: The conditional request failed', 'tfstate/app/terraform.tfstate'))
  t.equal(/ID:\s+(\S+)/.exec(r.stderr)?.[1], '9DB590F1B6FEC5F22678,', 'as with real Terraform: /ID:\\s+(\\S+)/ matches RequestID')
  t.equal(/^\s+ID:\s+(\S+)/m.exec(r.stderr)?.[1], LOCK_ID, 'anchored to the Lock Info line it finds the lock ID')
})

t.test('every operation leaves no lock behind, also when it fails', async (t) => {
  const ws = workspace(t, s3())
  await ws.tf('init')
  const lockPath = join(ws.sandbox, 'terraform', 's3', 'tfstate', 'app', 'terraform.tfstate.tflock')
  await ws.tf('apply', '-auto-approve')
  t.notOk(existsSync(lockPath), 'after apply')
  writeFileSync(join(ws.root, 'main.tf'), `${s3()}\nresource "null_resource" "x" {\n  triggers = { a = nofn() }\n}\n`)
  t.equal((await ws.tf('plan')).code, 1)
  t.notOk(existsSync(lockPath), 'after a failed plan')
})

t.test('local state: .terraform.tfstate.lock.info, and force-unlock needs -force', async (t) => {
  const ws = workspace(t, '')
  await ws.tf('init')
  const lockPath = join(ws.root, '.terraform.tfstate.lock.info')
  holdLock(lockPath, { ...HELD, Path: 'terraform.tfstate' })
  const r = await ws.tf('plan')
  t.equal(r.stderr, LOCK_TEXT('resource temporarily unavailable', 'terraform.tfstate'))
  t.same(await ws.tf('force-unlock', LOCK_ID), { code: 1, stdout: '', stderr: 'Local state cannot be unlocked by another process\n' })
  t.equal((await ws.tf('force-unlock', '-force', LOCK_ID)).code, 0)
  t.notOk(existsSync(lockPath))
})

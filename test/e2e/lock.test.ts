// A state lock left by a killed run: the next plan fails with the exact command that releases it,
// and running that command lets the plan through.
import t from 'tap'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(180_000)

t.test('a held lock: the failure names the force-unlock command, which releases it', async (t) => {
  const root = repoCopy()
  const sandbox = join(root, '.tasks', 'sandbox')
  // The simulators run in this process (test/helpers/sim-tools.ts): the same lock object, no process per call.
  const tools = simulatedTools(sandbox)
  const run = (...argv: string[]) => runCli(root, [...argv, '--cluster', 'demo'], { env: { PATH: process.env.PATH }, ports: { tools } })
  t.equal((await run('cluster-update', '--yes')).code, 0)

  // What a run killed in the middle of a plan leaves behind (the simulator's S3 lock object).
  const lock = join(sandbox, 'terraform/s3/demo-terraform-state/demo/2-kops.tfstate.tflock')
  mkdirSync(dirname(lock), { recursive: true })
  const id = '9db590f1-b6fe-c5f2-2678-8804f089deba'
  writeFileSync(lock, JSON.stringify({ ID: id, Operation: 'OperationTypePlan', Info: '', Who: 'ci@runner-7', Version: '1.9.8', Created: '2026-01-01 10:11:12.123456789 +0000 UTC', Path: 'demo-terraform-state/demo/2-kops.tfstate' }))

  const blocked = await run('plan', '--json')
  t.equal(blocked.code, 1)
  t.same(JSON.parse(blocked.stdout).clusters[0].stages.at(-1).reason, [
    `The Terraform state of cluster "demo" is locked by ci@runner-7 (plan since 2026-01-01 10:11:12.123 +0000 UTC, lock ID ${id}).`,
    'If no other run is active, release it with:',
    `  npx tasks force-unlock --cluster demo -- ${id}`,
  ].join('\n'))
  t.equal((await run('force-unlock', '--', id)).code, 0)
  t.equal((await run('plan')).code, 0, 'the lock is gone')
})

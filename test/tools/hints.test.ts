import t from 'tap'
import { commandHint, tfApply, tfPlan, tfVersion } from '../../modules/tools/mod.ts'

const LOCKED = [
  'Error: Error acquiring the state lock',
  'Lock Info:',
  '  ID:        L-1',
  '  Who:       ci@runner',
  '',
].join('\n')
const target = { dir: '/w/2-kops', env: { TASKS_CLUSTER: 'prod' } }

t.test('a terraform command carries the state-lock hint as data, resolved from its output', async (t) => {
  const apply = tfApply({ ...target, unlockTarget: '1-prerequisites:force-unlock' }, 'plan.tfplan')
  t.same(apply.hint, { key: 'terraform-state-lock', unlockTarget: '1-prerequisites:force-unlock' })
  t.equal(
    commandHint(apply, { exitCode: 1, stdout: '', stderr: LOCKED }),
    'The Terraform state of cluster "prod" is locked by ci@runner (lock ID L-1).\nIf no other run is active, release it with:\n  npx tasks 1-prerequisites:force-unlock --cluster prod -- L-1',
  )
  t.equal(commandHint(apply, { exitCode: 1, stdout: '', stderr: 'Error: something else\n' }), undefined, 'another failure: no hint')
})

t.test('without an unlock target or a cluster the defaults are named; a command without a hint has none', async (t) => {
  const plan = tfPlan({ dir: '/w', env: {} }, { out: 'p' })
  t.same(plan.hint, { key: 'terraform-state-lock' })
  t.match(commandHint(plan, { exitCode: 1, stdout: '', stderr: LOCKED }), /npx tasks force-unlock --cluster <cluster> -- L-1$/)
  t.equal(commandHint(tfVersion({ cwd: '/w', env: {} }), { exitCode: 1, stdout: '', stderr: LOCKED }), undefined)
})

// Pinned plans (README "Guardrails"): plan --save DIR keeps the plan, its JSON and a fingerprint of
// its inputs; apply --plan DIR in a fresh checkout applies exactly that plan, and refuses (exit 3,
// saying what changed) when a layer file, a variable file, the backend, terraform, the plan file
// or the state moved since.
import t, { type Test } from 'tap'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatCommand } from '../../modules/graph/mod.ts'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools, type SimulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

const STATE = 'terraform/s3/demo-terraform-state/demo/2-kops.tfstate'
type TfState = { serial: number; resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] }

/** The nodes' launch template drifted in the cloud: the next plan updates it. */
function driftNodes(cloud: string): void {
  const state = JSON.parse(readFileSync(join(cloud, STATE), 'utf8')) as TfState
  state.resources.find((r) => r.type === 'aws_launch_template' && r.name.startsWith('nodes'))!.instances[0].attributes.instance_type = 't3.nano'
  state.serial += 1
  writeFileSync(join(cloud, STATE), `${JSON.stringify(state, null, 2)}\n`)
}

const runner = (root: string, sim: SimulatedTools) => async (...argv: string[]) => {
  const before = sim.calls.length
  const r = await runCli(root, [...argv, '--cluster', 'demo'], { ports: { tools: sim } })
  return { ...r, applies: sim.calls.slice(before).map(formatCommand).filter((c) => / apply /.test(c)) }
}

/** One cloud (the simulators' state), a checkout that applied and then saved a plan of a drift, and fresh checkouts of the same commit. */
async function saved(t: Test) {
  const first = repoCopy()
  const cloud = join(first, '.tasks/sandbox')
  const sim = simulatedTools(cloud)
  const run = runner(first, sim)
  t.equal((await run('apply', '--yes')).code, 0)
  driftNodes(cloud)
  const dir = mkdtempSync(join(tmpdir(), 'tasks-plans-'))
  const plan = await run('plan', '--save', dir)
  t.equal(plan.code, 0, plan.stderr)
  const fresh = () => {
    const root = repoCopy()
    return { root, run: runner(root, sim) }
  }
  return { dir, cloud, sim, fresh }
}

const REFUSED = (what: string) => `✖ demo: saved-check refused: The plan saved in ${what}/demo no longer matches what it was made from; nothing was applied:\n`

t.test('plan --save keeps the plan, its JSON and fingerprint; a fresh checkout applies exactly it, once', async (t) => {
  const { dir, fresh } = await saved(t)
  t.ok(['plan.tfplan', 'plan.json', 'fingerprint.json'].every((f) => existsSync(join(dir, 'demo', f))), 'DIR/demo holds the three files')
  const fp = JSON.parse(readFileSync(join(dir, 'demo/fingerprint.json'), 'utf8'))
  t.same(Object.keys(fp), ['format', 'cluster', 'layer', 'files', 'varFiles', 'backend', 'tools', 'state', 'planSha256'])
  t.same(fp.backend, { bucket: 'demo-terraform-state', key: 'demo/2-kops.tfstate', region: 'us-east-1' })
  t.ok(fp.files['clusters/demo/kubernetes.tf'] && fp.files['2-kops/config.tf'] !== undefined, 'the layer and the cluster files are in it')
  const { run } = fresh()
  const applied = await run('apply', '--plan', dir, '--yes')
  t.equal(applied.code, 0, applied.stderr)
  t.same(applied.applies.map((c) => c.replace(/^terraform -chdir=\S+ /, '')), [`apply -input=false -no-color ${join(dir, 'demo/plan.tfplan')}`], 'the saved plan file, not a new plan')
  const twice = await run('apply', '--plan', dir, '--yes')
  t.equal(twice.code, 3, 'applied plans are stale: terraform refuses, reported as a refusal')
  t.match(twice.stderr, '✖ demo: saved-apply refused: The 2-kops state changed since the saved plan was made (terraform refused it); nothing was applied:\n  Error: Saved plan is stale\n')
})

t.test('a saved plan is refused when what it was made from changed, one kind at a time', async (t) => {
  const { dir, fresh } = await saved(t)
  const cases: [string, (root: string) => void, string][] = [
    ['a layer file', (root) => appendFileSync(join(root, '2-kops/config.tf'), '\n# edited\n'), '  2-kops/config.tf changed since the plan\n'],
    ['kubernetes.tf', (root) => appendFileSync(join(root, 'clusters/demo/kubernetes.tf'), '\n# edited\n'), '  clusters/demo/kubernetes.tf changed since the plan\n'],
    ['a variable file', (root) => writeFileSync(join(root, 'clusters/demo/cluster.yaml'), readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8').replace(/^profile: .*$/m, 'profile: demo-admin')), '  var file .tasks/work/demo/2-kops/terraform.tfvars.json changed since the plan\n'],
    ['the backend', (root) => writeFileSync(join(root, 'clusters/demo/cluster.yaml'), readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8').replace('key: demo/2-kops.tfstate', 'key: demo/2-kops-b.tfstate')), '  backend key: demo/2-kops.tfstate → demo/2-kops-b.tfstate\n'],
    ['terraform', (root) => writeFileSync(join(root, 'clusters/demo/cluster.yaml'), readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8').replace(/^env:\n/m, 'env:\n  TASKS_SANDBOX_TERRAFORM_VERSION: 1.12.0\n')), '  terraform 1.9.8 → 1.12.0\n'],
  ]
  for (const [what, change, line] of cases) {
    const { root, run } = fresh()
    change(root)
    const r = await run('apply', '--plan', dir, '--yes')
    t.equal(r.code, 3, `${what}: refused`)
    t.same(r.applies, [], `${what}: nothing applied`)
    t.match(r.stderr, `${REFUSED(dir)}${line}`, what)
  }
  const { root, run } = fresh()
  appendFileSync(join(dir, 'demo/plan.tfplan'), 'x')
  const r = await run('apply', '--plan', dir, '--yes')
  t.equal(r.code, 3, 'the plan file itself altered: refused')
  t.match(r.stderr, /  the saved plan file itself changed/)
  t.ok(root)
})

t.test('the state moved since the plan: terraform says the plan is stale, and so does tasks, exit 3', async (t) => {
  const { dir, cloud, fresh } = await saved(t)
  const state = JSON.parse(readFileSync(join(cloud, STATE), 'utf8')) as TfState
  state.serial += 1
  writeFileSync(join(cloud, STATE), `${JSON.stringify(state, null, 2)}\n`)
  const r = await fresh().run('apply', '--plan', dir, '--yes')
  t.equal(r.code, 3, r.stderr)
  t.match(r.stderr, '✖ demo: saved-apply refused: The 2-kops state changed since the saved plan was made (terraform refused it); nothing was applied:\n  Error: Saved plan is stale\n')
})

t.test('--save and --plan are required by their targets: exit 2', async (t) => {
  const root = repoCopy()
  const run = runner(root, simulatedTools(join(root, '.tasks/sandbox')))
  const r = await run('apply-plan')
  t.equal(r.code, 2)
  t.match(r.stderr, 'usage: tasks apply --cluster NAME --plan DIR')
})

t.test('a saved plan whose plan file is gone is refused with exit 3, naming the file', async (t) => {
  const { dir, fresh } = await saved(t)
  rmSync(join(dir, 'demo/plan.tfplan'))
  const r = await fresh().run('apply', '--plan', dir, '--yes')
  t.equal(r.code, 3, r.stderr)
  t.same(r.applies, [])
  t.match(r.stderr, `✖ demo: saved-check refused: The saved plan in ${dir}/demo cannot be used; nothing was applied:\n  ${dir}/demo/plan.tfplan is missing\n`)
})

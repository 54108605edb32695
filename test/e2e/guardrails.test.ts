// Guardrails (README "Guardrails"): a plan that deletes or replaces a protected resource is refused
// before the apply's gate (exit 3, nothing applied), each resource named with Terraform's reason and
// the way through (--allow-replace GLOB); cluster.yaml `protect:` adds and removes globs; a plan of
// updates goes through; every summary lists what a plan replaces or deletes, protected ones first.
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatCommand } from '../../modules/graph/mod.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

const stateOf = (cluster: string): string => `.tasks/sandbox/terraform/s3/demo-terraform-state/${cluster}/2-kops.tfstate`
const STATE = stateOf('demo')
type TfState = { serial: number; resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] }

/** Someone moved the etcd volumes to another zone behind Terraform's back: the next plan replaces both. */
function driftEtcdZone(root: string, path = STATE): void {
  const state = JSON.parse(readFileSync(join(root, path), 'utf8')) as TfState
  for (const r of state.resources.filter((r) => r.type === 'aws_ebs_volume')) r.instances[0].attributes.availability_zone = 'us-east-1b'
  state.serial += 1
  writeFileSync(join(root, path), `${JSON.stringify(state, null, 2)}\n`)
}

/** The nodes' launch template drifted: the next plan updates it in place. */
function driftNodes(root: string, path = STATE): void {
  const state = JSON.parse(readFileSync(join(root, path), 'utf8')) as TfState
  state.resources.find((r) => r.type === 'aws_launch_template' && r.name.startsWith('nodes'))!.instances[0].attributes.instance_type = 't3.nano'
  state.serial += 1
  writeFileSync(join(root, path), `${JSON.stringify(state, null, 2)}\n`)
}

/** A demo project applied once, and a run on it that says which terraform applies it made. */
async function applied(t: Test) {
  const root = repoCopy()
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const run = async (...argv: string[]) => {
    const before = sim.calls.length
    const r = await runCli(root, [...argv, '--cluster', 'demo'], { ports: { tools: sim } })
    const applies = sim.calls.slice(before).map(formatCommand).filter((c) => / apply /.test(c))
    return { ...r, applies }
  }
  const first = await run('apply', '--yes')
  t.equal(first.code, 0, first.stderr)
  return { root, run }
}

const EVENTS = 'aws_ebs_volume.a-etcd-events-demo-k8s-local'
const MAIN = 'aws_ebs_volume.a-etcd-main-demo-k8s-local'
const why = '(replace_because_cannot_update: availability_zone)'

t.test('a plan replacing the etcd volumes is refused before the gate, naming each; --allow-replace lets them through', async (t) => {
  const { root, run } = await applied(t)
  driftEtcdZone(root)
  const refused = await run('apply', '--yes')
  t.equal(refused.code, 3)
  t.same(refused.applies, [], 'nothing applied')
  t.equal(refused.stderr, [
    `✖ demo: guard refused: The 2-kops plan of cluster "demo" deletes or replaces 2 protected resources; nothing was applied:`,
    `  ${EVENTS}: replace ${why}`,
    `  ${MAIN}: replace ${why}`,
    `hint: run again with --allow-replace '${EVENTS}' --allow-replace '${MAIN}' to let them through (repeatable; globs match addresses)`,
    '',
    'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-replace  ssh-key  kops-tf  kops-dir  kops-init  plan       guard         apply  TIME',
    'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  skipped       cached   cached   cached    cached     ran 100ms  FAILED 100ms  -      400ms',
    '',
    '  demo  kops-spec: the state store holds this spec',
    '  demo  plan: +2 ~0 -2; REPLACES etcd volumes (2)',
    `          PROTECTED ${EVENTS}: replace ${why}`,
    `          PROTECTED ${MAIN}: replace ${why}`,
    '',
    '1 cluster: 0 ok, 1 failed',
    '',
  ].join('\n'))
  const half = await run('apply', '--yes', '--allow-replace', 'aws_ebs_volume.a-etcd-main-*')
  t.equal(half.code, 3, 'one glob lets one through, the other is still refused')
  t.match(half.stderr, `deletes or replaces a protected resource; nothing was applied:\n  ${EVENTS}: replace ${why}\nhint: run again with --allow-replace '${EVENTS}' to let it through`)
  t.same(half.applies, [])
  const through = await run('apply', '--yes', '--allow-replace', 'aws_ebs_volume.a-etcd-*')
  t.equal(through.code, 0, through.stderr)
  t.equal(through.applies.length, 1, 'the reviewed plan applied')
  t.match(through.stderr, `  demo  plan: +2 ~0 -2; REPLACES etcd volumes (2)\n          PROTECTED ${EVENTS}: replace ${why}\n          PROTECTED ${MAIN}: replace ${why}\n`)
})

t.test('a plan of in-place updates goes through as before', async (t) => {
  const { root, run } = await applied(t)
  driftNodes(root)
  const r = await run('apply', '--yes')
  t.equal(r.code, 0, r.stderr)
  t.equal(r.applies.length, 1)
  t.match(r.stderr, '  demo  plan: +0 ~2 -0\n')
})

t.test('cluster.yaml protect: "!GLOB" stops protecting a default, a GLOB protects more', async (t) => {
  const { root, run } = await applied(t)
  driftEtcdZone(root)
  const yaml = join(root, 'clusters/demo/cluster.yaml')
  const original = readFileSync(yaml, 'utf8')
  writeFileSync(yaml, `${original}protect:\n  - "!aws_ebs_volume.*"\n  - aws_ebs_volume.a-etcd-main-*\n`)
  const one = await run('apply', '--yes')
  t.equal(one.code, 3)
  t.match(one.stderr, `deletes or replaces a protected resource; nothing was applied:\n  ${MAIN}: replace ${why}\nhint:`)
  t.match(one.stderr, `  demo  plan: +2 ~0 -2; REPLACES etcd volumes (2)\n          PROTECTED ${MAIN}: replace ${why}\n          ${EVENTS}: replace ${why}\n`, 'protected first, the other listed unmarked')
  writeFileSync(yaml, `${original}protect:\n  - "!aws_ebs_volume.*"\n`)
  const none = await run('apply', '--yes')
  t.equal(none.code, 0, none.stderr)
  t.equal(none.applies.length, 1, 'nothing protected: applied')
})

t.test('--json and --summary-md list each replaced resource, protected ones first and marked', async (t) => {
  const { root, run } = await applied(t)
  driftEtcdZone(root)
  const r = await run('plan', '--json', '--summary-md', join(root, 'summary.md'))
  t.equal(r.code, 0, r.stderr)
  const plan = JSON.parse(r.stdout).clusters[0].stages.find((s: { name: string }) => s.name === 'plan')
  const change = { type: 'aws_ebs_volume', action: 'replace', actions: ['delete', 'create'], reason: 'replace_because_cannot_update', replacePaths: [['availability_zone']], protected: true, protectedBy: 'aws_ebs_volume.*' }
  t.same(plan.details.destructive, [{ address: EVENTS, ...change }, { address: MAIN, ...change }])
  const md = readFileSync(join(root, 'summary.md'), 'utf8')
  t.match(md, `- **demo** plan: +2 ~0 -2; REPLACES etcd volumes (2)\n  - \`PROTECTED ${EVENTS}: replace ${why}\`\n  - \`PROTECTED ${MAIN}: replace ${why}\`\n`)
})

t.test('plan --all across a fleet: one table, each cluster\'s counts and protected replacements, worst first', async (t) => {
  const root = repoCopy()
  for (const name of ['b', 'c']) cloneDemo(root, name)
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const run = (...argv: string[]) => runCli(root, argv, { ports: { tools: sim } })
  const applied = await run('apply', '--all', '--yes')
  t.equal(applied.code, 0, applied.stderr)
  driftEtcdZone(root, stateOf('b'))
  driftNodes(root, stateOf('c'))
  const r = await run('plan', '--all', '--summary-md', join(root, 'summary.md'))
  t.equal(r.code, 0, r.stderr)
  t.match(r.stderr, [
    'CLUSTER  STAGE  ADD  CHANGE  DESTROY  PROTECTED',
    'b        plan     2       0        2  2: aws_ebs_volume.a-etcd-events-b-k8s-local, aws_ebs_volume.a-etcd-main-b-k8s-local',
    'c        plan     0       2        0  0',
    'demo     plan     0       0        0  0',
    '',
  ].join('\n'))
  t.match(readFileSync(join(root, 'summary.md'), 'utf8'), '#### Plans, worst first\n\n| CLUSTER | STAGE | ADD | CHANGE | DESTROY | PROTECTED |\n| --- | --- | ---: | ---: | ---: | --- |\n| b | plan | 2 | 0 | 2 | 2: aws_ebs_volume.a-etcd-events-b-k8s-local, aws_ebs_volume.a-etcd-main-b-k8s-local |\n')
})

t.test('1-prerequisites: a plan replacing the kOps state bucket is refused by prereq-guard, exit 3, nothing applied', async (t) => {
  const { root, run } = await applied(t)
  const path = join(root, '.tasks/sandbox/terraform/s3/demo-terraform-state/demo/1-prerequisites.tfstate')
  const state = JSON.parse(readFileSync(path, 'utf8')) as TfState
  const bucket = state.resources.find((r) => r.type === 'aws_s3_bucket')!
  bucket.instances[0].attributes.bucket = 'renamed-by-hand'
  state.serial += 1
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`)
  const r = await run('1-prerequisites:apply', '--yes')
  t.equal(r.code, 3, r.stderr)
  t.same(r.applies, [], 'nothing applied')
  t.match(r.stderr, /✖ demo: prereq-guard refused: The 1-prerequisites plan of cluster "demo" deletes or replaces (a protected resource|\d+ protected resources); nothing was applied:\n {2}aws_s3_bucket\.\S+: replace \(replace_because_cannot_update: bucket\)\n/)
})

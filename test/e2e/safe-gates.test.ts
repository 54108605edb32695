// Safe on real AWS (issue 14): every remote write behind the gate and after the reads, read-only
// targets that write nothing, the chain's order (rolling-update after apply and a healthy
// validate; teardown as one reverse chain), plan-detailed's exit codes, SSH key rotation and a
// changed backend — shown by the exact tool calls, on the in-process simulators.
import t from 'tap'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Command } from '../../modules/graph/mod.ts'
import { runCli } from '../helpers/project.ts'
import { repoCopy, withEnv } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(240_000)

/** Remote calls as a person reads them: tool and words, no version probes, no --name/--state/-chdir. */
const shown = (calls: Command[]): string[] =>
  calls
    .map((c) => [basename(c.tool), ...c.args.filter((a) => !/^(--name=|--state=|-chdir=|-input=|-no-color|--output=json)/.test(a))].join(' '))
    .filter((c) => !/ version/.test(c))

/** A demo copy on the in-process simulators, with a runner that records the calls of each run. */
function demo(t: { teardown(fn: () => void): void }) {
  const root = repoCopy()
  const sandbox = join(root, '.tasks', 'sandbox')
  withEnv(t, { TASKS_SANDBOX_DIR: sandbox })
  const tools = simulatedTools(sandbox)
  const asked: string[] = []
  const run = async (argv: string[], answer?: boolean) => {
    tools.calls.length = 0
    asked.length = 0
    const confirm = answer === undefined ? undefined : { interactive: true, ask: async (q: string) => (asked.push(q), answer) }
    const r = await runCli(root, [...argv, '--cluster', 'demo'], { env: { PATH: process.env.PATH }, ports: { tools, ...(confirm ? { confirm } : {}) } })
    return { ...r, calls: shown(tools.calls), asked: [...asked] }
  }
  const edit = (path: string, f: (text: string) => string) => writeFileSync(join(root, path), f(readFileSync(join(root, path), 'utf8')))
  return { root, sandbox, run, edit }
}

const KOPS_WRITES = /^kops (replace|create|delete|update|rolling-update .*--yes=true)/

t.test('a spec push is gated after the reads; without approval nothing is written to the state store', async (t) => {
  const d = demo(t)
  const refused = await d.run(['cluster-update'])
  t.equal(refused.code, 3, 'no terminal, no --yes: refused')
  t.same(refused.calls.filter((c) => c.startsWith('kops')), ['kops get all --output=yaml'], 'kops only read the state store')
  t.notOk(existsSync(join(d.sandbox, 's3/demo-demo-kops-state-demo-k8s-local/demo.k8s.local/config')), 'the state store holds no cluster')
  t.match(refused.stderr, 'Refused to run "kops-replace", "ssh-key", "kops-tf" on cluster "demo": they change remote state and there is no terminal to confirm on; none of them ran.\n' +
    '  demo  kops-replace: creates cluster demo.k8s.local in s3://demo-demo-kops-state-demo-k8s-local\n' +
    '        ssh-key: sets the admin SSH key to clusters/demo/id_ed25519.pub (any other key is deleted)\n' +
    '        kops-tf: regenerates clusters/demo/kubernetes.tf and the completed spec in s3://demo-demo-kops-state-demo-k8s-local\n')

  const no = await d.run(['cluster-update'], false)
  t.equal(no.code, 3, 'answering no is a refusal')
  t.equal(no.asked.length, 1, 'one question covers the push, the key and kops update')
  t.notOk(no.calls.some((c) => KOPS_WRITES.test(c)), 'and nothing was written')

  const yes = await d.run(['cluster-update'], true)
  t.equal(yes.code, 0, yes.stderr)
  t.equal(yes.asked.length, 1, 'asked once')
  t.same(yes.calls.filter((c) => c.startsWith('kops')), [
    'kops get all --output=yaml',
    'kops replace --filename=clusters/demo/cluster.yml --force=true',
    'kops delete sshpublickey',
    'kops create sshpublickey --ssh-public-key=clusters/demo/id_ed25519.pub',
    `kops update cluster --target=terraform --out=${join(d.root, '.tasks/work/demo/kops-out')} --yes=true --create-kube-config=false`,
  ], 'reads first, then the writes in order')

  const same = await d.run(['cluster-update'])
  t.equal(same.code, 0, 'an unchanged spec asks nothing')
  t.same(same.calls.filter((c) => c.startsWith('kops')), ['kops get all --output=yaml'])
  t.match(same.stderr, 'kops-spec: the state store holds this spec')

  d.edit('clusters/demo/cluster.yaml', (y) => `${y}template:\n  instanceGroups:\n  - { name: batch, machineType: m5.large, minSize: 1, maxSize: 2 }\n`)
  t.equal((await d.run(['cluster-update', '--yes'])).code, 0)
  d.edit('clusters/demo/cluster.yaml', (y) => y.replace('m5.large', 'm5.xlarge'))
  const changed = await d.run(['cluster-update'])
  t.equal(changed.code, 3)
  t.match(changed.stderr, '  demo  kops-replace: spec: 1 change — spec.instanceGroups[batch].machineType m5.large → m5.xlarge\n        kops-tf: regenerates', 'the gate shows the difference from the state store; the unchanged key is not asked about')
})

t.test('read-only targets never write: plan, plan-detailed, init, output, force-unlock, and destroy refused before its gate', async (t) => {
  const d = demo(t)
  for (const argv of [['plan'], ['plan-detailed'], ['init'], ['output'], ['force-unlock', '--', 'some-lock-id']]) {
    const r = await d.run(argv)
    t.notOk(r.calls.some((c) => KOPS_WRITES.test(c) || /^terraform (apply|destroy)/.test(c)), `${argv[0]}: no write (${r.calls.join(' | ')})`)
  }
  const plan = await d.run(['plan'])
  t.equal(plan.code, 0, plan.stderr)
  t.match(plan.stderr, 'kops-spec: not in the kOps state store yet; kubernetes.tf may be behind: push it with tasks cluster-update', 'it says the spec was never pushed')
  const destroy = await d.run(['destroy'])
  t.equal(destroy.code, 3)
  t.same(destroy.calls.filter((c) => c.startsWith('kops')), [], 'destroy touches no kOps state on the way to its gate')
  t.notMatch(destroy.stderr, /kops-replace/)
})

t.test('plan-detailed exits 2 with changes pending and 0 without; apply → validate --wait → roll, in that order', async (t) => {
  const d = demo(t)
  t.equal((await d.run(['cluster-update', '--yes'])).code, 0)
  const pending = await d.run(['plan-detailed'])
  t.equal(pending.code, 2, 'changes pending: exit 2, as terraform plan -detailed-exitcode')
  t.equal((await d.run(['plan'])).code, 0, 'plan itself exits 0')
  const applied = await d.run(['apply', '--yes'])
  t.equal(applied.code, 0, applied.stderr)
  t.same(applied.calls.filter((c) => /^terraform (plan|apply)/.test(c)).map((c) => c.split(' ').slice(0, 2).join(' ')), ['terraform plan', 'terraform apply'])
  t.equal((await d.run(['plan-detailed'])).code, 0, 'nothing pending: exit 0')

  d.edit('clusters/demo/cluster.yaml', (y) => `${y}template:\n  instanceGroups:\n  - { name: batch, machineType: m5.large, minSize: 1, maxSize: 2 }\n`)
  const roll = await d.run(['cluster-rolling-update-yes'], true)
  t.equal(roll.code, 0, roll.stderr)
  t.equal(roll.asked.length, 2, 'one question for the push, one for the apply (its plan is known only then); no roll needed after')
  const order = roll.calls.filter((c) => /^(kops (replace|update|validate|rolling-update)|terraform (plan|apply))/.test(c)).map((c) => c.split(' ').slice(0, 2).join(' '))
  t.same(order, ['kops replace', 'kops update', 'terraform plan', 'terraform apply', 'kops validate', 'kops rolling-update'], 'validate after the apply, the roll after both')
  t.ok(roll.calls.includes('kops validate cluster --wait=10m'), 'validate waits, bounded by --validate-timeout (default 10m)')
  const bounded = await d.run(['cluster-rolling-update-yes', '--validate-timeout', '90s', '--force=health'])
  t.ok(bounded.calls.includes('kops validate cluster --wait=90s'), '--validate-timeout bounds the wait')
})

t.test('teardown is one reverse chain under one question: destroy → unregister → 1-prerequisites', async (t) => {
  const d = demo(t)
  t.equal((await d.run(['apply', '--yes'])).code, 0)
  const r = await d.run(['1-prerequisites:destroy'], true)
  t.equal(r.code, 0, r.stderr)
  t.equal(r.asked.length, 1, 'one question')
  t.match(r.asked[0], /  demo  destroy: destroys every resource of kubernetes\.tf[^\n]*\n {8}cluster-delete: unregisters demo\.k8s\.local from s3:\/\/demo-demo-kops-state-demo-k8s-local\n {8}prereq-destroy: destroys the kOps state bucket/)
  const writes = r.calls.filter((c) => /^(terraform destroy|kops delete)/.test(c)).map((c) => c.split(' ').slice(0, 2).join(' ') + (c.includes('1-prerequisites') ? ' (1-prerequisites)' : ''))
  t.same(writes, ['terraform destroy', 'kops delete', 'terraform destroy'], 'the cluster before the state bucket it lives in')
})

t.test('a rotated SSH key deletes the old admin key, then creates the new one, under the same gate', async (t) => {
  const d = demo(t)
  t.equal((await d.run(['cluster-update', '--yes'])).code, 0)
  d.edit('clusters/demo/id_ed25519.pub', () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVb7zrhO2Bo2JzC0qPc3Z1hS2cQ9sKVY0KsN2OaWQ5H rotated@example\n')
  const r = await d.run(['cluster-update'], true)
  t.equal(r.code, 0, r.stderr)
  t.match(r.asked[0], '  demo  ssh-key: sets the admin SSH key to clusters/demo/id_ed25519.pub (any other key is deleted)\n')
  t.same(r.calls.filter((c) => KOPS_WRITES.test(c)).map((c) => c.split(' ').slice(0, 3).join(' ')), ['kops delete sshpublickey', 'kops create sshpublickey', 'kops update cluster'])
})

t.test('a changed backend is refused before terraform runs; --migrate-state is the gated way through', async (t) => {
  const d = demo(t)
  t.equal((await d.run(['init'])).code, 0)
  d.edit('clusters/demo/cluster.yaml', (y) => y.replace('key: demo/2-kops.tfstate', 'key: demo/2-kops-moved.tfstate'))
  const plan = await d.run(['plan'])
  t.equal(plan.code, 3)
  t.same(plan.calls, [], 'nothing ran')
  t.equal(plan.stderr, 'Refused to run "kops-init" on cluster "demo": the 2-kops backend of cluster "demo" changed since its last init (key demo/2-kops.tfstate → demo/2-kops-moved.tfstate): terraform would read another state; nothing ran.\n' +
    'hint: if you moved the state there, run `tasks init --cluster demo --migrate-state`; to use the new location as it is, `tasks init --cluster demo --reconfigure` (both ask first); otherwise fix backends.kops in cluster.yaml.\n')
  const refused = await d.run(['init', '--migrate-state'])
  t.equal(refused.code, 3, 'migrating asks first')
  t.match(refused.stderr, '  demo  kops-init: migrates the 2-kops state to its new backend (terraform init -migrate-state)\n')
  const migrated = await d.run(['init', '--migrate-state', '--yes'])
  t.equal(migrated.code, 0, migrated.stderr)
  t.ok(migrated.calls.some((c) => /^terraform init .*-backend-config=key=demo\/2-kops-moved\.tfstate.* -migrate-state -force-copy$/.test(c)), migrated.calls.join('\n'))
  t.equal((await d.run(['plan'])).code, 0, 'then plans on the new backend')

  d.edit('clusters/demo/cluster.yaml', (y) => y.replace('key: demo/2-kops-moved.tfstate', 'key: demo/2-kops-fresh.tfstate'))
  const reconfigured = await d.run(['init', '--reconfigure'], true)
  t.equal(reconfigured.code, 0, reconfigured.stderr)
  t.same(reconfigured.asked, ['These changes need approval:\n  demo  kops-init: points 2-kops at its new backend as it is (terraform init -reconfigure); the old state stays where it was\nApply them?'])
  t.ok(reconfigured.calls.some((c) => /^terraform init .*-backend-config=key=demo\/2-kops-fresh\.tfstate.* -reconfigure$/.test(c)), reconfigured.calls.join('\n'))
  t.equal((await d.run(['init'])).code, 0, 'and the next init is the same backend again: nothing to refuse')
})

t.test('files an earlier kops update left in its out dir are not published: only those kubernetes.tf reads', async (t) => {
  const d = demo(t)
  const out = join(d.root, '.tasks/work/demo/kops-out/data')
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'aws_launch_template_retired-group.demo.k8s.local_user_data'), 'from a group deleted since\n')
  const r = await d.run(['cluster-update', '--yes'])
  t.equal(r.code, 0, r.stderr)
  t.ok(existsSync(join(out, 'aws_launch_template_retired-group.demo.k8s.local_user_data')), 'kops left it there (as real kOps does)')
  const published = readdirSync(join(d.root, 'clusters/demo/data')).sort()
  t.notOk(published.includes('aws_launch_template_retired-group.demo.k8s.local_user_data'), 'not published')
  const tf = readFileSync(join(d.root, 'clusters/demo/kubernetes.tf'), 'utf8')
  t.same(published, [...new Set([...tf.matchAll(/\$\{path\.module\}\/data\/([^"]+)"/g)].map((m) => m[1]))].sort(), 'exactly the files kubernetes.tf reads')
})

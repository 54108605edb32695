// The demo's whole life cycle on the sandbox simulators, what a new user runs: the first
// cluster-update as real processes (the real path stays covered), the rest with the simulators in
// this process (test/helpers/sim-tools.ts), which carry on from the same sandbox state.
import t from 'tap'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { runCli } from '../helpers/project.ts'
import { REPO, repoCopy, withEnv } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

type Doc = { clusters: { status: string; stages: { name: string; status: string; reason: string; output?: string }[] }[]; exitCode: number }

t.test('demo: cluster-update, plan, apply, roll, operate, tear down', { timeout: 300_000 }, async (t) => {
  const root = repoCopy()
  const env = { PATH: process.env.PATH, TASKS_SANDBOX_DIR: join(root, '.tasks', 'sandbox') }
  withEnv(t, { TASKS_SANDBOX_DIR: env.TASKS_SANDBOX_DIR })
  const tools = simulatedTools(env.TASKS_SANDBOX_DIR)
  const run = async (...argv: string[]) => {
    const r = await runCli(root, [...argv, '--cluster', 'demo', '--json'], { env, ports: { tools } })
    return { ...r, doc: JSON.parse(r.stdout) as Doc }
  }
  const statuses = (doc: Doc) => doc.clusters[0].stages.map((s) => `${s.name}:${s.status}`).join(' ')

  const real = await runCli(root, ['cluster-update', '--yes', '--cluster', 'demo', '--json'], { env, ports: { tools: processRunner } })
  const first = { ...real, doc: JSON.parse(real.stdout) as Doc }
  t.equal(first.code, 0, first.stderr)
  t.match(first.stderr, /\ndemo: kops-tf: clusters\/demo\/kubernetes\.tf\n1 cluster: 1 ok, 0 failed\n$/, 'it says where kubernetes.tf is (on stderr: stdout is the JSON)')
  t.equal(statuses(first.doc), 'prereq-dir:ran prereq-init:ran outputs:ran render:ran kops-spec:ran kops-replace:ran ssh-key:ran kops-tf:ran')
  const tf = readFileSync(join(root, 'clusters/demo/kubernetes.tf'), 'utf8')
  t.notMatch(tf, /^provider "aws"/m, 'provider blocks stripped')
  t.notMatch(tf, /^terraform \{/m, 'terraform block stripped')
  t.match(tf, /provider += aws\.files/, 'the S3 objects still use the alias 2-kops configures')
  t.ok(readdirSync(join(root, 'clusters/demo/data')).length > 10, 'data/ published')
  for (const f of ['cluster.yml', 'kubernetes.tf', 'outputs.json']) {
    t.equal(readFileSync(join(root, 'clusters/demo', f), 'utf8'), readFileSync(join(REPO, 'clusters/demo', f), 'utf8'), `${f}: the committed artifact, byte for byte`)
  }

  const second = await run('cluster-update')
  t.equal(statuses(second.doc), 'prereq-dir:cached prereq-init:cached outputs:ran render:cached kops-spec:ran kops-replace:skipped ssh-key:cached kops-tf:cached', 'unchanged: only the reads rerun, and nothing asks')

  writeFileSync(join(root, '2-kops/cluster-template.yml.eta'), `${readFileSync(join(root, '2-kops/cluster-template.yml.eta'), 'utf8')}# edited\n`)
  const edited = await run('cluster-update', '--yes')
  t.equal(statuses(edited.doc), 'prereq-dir:cached prereq-init:cached outputs:ran render:ran kops-spec:ran kops-replace:skipped ssh-key:cached kops-tf:ran', 'a template edit reruns render and kops update; a spec it does not change is not pushed')
  t.same(edited.doc.clusters[0].stages.find((s) => s.name === 'kops-replace')?.reason, 'the state store holds this spec')

  const planned = await run('plan')
  t.match(planned.stderr, /\ndemo: plan: \.tasks\/logs\/demo\/plan\.log \(Plan: \d+ to add, 0 to change, 0 to destroy\.\)\n1 cluster: 1 ok, 0 failed\n$/, 'the plan log and its summary line')
  t.match(readFileSync(join(root, '.tasks/logs/demo/plan.log'), 'utf8'), /\nPlan: \d+ to add, 0 to change, 0 to destroy\.\n/)
  const refused = await run('apply')
  t.equal(refused.code, 3, 'no terminal, no --yes: refused before any change')
  t.match(refused.stderr, /Refused to run "apply" on cluster "demo": they change remote state[^]*\n {2}demo {2}apply: \+\d+ ~0 -0\n/)
  const applied = await run('apply', '--yes')
  t.equal(applied.code, 0)
  t.same(applied.doc.clusters[0].stages.slice(-3).map((s) => `${s.name}:${s.status}`), ['plan:ran', 'guard:ran', 'apply:ran'])
  const again = await run('apply')
  t.same(again.doc.clusters[0].stages.at(-1), { name: 'apply', status: 'skipped', durationMs: 0, reason: 'no changes' }, 'nothing to apply: no question, no apply')
  t.equal(again.code, 0)

  const dry = await run('cluster-rolling-update')
  t.equal(dry.code, 0, dry.stderr)
  const none = await run('cluster-rolling-update-yes')
  t.same(none.doc.clusters[0].stages.at(-1)?.reason, 'no instance group needs a roll')
  const yaml = readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8')
  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), `${yaml}template:\n  instanceGroups:\n  - { name: batch, machineType: m5.large, minSize: 1, maxSize: 2 }\n`)
  t.equal((await run('apply', '--yes')).code, 0)
  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), `${yaml}template:\n  instanceGroups:\n  - { name: batch, machineType: m5.xlarge, minSize: 1, maxSize: 2 }\n`)
  const roll = await run('cluster-rolling-update-yes', '--yes')
  t.same(roll.doc.clusters[0].stages.slice(-5).map((s) => `${s.name}:${s.status}`), ['apply:ran', 'kubeconfig:ran', 'health:ran', 'rolling-update:ran', 'rolling-update-yes:ran'], 'pushed, applied, validated, then the changed group is rolled')
  t.same((await run('cluster-rolling-update-yes')).doc.clusters[0].stages.at(-1)?.status, 'skipped', 'then nothing needs a roll')

  const validated = await run('cluster-validate')
  t.equal(validated.code, 0)
  t.match(JSON.parse(validated.doc.clusters[0].stages.at(-1)?.output ?? ''), { nodes: [] }, '--json: the raw JSON of kops validate')
  const human = async (...argv: string[]) => runCli(root, [...argv, '--cluster', 'demo'], { env, ports: { tools } })
  const readable = await human('cluster-validate')
  t.match(readable.stdout, /^Cluster demo\.k8s\.local is ready: (\d+) of \1 nodes ready \(control-plane 1\/1, node \d+\/\d+\)\.\n\nNODE +ROLE +READY\ni-\w+ +control-plane +True\n/, 'for people: a verdict and the nodes')
  t.ok(readable.stdout.endsWith('True\n'), 'ending with a newline')
  t.match((await human('version')).stdout, /^terraform \d+\.\d+\.\d+\nkops \d+\.\d+\.\d+\n$/, 'one tool per line')
  t.match((await run('version')).doc.clusters[0].stages[0], { details: { terraform: /^\d/, kops: /^\d/ }, output: /"terraform_version"/ }, '--json: the values and the raw output')
  const kube = await run('kops-kubeconfig')
  t.equal(kube.code, 0)
  t.match(kube.stderr, /^demo: kubeconfig: \.tasks\/kube\/demo\/config\n1 cluster: 1 ok, 0 failed\n$/)
  t.match((await run('output')).stderr, /^demo: outputs: clusters\/demo\/outputs\.json\n1 cluster: 1 ok, 0 failed\n$/)
  t.ok(existsSync(join(root, '.tasks/kube/demo/config')), 'the per-cluster kubeconfig')
  const cmd = await runCli(root, ['kops-cmd', '--cluster', 'demo', '--', 'get', 'ig'], { env, ports: { tools } })
  t.equal(cmd.code, 0)
  t.match(readFileSync(join(root, '.tasks/logs/demo/kops-cmd.log'), 'utf8'), /^\$ kops get ig --name=demo\.k8s\.local --state=s3:\/\/demo-demo-kops-state-demo-k8s-local\nNAME\t+ROLE/)

  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), `${yaml}protected: true\n`)
  const guarded = await runCli(root, ['destroy', '--cluster', 'demo', '--yes'], { env, ports: { tools } })
  t.same(guarded, { code: 3, stdout: '', stderr: 'Refused to run "destroy" on cluster "demo": it is protected (protected: true in its cluster.yaml); nothing ran.\nhint: pass --allow-protected if you mean to tear it down.\n' })
  for (const target of ['destroy', 'cluster-destroy', 'cluster-destroy-yes', '1-prerequisites:destroy']) {
    const r = await run(target, '--yes', '--allow-protected')
    t.equal(r.code, 0, `${target}: ${r.stderr}`)
    t.equal(r.doc.clusters[0].stages.at(-1)?.status, 'ran', target)
    if (target !== 'cluster-destroy-yes') continue
    // The cluster is unregistered: a cluster-update puts it back instead of skipping as up to date.
    const again = await run('cluster-update', '--yes')
    t.equal(again.code, 0, again.stderr)
    t.same(again.doc.clusters[0].stages.filter((s) => /^(kops-|ssh)/.test(s.name)).map((s) => `${s.name}:${s.status}:${s.reason}`), [
      'kops-spec:ran:reads live state', 'kops-replace:ran:no previous success', 'ssh-key:ran:no previous success', 'kops-tf:ran:no previous success',
    ])
  }
})

// `kops rolling-update cluster` (§2.4) and `kops validate cluster` (§2.7) against the simulated
// cloud: which groups need a roll after which change (only once terraform applied the launch
// templates), the exact tables, --yes, the API checks.
import t from 'tap'
import { kopsSandbox, sampleManifest, target, type KopsSandbox } from '../kops/harness.ts'
import { terraformApply } from './helpers/terraform.ts'

const STATE = 's3://kops-state'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'
const ROLL = ['rolling-update', 'cluster', ...ARGS]
const SINGLE = "Detected single-control-plane cluster; won't detach before draining\n"
const HEADER = 'NAME\t\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\n'
const READY_ROWS = 'control-plane-eu-west-1a\tReady\t0\t\t1\t1\t1\t1\t1\nnodes-eu-west-1a\t\tReady\t0\t\t2\t2\t2\t2\t2\n'
const UNREACHABLE = 'Unable to reach the kubernetes API.\nUse --cloudonly to do a rolling-update without confirming progress with the k8s API\n\n'

async function cluster(manifest = sampleManifest()): Promise<KopsSandbox> {
  const k = kopsSandbox()
  k.write('cluster.yml', manifest)
  k.write('id.pub', RSA)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'id.pub'])
  return k
}

const updateOnly = (k: KopsSandbox) => k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes', '--create-kube-config=false'])
const admin = (k: KopsSandbox) => k.run(['export', 'kubeconfig', ...ARGS, '--admin'])

// kops writes kubernetes.tf, terraform applies it: what the runner's cluster-update + apply do.
async function update(k: KopsSandbox): Promise<void> {
  await updateOnly(k)
  await terraformApply(k)
}

async function change(k: KopsSandbox, manifest: string): Promise<void> {
  k.write('cluster.yml', manifest)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml'])
  await update(k)
}

t.test('the kube API: a kubeconfig context is needed, and a control plane that terraform applied', async (t) => {
  const k = await cluster()
  const noContext = await k.run(ROLL)
  t.same(noContext, { code: 1, stdout: '', stderr: `Error: cannot load kubecfg settings for "${NAME}": invalid configuration: [context was not found for specified context: ${NAME}, cluster has no server defined]\n` })
  await admin(k)
  const never = await k.run(ROLL)
  t.same(never, { code: 1, stdout: '', stderr: `${UNREACHABLE}Error: error listing nodes in cluster: Get "https://api.${NAME}/api/v1/nodes": dial tcp: lookup api.${NAME} on 127.0.0.53:53: no such host\n` })
  const cloudOnly = await k.run([...ROLL, '--cloudonly'])
  t.same(cloudOnly, { code: 0, stdout: `${SINGLE}NAME\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\n\nNo rolling-update required.\n`, stderr: '' })
  const other = { KUBECONFIG: `${k.cwd}/other-kubeconfig` }
  await k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=out'], other)
  t.same(await k.run(ROLL), never, 'update --target terraform alone creates no API server')
  t.same(await k.run([...ROLL, '--cloudonly']), cloudOnly, 'nor instances')
  await terraformApply(k)
  const anonymous = await k.run(ROLL, other)
  t.equal(anonymous.stderr, `${UNREACHABLE}Error: error listing nodes in cluster: Unauthorized\n`, 'update without --admin wrote a context without credentials')
  t.same(await k.run(ROLL), { code: 0, stdout: `${SINGLE}${HEADER}${READY_ROWS}\nNo rolling-update required.\n`, stderr: '' }, 'the context exported with --admin works once applied')
})

t.test('after the first update every group is Ready', async (t) => {
  const k = await cluster()
  await update(k)
  await admin(k)
  t.same(await k.run(ROLL), { code: 0, stdout: `${SINGLE}${HEADER}${READY_ROWS}\nNo rolling-update required.\n`, stderr: '' })
})

t.test('a new machineType needs a roll of that group only, once terraform applied it; --yes rolls it', async (t) => {
  const k = await cluster()
  await update(k)
  await admin(k)
  const ready = { code: 0, stdout: `${SINGLE}${HEADER}${READY_ROWS}\nNo rolling-update required.\n`, stderr: '' }
  k.write('cluster.yml', sampleManifest({ nodeMachineType: 'm5.large' }))
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml'])
  t.same(await k.run(ROLL), ready, 'not after a spec push')
  await updateOnly(k)
  t.same(await k.run(ROLL), ready, 'not after update cluster --target terraform either')
  const applied = await terraformApply(k)
  t.match(applied.stdout, /\naws_launch_template\.nodes-eu-west-1a-demo-example-com: Modifying\.\.\. \[id=lt-[0-9a-f]{17}\]\n/)
  t.notMatch(applied.stdout, /aws_launch_template\.control-plane\S*: Modifying/, 'the control plane template is unchanged')
  const dry = await k.run(ROLL)
  t.same(dry, {
    code: 0,
    stdout: `${SINGLE}NAME\t\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\ncontrol-plane-eu-west-1a\tReady\t\t0\t\t1\t1\t1\t1\t1\nnodes-eu-west-1a\t\tNeedsUpdate\t2\t\t0\t2\t2\t2\t2\n\nMust specify --yes to rolling-update.\n`,
    stderr: '',
  })
  const yes = await k.run([...ROLL, '--yes'])
  t.equal(yes.code, 0)
  t.equal(yes.stdout, dry.stdout.replace('\nMust specify --yes to rolling-update.\n', ''))
  const lines = yes.stderr.trimEnd().split('\n')
  t.equal(lines.filter((l) => /instancegroups.go:\d+\] Draining the node: "i-[0-9a-f]{17}"\.$/.test(l)).length, 2)
  t.equal(lines.filter((l) => l.endsWith('in group "nodes-eu-west-1a.demo.example.com" (this may take a while).')).length, 2)
  t.match(lines.at(-1), /^I1127 10:00:00.000000 {3}12345 rollingupdate.go:\d+\] Rolling update completed for cluster "demo.example.com"!$/)
  t.same(await k.run(ROLL), ready)
  await terraformApply(k)
  t.same(await k.run(ROLL), ready, 'an apply without changes leaves the instances alone')
})

t.test('kubernetesVersion reaches every group; sizes reach none', async (t) => {
  const k = await cluster()
  await update(k)
  await admin(k)
  await change(k, sampleManifest({ nodes: 3 }))
  t.match((await k.run(ROLL)).stdout, /nodes-eu-west-1a\t\tReady\t0\t\t3\t3\t3\t3\t3\n\nNo rolling-update required/, 'a bigger group is scaled, not rolled')
  await change(k, sampleManifest({ nodes: 3, kubernetesVersion: '1.29.7' }))
  const out = (await k.run(ROLL)).stdout
  t.match(out, /control-plane-eu-west-1a\tNeedsUpdate\t1\t/)
  t.match(out, /nodes-eu-west-1a\t\tNeedsUpdate\t3\t/)
})

t.test('selecting groups, --force, --cloudonly', async (t) => {
  const k = await cluster()
  await update(k)
  await admin(k)
  t.same(await k.run([...ROLL, '--instance-group=nope']), { code: 1, stdout: SINGLE, stderr: 'Error: InstanceGroup "nope" not found\n' })
  t.equal((await k.run([...ROLL, '--instance-group-roles=wizard'])).stderr, 'Error: invalid instance group role "wizard"\n')
  const cp = await k.run([...ROLL, '--instance-group-roles=control-plane', '--force'])
  t.equal(cp.stdout, `${SINGLE}NAME\t\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\ncontrol-plane-eu-west-1a\tReady\t0\t\t1\t1\t1\t1\t1\n\nMust specify --yes to rolling-update.\n`)
  const forced = await k.run([...ROLL, '--ig', 'nodes-eu-west-1a', '--force', '--yes', '--cloudonly'])
  t.equal(forced.code, 0)
  t.equal(forced.stdout, `${SINGLE}NAME\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\nnodes-eu-west-1a\tReady\t0\t\t2\t2\t2\t2\n`)
  t.equal((forced.stderr.match(/Not draining cluster nodes as 'cloudonly' flag is set\./g) ?? []).length, 2)
  t.notMatch(forced.stderr, /Validating the cluster/)
})

t.test('three control planes: no single-control-plane notice', async (t) => {
  const three = sampleManifest().replace('  minSize: 1\n  maxSize: 1\n', '  minSize: 3\n  maxSize: 3\n')
  const k = await cluster(three)
  await update(k)
  await admin(k)
  t.match((await k.run(ROLL)).stdout, /^NAME\t/)
})

t.test('validate cluster: unreachable before apply, ready after; JSON, not ready, --wait, --count', async (t) => {
  const k = await cluster()
  const VALIDATE = ['validate', 'cluster', ...ARGS]
  t.match((await k.run(VALIDATE)).stderr, /^Error: Validation failed: cannot load kubecfg settings for "demo.example.com"/)
  await updateOnly(k)
  await admin(k)
  const NO_HOST = `Get "https://api.${NAME}/api/v1/nodes": dial tcp: lookup api.${NAME} on 127.0.0.53:53: no such host`
  t.same(await k.run(VALIDATE), { code: 1, stdout: `Validating cluster ${NAME}\n\n`, stderr: `Error: Validation failed: unexpected error during validation: error listing nodes: ${NO_HOST}\n` }, 'not before terraform apply')
  t.same(await k.run([...VALIDATE, '--wait=10m', '-o', 'json']), {
    code: 1,
    stdout: '',
    stderr: `W1127 10:00:00.000000   12345 validate_cluster.go:184] (will retry): unexpected error during validation: error listing nodes: ${NO_HOST}\nError: Validation failed: wait time exceeded during validation\n`,
  })
  await terraformApply(k)
  const ready = await k.run(VALIDATE)
  t.equal(ready.code, 0)
  t.match(ready.stdout, /^Validating cluster demo.example.com\n\nINSTANCE GROUPS\nNAME\t\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tSUBNETS\ncontrol-plane-eu-west-1a\tControlPlane\tt3.medium\t1\t1\teu-west-1a\nnodes-eu-west-1a\t\tNode\t\tt3.medium\t2\t2\teu-west-1a\n\nNODE STATUS\nNAME\t\t\tROLE\t\tREADY\n/)
  t.match(ready.stdout, /\ni-[0-9a-f]{17}\tcontrol-plane\tTrue\n/)
  t.match(ready.stdout, /\n\nYour cluster demo.example.com is ready\n$/)
  const json = await k.run([...VALIDATE, '-o', 'json'])
  t.notOk(json.stdout.endsWith('\n'), 'compact JSON without a trailing newline')
  const parsed = JSON.parse(json.stdout) as { failures?: unknown; nodes: Array<{ role: string; zone: string; hostname: string; status: string }> }
  t.equal(parsed.failures, undefined)
  t.same(parsed.nodes.map((n) => n.role).sort(), ['control-plane', 'node', 'node'])
  t.match(parsed.nodes[0], { zone: 'eu-west-1a', hostname: /^i-[0-9a-f]{17}\.eu-west-1\.compute\.internal$/, status: 'True' })
  const sick = await k.run(VALIDATE, { TASKS_SANDBOX_KOPS_NOT_READY: 'nodes-eu-west-1a' })
  t.equal(sick.code, 1)
  t.match(sick.stdout, /\n\nVALIDATION ERRORS\nKIND\t\tNAME\t\t\tMESSAGE\nInstanceGroup\tnodes-eu-west-1a\tInstanceGroup "nodes-eu-west-1a" did not have enough nodes 0 vs 2\nMachine\t\ti-[0-9a-f]{17}\tmachine "i-[0-9a-f]{17}" has not yet joined cluster\n/)
  t.match(sick.stdout, /\n\nValidation Failed\n$/)
  t.equal(sick.stderr, 'Error: Validation failed: cluster not yet healthy\n')
  const waited = await k.run([...VALIDATE, '--wait=10m', '-o', 'json'], { TASKS_SANDBOX_KOPS_NOT_READY: '*' })
  t.equal(waited.stderr, 'W1127 10:00:00.000000   12345 validate_cluster.go:221] (will retry): cluster not yet healthy\nError: Validation failed: wait time exceeded during validation\n')
  const twice = await k.run([...VALIDATE, '--count=2', '--wait=1m', '-o', 'json'])
  t.equal(twice.code, 0)
  t.equal(twice.stdout, json.stdout + json.stdout, 'validated twice in a row')
  t.equal((await k.run([...VALIDATE, '--count=2', '-o', 'json'])).stderr.split('\n').at(-2), 'Error: Validation failed: cluster passed validation 1 consecutive times')
})

t.test('validate reports a group added to the spec until terraform applied it', async (t) => {
  const k = await cluster()
  await update(k)
  await admin(k)
  const extra = sampleManifest().split('---\n')[2].replaceAll('nodes-eu-west-1a', 'spot-eu-west-1a')
  k.write('extra.yml', extra)
  await k.run(['replace', ...ARGS, '-f', 'extra.yml', '--force'])
  await updateOnly(k)
  const r = await k.run(['validate', 'cluster', ...ARGS, '-o', 'json'])
  t.equal(r.code, 1)
  t.same(JSON.parse(r.stdout).failures, [{ type: 'InstanceGroup', name: 'spot-eu-west-1a', message: 'InstanceGroup "spot-eu-west-1a" is missing from the cloud provider' }])
  t.notMatch((await k.run(ROLL)).stdout, /spot-eu-west-1a/, 'rolling-update lists only groups the cloud has')
  await terraformApply(k)
  const after = await k.run(['validate', 'cluster', ...ARGS, '-o', 'json'])
  t.equal(after.code, 0)
  t.same((JSON.parse(after.stdout) as { nodes: unknown[] }).nodes.length, 5)
  t.equal(
    (await k.run(ROLL)).stdout,
    `${SINGLE}${HEADER}${READY_ROWS}spot-eu-west-1a\t\t\tReady\t0\t\t2\t2\t2\t2\t2\n\nNo rolling-update required.\n`,
    'launched with the current template: nothing to roll',
  )
})

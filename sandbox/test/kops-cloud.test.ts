// The simulated cloud both simulators share (sandbox/common/cloud.ts): kOps's
// `update cluster --target terraform` changes nothing in it; the sandbox terraform's apply records
// the launch templates and ASGs of kubernetes.tf (and the ASGs launch instances), its destroy
// removes them; `--target direct --yes` is the writer itself.
import t from 'tap'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { kopsSandbox, sampleManifest, target, type KopsSandbox } from '../kops/harness.ts'
import { cloudOf, terraformApply, terraformDestroy } from './helpers/terraform.ts'

const STATE = 's3://kops-state'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'
const TF = ['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes', '--create-kube-config=false']
const ROLL = ['rolling-update', 'cluster', ...ARGS]
const SINGLE = "Detected single-control-plane cluster; won't detach before draining\n"
const UNREACHABLE = `Unable to reach the kubernetes API.\nUse --cloudonly to do a rolling-update without confirming progress with the k8s API\n\nError: error listing nodes in cluster: Get "https://api.${NAME}/api/v1/nodes": dial tcp: lookup api.${NAME} on 127.0.0.53:53: no such host\n`

async function cluster(): Promise<KopsSandbox> {
  const k = kopsSandbox()
  k.write('cluster.yml', sampleManifest())
  k.write('id.pub', RSA)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'id.pub'])
  await k.run(['export', 'kubeconfig', ...ARGS, '--admin'])
  return k
}

async function push(k: KopsSandbox, manifest: string, args = TF): Promise<void> {
  k.write('cluster.yml', manifest)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml'])
  const r = await k.run(args)
  if (r.code !== 0) throw new Error(`kops ${args.join(' ')}: ${r.stderr}`)
}

const LT = /^lt-[0-9a-f]{17}$/
const I = /^i-[0-9a-f]{17}$/

t.test('terraform apply records launch templates, ASGs and instances; destroy removes them', async (t) => {
  const k = await cluster()
  await k.run(TF)
  t.equal(cloudOf(k, NAME), undefined, 'update --target terraform writes no cloud')
  t.notOk(existsSync(join(k.env.TASKS_SANDBOX_DIR, 'cloud')))
  await terraformApply(k)
  const cloud = cloudOf(k, NAME)
  t.match(cloud, {
    cluster: NAME,
    serial: 3,
    groups: {
      'control-plane-eu-west-1a': {
        role: 'ControlPlane',
        launchTemplate: { name: `control-plane-eu-west-1a.masters.${NAME}`, id: LT, version: 1, hash: /^[0-9a-f]{16}$/ },
        asg: { name: `control-plane-eu-west-1a.masters.${NAME}`, min: 1, max: 1, launchTemplate: { id: LT, version: 1 } },
        instances: [{ id: I, launchTemplate: { id: LT, version: 1 } }],
      },
      'nodes-eu-west-1a': { role: 'Node', asg: { name: `nodes-eu-west-1a.${NAME}`, min: 2, max: 2 }, instances: [{ id: I }, { id: I }] },
    },
  })
  t.same(Object.keys(cloud?.groups ?? {}), ['control-plane-eu-west-1a', 'nodes-eu-west-1a'])
  const nodes = cloud?.groups['nodes-eu-west-1a']
  t.same(nodes?.instances.map((i) => i.launchTemplate), [nodes?.asg?.launchTemplate, nodes?.asg?.launchTemplate], 'launched with the ASG\'s template version')
  t.equal(nodes?.asg?.launchTemplate.id, nodes?.launchTemplate?.id)
  t.equal((await k.run(['validate', 'cluster', ...ARGS, '-o', 'json'])).code, 0)

  const destroyed = await terraformDestroy(k)
  t.match(destroyed.stdout, /\nDestroy complete! Resources: \d+ destroyed\.\n$/)
  t.equal(cloudOf(k, NAME), undefined, 'the instances are gone with the ASGs')
  t.same(await k.run(ROLL), { code: 1, stdout: '', stderr: UNREACHABLE })
  t.same(await k.run([...ROLL, '--cloudonly']), { code: 0, stdout: `${SINGLE}NAME\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\n\nNo rolling-update required.\n`, stderr: '' })
  t.match((await k.run(['validate', 'cluster', ...ARGS])).stderr, /^Error: Validation failed: unexpected error during validation: error listing nodes: Get "https:\/\/api\.demo\.example\.com\/api\/v1\/nodes": dial tcp: lookup/)
})

t.test('ASG sizes: applied sizes launch or terminate instances, nothing to roll', async (t) => {
  const k = await cluster()
  await k.run(TF)
  await terraformApply(k)
  const before = cloudOf(k, NAME)?.groups['nodes-eu-west-1a'].instances.map((i) => i.id) ?? []
  await push(k, sampleManifest({ nodes: 3 }))
  t.equal(cloudOf(k, NAME)?.groups['nodes-eu-west-1a'].instances.length, 2, 'not before apply')
  await terraformApply(k)
  const grown = cloudOf(k, NAME)?.groups['nodes-eu-west-1a']
  t.same(grown?.instances.map((i) => i.id).slice(0, 2), before, 'the running instances stay')
  t.equal(grown?.instances.length, 3)
  t.equal(grown?.launchTemplate?.version, 1, 'a size is not in the launch template')
  t.match((await k.run(ROLL)).stdout, /\nnodes-eu-west-1a\t\tReady\t0\t\t3\t3\t3\t3\t3\n\nNo rolling-update required\.\n$/)
  await push(k, sampleManifest({ nodes: 1 }))
  await terraformApply(k)
  t.same(cloudOf(k, NAME)?.groups['nodes-eu-west-1a'].instances.map((i) => i.id), before.slice(0, 1))
})

t.test('a changed template: a new version, and only its group needs a roll', async (t) => {
  const k = await cluster()
  await k.run(TF)
  await terraformApply(k)
  await push(k, sampleManifest({ nodeMachineType: 'm5.large' }))
  await terraformApply(k)
  const cloud = cloudOf(k, NAME)
  t.equal(cloud?.groups['nodes-eu-west-1a'].launchTemplate?.version, 2)
  t.equal(cloud?.groups['nodes-eu-west-1a'].asg?.launchTemplate.version, 2)
  t.same(cloud?.groups['nodes-eu-west-1a'].instances.map((i) => i.launchTemplate.version), [1, 1], 'running instances keep the version they were launched with')
  t.equal(cloud?.groups['control-plane-eu-west-1a'].launchTemplate?.version, 1)
  const roll = await k.run([...ROLL, '--yes'])
  t.equal(roll.code, 0)
  t.same(cloudOf(k, NAME)?.groups['nodes-eu-west-1a'].instances.map((i) => i.launchTemplate.version), [2, 2], 'relaunched with the current version')
  t.same(cloudOf(k, NAME)?.groups['control-plane-eu-west-1a'].instances, cloud?.groups['control-plane-eu-west-1a'].instances, 'the control plane was not touched')
})

t.test('--target direct --yes is the cloud writer itself', async (t) => {
  const k = await cluster()
  const DIRECT = ['update', 'cluster', ...ARGS, '--yes', '--create-kube-config=false']
  t.equal((await k.run(['update', 'cluster', ...ARGS])).code, 0)
  t.equal(cloudOf(k, NAME), undefined, 'a dry run writes nothing')
  await k.run(DIRECT)
  const cloud = cloudOf(k, NAME)
  t.same(Object.values(cloud?.groups ?? {}).map((g) => [g.role, g.launchTemplate?.version, g.asg?.min, g.instances.length]), [['ControlPlane', 1, 1, 1], ['Node', 1, 2, 2]])
  await k.run(DIRECT)
  t.same(cloudOf(k, NAME), cloud, 'an update without changes changes nothing')
  await push(k, sampleManifest({ nodeMachineType: 'm5.large' }), DIRECT)
  t.equal(cloudOf(k, NAME)?.groups['nodes-eu-west-1a'].launchTemplate?.version, 2)
  t.same(await k.run(ROLL), {
    code: 0,
    stdout: `${SINGLE}NAME\t\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\ncontrol-plane-eu-west-1a\tReady\t\t0\t\t1\t1\t1\t1\t1\nnodes-eu-west-1a\t\tNeedsUpdate\t2\t\t0\t2\t2\t2\t2\n\nMust specify --yes to rolling-update.\n`,
    stderr: '',
  })
})

t.test('terraform resources without kOps\'s tags reach no cluster\'s cloud', async (t) => {
  const k = kopsSandbox()
  k.write('plain/main.tf', 'resource "aws_launch_template" "x" {\n  name = "x"\n  tags = { Name = "x" }\n}\n\nresource "aws_autoscaling_group" "x" {\n  name     = "x"\n  min_size = 1\n  max_size = 1\n}\n')
  const r = await terraformApply(k, 'plain')
  t.match(r.stdout, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./)
  t.notOk(existsSync(join(k.env.TASKS_SANDBOX_DIR, 'cloud')))
})

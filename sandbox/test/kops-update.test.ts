// `kops update cluster` (§2.3): validation, the SSH key rule, the terraform target's files and
// messages, determinism, and conformance with real kOps output for the `minimal` and
// `shared_subnet` fixtures.
import t from 'tap'
import { parse } from '@cdktf/hcl2json'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { kopsSandbox, sampleManifest, target, type KopsSandbox } from '../kops/harness.ts'
import { fixture, needsShared } from '../../test/helpers/shared.ts'

const STATE = 's3://kops-state'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'
// The runner's flags (modules/tools/kops.ts kopsUpdateTerraform).
const TF = ['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes=true', '--create-kube-config=false']
const KLOG = 'I1127 10:00:00.000000   12345 '

async function setUp(manifest = sampleManifest(), key = true): Promise<KopsSandbox> {
  const k = kopsSandbox()
  k.write('cluster.yml', manifest)
  k.write('id.pub', RSA)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  if (key) await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'id.pub'])
  return k
}

t.test('without an SSH key the update fails with the exact error and writes nothing', async (t) => {
  const k = await setUp(sampleManifest(), false)
  const r = await k.run(TF)
  t.same(r, { code: 1, stdout: '', stderr: `Error: SSH public key must be specified when running with AWS (create with \`kops create sshpublickey --name ${NAME} -i ~/.ssh/id_rsa.pub\`)\n` })
  t.notOk(k.exists('out'))
  const keyless = await setUp(sampleManifest().replace('  cloudProvider: aws\n', '  cloudProvider: aws\n  sshKeyName: ""\n'), false)
  t.equal((await keyless.run(TF)).code, 0, 'sshKeyName "" means no key')
  t.notMatch(keyless.read('out/kubernetes.tf'), /aws_key_pair|key_name/)
})

t.test('cross-validation errors stop the update before anything is written', async (t) => {
  const badMember = await setUp(sampleManifest().replace('    - name: a\n      instanceGroup: control-plane-eu-west-1a\n  - name: events', '    - name: a\n      instanceGroup: control-plane-zz\n  - name: events'))
  const r = await badMember.run(TF)
  t.equal(r.code, 1)
  t.equal(r.stderr, 'Error: spec.etcdClusters[0].etcdMembers[0].instanceGroup: Not found: "control-plane-zz"\n')
  t.notOk(badMember.exists('out'))
  t.notOk(badMember.exists(`.sandbox-state/s3/kops-state/${NAME}/cluster-completed.spec`))
  const badSubnet = await setUp(sampleManifest().replace(/  subnets:\n  - eu-west-1a\n$/, '  subnets:\n  - eu-west-1z\n'))
  t.equal((await badSubnet.run(TF)).stderr, 'Error: spec.subnets[0]: Not found: "eu-west-1z"\n')
  const noNodes = await setUp(sampleManifest().split('---\n').slice(0, 2).join('---\n'))
  t.equal((await noNodes.run(TF)).stderr, 'Error: must configure at least one Node InstanceGroup\n')
})

t.test('the terraform target writes kubernetes.tf and data/, the store, and says where', async (t) => {
  const k = await setUp()
  const r = await k.run(TF)
  t.equal(r.code, 0)
  t.equal(r.stdout, '\nTerraform output has been placed into out\n\nChanges may require instances to restart: kops rolling-update cluster\n\n')
  t.match(r.stderr, new RegExp(`^${KLOG}executor.go:111\\] Tasks: 0 done / \\d+ total; \\d+ can run\\n`))
  t.match(r.stderr, new RegExp(`${KLOG}target.go:312\\] Terraform output is in out\\n$`))
  t.same(k.list('out'), ['data', 'kubernetes.tf'])
  const tf = k.read('out/kubernetes.tf')
  const referenced = [...tf.matchAll(/\$\{path\.module\}\/data\/([^"]+)"/g)].map((m) => m[1]).sort()
  t.same(k.list('out/data'), [...new Set(referenced)], 'one data file per file()/filebase64() reference')
  const store = join(k.s3(STATE), NAME)
  t.same(readdirSync(store).sort(), ['.sandbox', 'cluster-completed.spec', 'config', 'instancegroup', 'kops-version.txt', 'pki'])
  t.equal(readFileSync(join(store, 'cluster-completed.spec'), 'utf8'), k.read('out/data/aws_s3_object_cluster-completed.spec_content'))
  t.match(tf, /provider "aws" \{\n {2}alias {2}= "files"\n {2}region = "eu-west-1"\n\}/)
  t.match(tf, /\nterraform \{\n {2}required_version = ">= 0.15.0"\n {2}required_providers \{\n {4}aws = \{\n {6}"configuration_aliases" = \[aws.files\]\n {6}"source" {16}= "hashicorp\/aws"\n {6}"version" {15}= ">= 5.0.0"\n {4}\}\n {2}\}\n\}\n$/)
})

t.test('same input, same bytes', async (t) => {
  const k = await setUp()
  await k.run(TF)
  await k.run([...TF.filter((a) => a !== '--out=out'), '--out=again'], { TASKS_SANDBOX_NOW: '2031-05-05T05:05:05Z' })
  t.equal(k.read('again/kubernetes.tf'), k.read('out/kubernetes.tf'))
  t.same(k.list('again/data'), k.list('out/data'))
  for (const file of k.list('out/data')) t.equal(k.read(`again/data/${file}`), k.read(`out/data/${file}`), file)
})

t.test('first run with a kubeconfig: context, apply hints, suggestions, warning', async (t) => {
  const k = await setUp()
  const r = await k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=tf'])
  t.equal(
    r.stdout,
    `kOps has set your kubectl context to ${NAME}\n\nTerraform output has been placed into tf\nRun these commands to apply the configuration:\n   cd tf\n   terraform plan\n   terraform apply\n\n` +
      'Suggestions:\n * validate cluster: kops validate cluster --wait 10m\n * list nodes: kubectl get nodes --show-labels\n' +
      ` * ssh to a control-plane node: ssh -i ~/.ssh/id_rsa ubuntu@api.${NAME}\n` +
      ' * the ubuntu user is specific to Ubuntu. If not using Ubuntu please use the appropriate user based on your OS.\n * read about installing addons at: https://kops.sigs.k8s.io/addons.\n\n',
  )
  t.match(r.stderr, /update_cluster.go:326\] Exporting kubeconfig for cluster\nW1127 10:00:00.000000 {3}12345 update_cluster.go:350\] Exported kubeconfig with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`\n$/)
  t.match(k.read('kube/config'), new RegExp(`current-context: ${NAME.replaceAll('.', '\\.')}\n`))
  const second = await k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=tf', '--admin'])
  t.equal(second.stdout, `kOps has set your kubectl context to ${NAME}\n\nTerraform output has been placed into tf\n\nChanges may require instances to restart: kops rolling-update cluster\n\n`)
  t.notMatch(second.stderr, /no user authentication/)
  t.equal((await k.run([...TF, '--admin', '--user=bob'])).stderr, 'Error: cannot use both --admin and --user\n')
})

t.test('--target direct without --yes is a dry run', async (t) => {
  const k = await setUp()
  const dry = await k.run(['update', 'cluster', ...ARGS])
  t.equal(dry.code, 0)
  t.match(dry.stdout, /^Will create resources:\n {2}AutoscalingGroup\/control-plane-eu-west-1a.masters.demo.example.com\n/)
  t.match(dry.stdout, /\n\nMust specify --yes to apply changes\n$/)
  t.notOk(k.exists(`.sandbox-state/s3/kops-state/${NAME}/cluster-completed.spec`), 'nothing applied')
  t.equal((await k.run(['update', 'cluster', ...ARGS, '--yes', '--create-kube-config=false'])).stdout, '\nCluster changes have been applied to the cloud.\n\n\nChanges may require instances to restart: kops rolling-update cluster\n\n')
  t.equal((await k.run(['update', 'cluster', ...ARGS])).stdout, 'No changes need to be applied\n')
  k.write('cluster.yml', sampleManifest({ nodeMachineType: 'm5.large' }))
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml'])
  t.equal((await k.run(['update', 'cluster', ...ARGS])).stdout, 'Will modify resources:\n  LaunchTemplate/nodes-eu-west-1a.demo.example.com\n\nMust specify --yes to apply changes\n')
})

// Top-level block headers in order, e.g. `resource aws_vpc x`.
const headers = (tf: string): string[] => [...tf.matchAll(/^(\w+)((?: "[^"]+")*) \{$/gm)].map((m) => `${m[1]}${m[2].replaceAll('"', '')}`)

// What legitimately differs from the real fixture: the AMI lookup, the SSH key, the provider floor.
const normalise = (tf: string): string =>
  tf
    .replace(/ami-[0-9a-f]{8}/g, 'ami-X')
    .replace(/(kubernetes[-.][\w.-]+?-)(?:[0-9a-f]{2}:?){16}/g, '$1KEY')
    .replace(/"version" {15}= ">= [45].0.0"/, '"version" = "AWS"')

for (const example of ['minimal', 'shared_subnet']) {
  t.test(`conformance with real kOps output: ${example}`, { skip: needsShared }, async (t) => {
    const manifest = fixture(`kops/manifests/${example}/in-v1alpha2.yaml`)
    const name = /^ {2}name: (\S+)$/m.exec(manifest)?.[1] ?? ''
    const k = kopsSandbox()
    k.write('in.yaml', manifest)
    k.write('id.pub', RSA)
    const args = target('s3://testingBucket/clusters.example.com', name)
    await k.run(['replace', ...args, '-f', 'in.yaml', '--force'])
    await k.run(['create', 'sshpublickey', ...args, '-i', 'id.pub'])
    const r = await k.run(['update', 'cluster', ...args, '--target=terraform', '--out=out', '--create-kube-config=false'])
    t.equal(r.code, 0, r.stderr)
    const ours = k.read('out/kubernetes.tf')
    const real = fixture(`kops/terraform-out/${example}/kubernetes.tf`)
    t.same(headers(ours).map((h) => h.replace(/-[0-9a-f]{32}$/, '')), headers(real).map((h) => h.replace(/-[0-9a-f]{32}$/, '')), 'same blocks in the same order')
    const [mine, theirs] = await Promise.all([parse('ours.tf', ours), parse('real.tf', real)])
    t.same(Object.keys(mine.resource).sort(), Object.keys(theirs.resource).sort(), 'same resource types')
    t.same(Object.keys(mine.data ?? {}), Object.keys(theirs.data ?? {}), 'same data sources')
    t.same(mine.provider, theirs.provider, 'both provider blocks, the second with alias = "files"')
    t.same(Object.keys(mine.terraform[0].required_providers[0].aws), ['configuration_aliases', 'source', 'version'])
    const files = fixture(`kops/terraform-out/${example}/data-files.DERIVED.txt`).split('\n').filter((l) => l && !l.startsWith('#'))
    t.same(k.list('out/data').map((f) => f.replace(/[0-9a-f]{32}/, 'KEY')), files.map((f) => f.replace(/[0-9a-f]{32}/, 'KEY')).sort(), 'the same data files')
    t.equal(normalise(ours), normalise(real), 'byte for byte, but for AMI, key fingerprint and provider version')
  })
}

// `kops replace` (§2.1) and `kops create sshpublickey` (§2.2), in-process, with the state store
// layout on disk.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { kopsSandbox, sampleManifest, target } from '../kops/harness.ts'
import { fixture, fixtureDir } from '../../test/helpers/shared.ts'

const STATE = 's3://kops-state/clusters'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'
/** The `Error: …` line of a run (klog lines before it are not part of the check). */
const errorLine = (r: { stderr: string }): string => r.stderr.split('\n').filter((l) => l.startsWith('Error: ')).join('\n')
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILC0keL2pmHX+7dPmFr1UcQ8rqNkWnYKms1csx5iyp5E ed@example\n'

t.test('replace --force creates the cluster and its groups in kOps layout, silently', async (t) => {
  const k = kopsSandbox()
  k.write('cluster.yml', sampleManifest())
  const r = await k.run(['replace', ...ARGS, '--filename=cluster.yml', '--force=true'])
  t.equal(r.code, 0)
  t.equal(r.stdout, '')
  t.equal(
    r.stderr,
    'I1127 10:00:00.000000   12345 replace.go:178] instanceGroup: control-plane-eu-west-1a was not found, creating resource now\n' +
      'I1127 10:00:00.000000   12345 replace.go:178] instanceGroup: nodes-eu-west-1a was not found, creating resource now\n',
  )
  const dir = join(k.s3(STATE), NAME)
  t.same(readdirSync(dir).sort(), ['config', 'instancegroup', 'kops-version.txt'])
  t.same(readdirSync(join(dir, 'instancegroup')).sort(), ['control-plane-eu-west-1a', 'nodes-eu-west-1a'])
  const config = readFileSync(join(dir, 'config'), 'utf8')
  t.match(config, /^apiVersion: kops.k8s.io\/v1alpha2\nkind: Cluster\nmetadata:\n  creationTimestamp: "2024-11-27T10:00:00Z"\n  name: demo.example.com\nspec:\n/)
  t.equal(readFileSync(join(dir, 'kops-version.txt'), 'utf8'), '1.28.4')
  const again = await k.run(['replace', ...ARGS, '-f', 'cluster.yml'], { TASKS_SANDBOX_NOW: '2030-01-01T00:00:00Z' })
  t.same(again, { code: 0, stdout: '', stderr: '' }, 'existing objects are replaced without --force')
  t.match(readFileSync(join(dir, 'config'), 'utf8'), /creationTimestamp: "2024-11-27T10:00:00Z"/, 'the creation time is kept')
})

t.test('without --force: missing cluster, missing instance group', async (t) => {
  const k = kopsSandbox()
  const [cluster, , nodes] = sampleManifest().split('---\n')
  k.write('all.yml', sampleManifest())
  t.same(await k.run(['replace', ...ARGS, '-f', 'all.yml']), { code: 1, stdout: '', stderr: `Error: cluster ${NAME} does not exist (try adding --force flag)\n` })
  k.write('cluster.yml', cluster)
  t.equal((await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])).code, 0)
  k.write('nodes.yml', nodes)
  t.same(await k.run(['replace', ...ARGS, '-f', 'nodes.yml']), { code: 1, stdout: '', stderr: 'Error: instanceGroup: nodes-eu-west-1a does not exist (try adding --force flag)\n' })
})

t.test('an instance group needs its cluster first, and the cluster label', async (t) => {
  const k = kopsSandbox()
  const [cluster, cp] = sampleManifest().split('---\n')
  k.write('reversed.yml', `${cp}---\n${cluster}`)
  t.same(await k.run(['replace', ...ARGS, '-f', 'reversed.yml', '--force']), { code: 1, stdout: '', stderr: `Error: cluster "${NAME}" not found\n` })
  k.write('unlabelled.yml', `${cluster}---\n${cp.replace(/  labels:\n.*\n/, '')}`)
  const r = await k.run(['replace', ...ARGS, '-f', 'unlabelled.yml', '--force'])
  t.same(r, { code: 1, stdout: '', stderr: 'Error: must specify "kops.k8s.io/cluster" label with cluster name to replace instanceGroup\n' })
  t.ok(k.exists(`.sandbox-state/s3/kops-state/clusters/${NAME}/config`), 'documents before the failing one were written')
})

t.test('per-object validation and decoding errors read like kOps', async (t) => {
  const k = kopsSandbox()
  k.write('subnet.yml', sampleManifest().replace('type: Public', 'type: Foo'))
  t.equal((await k.run(['replace', ...ARGS, '-f', 'subnet.yml', '--force'])).stderr, 'Error: error creating cluster: spec.subnets[0].type: Unsupported value: "Foo": supported values: "DualStack", "Private", "Public", "Utility"\n')
  k.write('role.yml', sampleManifest().replace('role: Node', 'role: Boss'))
  t.equal(errorLine(await k.run(['replace', ...ARGS, '-f', 'role.yml', '--force'])), 'Error: error creating instanceGroup: spec.role: Unsupported value: "Boss": supported values: "APIServer", "Bastion", "ControlPlane", "Node"')
  k.write('version.yml', sampleManifest().replace('kops.k8s.io/v1alpha2\nkind: Cluster', 'kops.k8s.io/v9\nkind: Cluster'))
  t.equal((await k.run(['replace', ...ARGS, '-f', 'version.yml', '--force'])).stderr, 'Error: error parsing file "version.yml": no kind "Cluster" is registered for version "kops.k8s.io/v9" in scheme "k8s.io/kops/pkg/kopscodecs/codecs.go:32"\n')
  k.write('sizes.yml', sampleManifest().replace('  maxSize: 2', '  maxSize: 1'))
  t.equal(errorLine(await k.run(['replace', ...ARGS, '-f', 'sizes.yml', '--force'])), 'Error: error creating instanceGroup: spec.maxSize: Invalid value: 1: maxSize must be greater than or equal to minSize.')
  t.equal((await k.run(['replace', ...ARGS, '-f', 'nope.yml'])).stderr, 'Error: error reading file "nope.yml": open nope.yml: no such file or directory\n')
  t.equal((await k.run(['replace', ...ARGS])).stderr, 'Error: required flag(s) "filename" not set\n')
  t.equal((await k.run(['replace', ...ARGS, '-f', '-'])).code, 1, 'stdin is not simulated')
})

t.test('every fixture manifest is accepted by replace --force', async (t) => {
  const dirs = fixtureDir('kops/manifests')
  t.ok(dirs.length >= 8)
  for (const dir of dirs) {
    const k = kopsSandbox()
    const text = fixture(`kops/manifests/${dir}/in-v1alpha2.yaml`)
    k.write('in.yaml', text)
    const r = await k.run(['replace', '--state=s3://fixtures', '-f', 'in.yaml', '--force'])
    t.equal(r.code, 0, `${dir}: ${r.stderr}`)
    t.equal(r.stdout, '')
    const name = /^  name: (\S+)$/m.exec(text)?.[1] ?? ''
    const groups = (text.match(/^kind: InstanceGroup$/gm) ?? []).length
    t.equal(k.list(`.sandbox-state/s3/fixtures/${name}/instancegroup`).length, groups, `${dir}: ${groups} instance groups stored`)
  }
  const k = kopsSandbox()
  k.write('seed.yml', fixture('seed-template/expected-cluster.yml'))
  t.equal((await k.run(['replace', '--state=s3://fixtures', '-f', 'seed.yml', '--force'])).code, 0, 'the seed template rendering too')
})

t.test('create sshpublickey stores the key under its MD5 fingerprint', async (t) => {
  const k = kopsSandbox()
  k.write('cluster.yml', sampleManifest())
  k.write('id_rsa.pub', RSA)
  k.write('id_ed25519.pub', ED25519)
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'id_rsa.pub']), { code: 1, stdout: '', stderr: `Error: cluster "${NAME}" not found\n` })
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '--ssh-public-key=id_rsa.pub']), { code: 0, stdout: '', stderr: '' })
  t.same(await k.run(['create', 'secret', 'sshpublickey', 'admin', '-i', 'id_ed25519.pub', `--name=${NAME}`, `--state=${STATE}`]), { code: 0, stdout: '', stderr: '' })
  const keys = join(k.s3(STATE), NAME, 'pki/ssh/public/admin')
  t.same(readdirSync(keys).sort(), ['4b064a1bcb3dbcb1081ae7a485c94d22', 'b89d976ea7187c27f7bc09dc75bfe351'], 'ssh-keygen -E md5 fingerprints, colons removed')
  t.equal(readFileSync(join(keys, '4b064a1bcb3dbcb1081ae7a485c94d22'), 'utf8'), RSA)
  t.equal((await k.run(['create', 'sshpublickey', ...ARGS])).stderr, 'Error: required flag(s) "ssh-public-key" not set\n')
  k.write('bad.pub', 'not a key\n')
  t.equal((await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'bad.pub'])).stderr, 'Error: error adding SSH public key: error parsing SSH public key: ssh: no key found\n')
  t.equal((await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'gone.pub'])).stderr, 'Error: error reading SSH public key gone.pub: open gone.pub: no such file or directory\n')
})

t.test('an SSHCredential document adds a key too', async (t) => {
  const k = kopsSandbox()
  const credential = `apiVersion: kops.k8s.io/v1alpha2\nkind: SSHCredential\nmetadata:\n  name: admin\n  labels:\n    kops.k8s.io/cluster: ${NAME}\nspec:\n  publicKey: "${RSA.trim()}"\n`
  k.write('all.yml', `${sampleManifest()}---\n${credential}`)
  t.equal((await k.run(['replace', ...ARGS, '-f', 'all.yml', '--force'])).code, 0)
  t.same(k.list(`.sandbox-state/s3/kops-state/clusters/${NAME}/pki/ssh/public/admin`), ['4b064a1bcb3dbcb1081ae7a485c94d22'])
})

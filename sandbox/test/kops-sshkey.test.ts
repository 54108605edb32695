// SSH admin keys as kOps handles them: `create sshpublickey` adds a key next to the existing ones,
// `delete sshpublickey` removes them all (RunDeleteSSHPublicKey), and `update cluster` refuses on
// AWS when more than one is stored; a key rotated by delete + create reaches the launch templates,
// so after terraform applied them every group needs a roll.
import t from 'tap'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { kopsSandbox, sampleManifest, target, type KopsSandbox } from '../kops/harness.ts'
import { terraformApply } from './helpers/terraform.ts'

const STATE = 's3://kops-state'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILC0keL2pmHX+7dPmFr1UcQ8rqNkWnYKms1csx5iyp5E ed@example\n'
const TF = ['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes=true', '--create-kube-config=false']
const MULTIPLE = "Error: exactly one 'admin' SSH public key can be specified when running with AWS; please delete a key using `kops delete secret`\n"
const DEPRECATED = '\n\nClusterName as positional argument is deprecated and will be removed in a future version\n\n'
const OK = { code: 0, stdout: '', stderr: '' }

async function setUp(): Promise<KopsSandbox> {
  const k = kopsSandbox()
  k.write('cluster.yml', sampleManifest())
  k.write('rsa.pub', RSA)
  k.write('ed.pub', ED25519)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  return k
}

const keysDir = (k: KopsSandbox): string => join(k.s3(STATE), NAME, 'pki/ssh/public/admin')
const keys = (k: KopsSandbox): string[] => (existsSync(keysDir(k)) ? readdirSync(keysDir(k)).sort() : [])

t.test('delete sshpublickey removes every admin key of the cluster, silently', async (t) => {
  const k = await setUp()
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'rsa.pub']), OK)
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'ed.pub']), OK, 'a second key is added next to the first')
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'ed.pub']), OK, 'the same key again is the same object')
  t.same(keys(k), ['4b064a1bcb3dbcb1081ae7a485c94d22', 'b89d976ea7187c27f7bc09dc75bfe351'], 'stored under their OpenSSH MD5 fingerprints')
  t.same(await k.run(['delete', 'sshpublickey', ...ARGS]), OK)
  t.same(keys(k), [])
  t.same(await k.run(['delete', 'sshpublickey', ...ARGS]), OK, 'no key to delete is fine')
  t.same(await k.run(['delete', 'sshpublickey', NAME, `--state=${STATE}`]), { code: 0, stdout: '', stderr: DEPRECATED }, 'the cluster as a positional argument')
  t.same(await k.run(['delete', 'sshpublickey', ...target(STATE, 'nope.example.com')]), { code: 1, stdout: '', stderr: 'Error: cluster "nope.example.com" not found\n' })
  t.same(await k.run(['delete', 'sshpublickey', `--state=${STATE}`]), { code: 1, stdout: '', stderr: 'Error: --name is required\n' })
  t.same(await k.run(['delete', 'sshpublickey', `--name=${NAME}`]), {
    code: 1,
    stdout: '',
    stderr: 'Error: State Store: Required value: Please set the --state flag or export KOPS_STATE_STORE.\nFor example, a valid value follows the format s3://<bucket>.\nYou can find the supported stores in https://kops.sigs.k8s.io/state.\n',
  })
})

t.test('two different admin keys: update refuses with kOps\'s message and writes nothing', async (t) => {
  const k = await setUp()
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'rsa.pub'])
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'ed.pub'])
  t.same(await k.run(TF), { code: 1, stdout: '', stderr: MULTIPLE })
  t.notOk(k.exists('out'), 'no kubernetes.tf')
  t.same(readdirSync(join(k.s3(STATE), NAME)).sort(), ['config', 'instancegroup', 'kops-version.txt', 'pki'], 'no completed spec, no applied state')
  t.same(await k.run(['update', 'cluster', ...ARGS, '--yes', '--create-kube-config=false']), { code: 1, stdout: '', stderr: MULTIPLE }, 'the direct target too')
  t.same(await k.run(['update', 'cluster', ...ARGS]), { code: 1, stdout: '', stderr: MULTIPLE }, 'and its dry run')
  t.notOk(existsSync(join(k.env.TASKS_SANDBOX_DIR, 'cloud')), 'nothing reached the cloud')
})

t.test('a key rotated by delete + create: update works and, once applied, every group needs a roll', async (t) => {
  const k = await setUp()
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'rsa.pub'])
  t.equal((await k.run(TF)).code, 0)
  t.match(k.read('out/kubernetes.tf'), /\n {2}key_name {3}= "kubernetes\.demo\.example\.com-eb:41:5c:25:6b:d2:b5:ce:8d:21:55:fb:60:bc:d8:f4"\n/)
  await terraformApply(k)
  await k.run(['export', 'kubeconfig', ...ARGS, '--admin'])
  t.same(await k.run(['delete', 'sshpublickey', ...ARGS]), OK)
  t.same(await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'ed.pub']), OK)
  const r = await k.run(TF)
  t.equal(r.code, 0, r.stderr)
  const tf = k.read('out/kubernetes.tf')
  t.match(tf, /\n {2}key_name {3}= "kubernetes\.demo\.example\.com-SHA256:fu1clf7wfQ3Bd3LSOkDG30YedHNiDNjvBZvvgihwIRw"\n/, 'the new key pair')
  t.notMatch(tf, /eb:41:5c:25:6b:d2:b5:ce:8d:21:55:fb:60:bc:d8:f4/, 'the old one is gone')
  const ROLL = ['rolling-update', 'cluster', ...ARGS]
  const head = "Detected single-control-plane cluster; won't detach before draining\n"
  t.same(await k.run(ROLL), {
    code: 0,
    stdout: `${head}NAME\t\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\ncontrol-plane-eu-west-1a\tReady\t0\t\t1\t1\t1\t1\t1\nnodes-eu-west-1a\t\tReady\t0\t\t2\t2\t2\t2\t2\n\nNo rolling-update required.\n`,
    stderr: '',
  }, 'not before terraform applied the new launch templates')
  await terraformApply(k)
  t.same(await k.run(ROLL), {
    code: 0,
    stdout:
      `${head}NAME\t\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\ncontrol-plane-eu-west-1a\tNeedsUpdate\t1\t\t0\t1\t1\t1\t1\n` +
      'nodes-eu-west-1a\t\tNeedsUpdate\t2\t\t0\t2\t2\t2\t2\n\nMust specify --yes to rolling-update.\n',
    stderr: '',
  })
})

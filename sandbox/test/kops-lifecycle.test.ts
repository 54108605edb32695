// `kops get all` (§2.6), `kops export kubeconfig` (§2.8) and `kops delete cluster` (§2.5).
import t from 'tap'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { kopsSandbox, sampleManifest, target, type KopsSandbox } from '../kops/harness.ts'
import { cloudOf, terraformApply } from './helpers/terraform.ts'

const STATE = 's3://kops-state/team'
const NAME = 'demo.example.com'
const ARGS = target(STATE, NAME)
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'

// updated: kops wrote kubernetes.tf and the sandbox terraform applied it.
async function cluster(updated: boolean): Promise<KopsSandbox> {
  const k = kopsSandbox()
  k.write('cluster.yml', sampleManifest())
  k.write('id.pub', RSA)
  await k.run(['replace', ...ARGS, '-f', 'cluster.yml', '--force'])
  await k.run(['create', 'sshpublickey', ...ARGS, '-i', 'id.pub'])
  if (updated) {
    await k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes', '--create-kube-config=false'])
    await terraformApply(k)
  }
  return k
}

t.test('get all: table, yaml, json; a missing cluster is an error', async (t) => {
  const k = await cluster(false)
  t.same(await k.run(['get', 'all', ...ARGS]), {
    code: 0,
    stdout:
      'Cluster\nNAME\t\t\tCLOUD\tZONES\ndemo.example.com\taws\teu-west-1a\n\nInstance Groups\n' +
      'NAME\t\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tZONES\ncontrol-plane-eu-west-1a\tControlPlane\tt3.medium\t1\t1\teu-west-1a\nnodes-eu-west-1a\t\tNode\t\tt3.medium\t2\t2\teu-west-1a\n',
    stderr: '',
  })
  const yaml = (await k.run(['get', 'all', ...ARGS, '-o', 'yaml'])).stdout
  const docs = yaml.split('\n---\n\n')
  t.equal(docs.length, 3)
  t.same(docs.map((d) => (YAML.parse(d) as { kind: string }).kind), ['Cluster', 'InstanceGroup', 'InstanceGroup'])
  t.match(docs[0], /^apiVersion: kops.k8s.io\/v1alpha2\nkind: Cluster\n/)
  const json = (await k.run(['get', 'all', ...ARGS, '--output=json'])).stdout
  const objects = JSON.parse(json) as Array<{ kind: string; apiVersion: string; metadata: { name: string } }>
  t.same(objects.map((o) => `${o.kind}/${o.metadata.name}`), ['Cluster/demo.example.com', 'InstanceGroup/control-plane-eu-west-1a', 'InstanceGroup/nodes-eu-west-1a'])
  t.same(await k.run(['get', 'all', ...target(STATE, 'other.example.com')]), { code: 1, stdout: '', stderr: 'Error: cluster "other.example.com" not found\n' })
  t.equal((await k.run(['get', 'clusters', `--state=${STATE}`])).stdout, 'NAME\t\t\tCLOUD\tZONES\ndemo.example.com\taws\teu-west-1a\n')
  t.equal((await k.run(['get', 'ig', ...ARGS, 'nodes-eu-west-1a'])).stdout, 'NAME\t\t\tROLE\tMACHINETYPE\tMIN\tMAX\tZONES\nnodes-eu-west-1a\tNode\tt3.medium\t2\t2\teu-west-1a\n')
})

t.test('export kubeconfig writes cluster, context and user named after the cluster', async (t) => {
  const k = await cluster(false)
  k.write('mine.yaml', 'apiVersion: v1\nkind: Config\nclusters:\n- name: other\n  cluster:\n    server: https://other\ncontexts:\n- name: other\n  context:\n    cluster: other\n    user: other\nusers:\n- name: other\n  user:\n    token: abc\ncurrent-context: other\n')
  const r = await k.run(['export', 'kubeconfig', ...ARGS, '--admin=87600h', '--kubeconfig=mine.yaml'])
  t.same(r, { code: 0, stdout: `kOps has set your kubectl context to ${NAME}\n`, stderr: '' })
  const config = YAML.parse(k.read('mine.yaml')) as Record<string, Array<{ name: string; user?: Record<string, string>; cluster?: Record<string, string> }> | string>
  t.equal(config['current-context'], NAME)
  const names = (key: string) => (config[key] as Array<{ name: string }>).map((e) => e.name)
  t.same([names('clusters'), names('contexts'), names('users')], [[NAME, 'other'], [NAME, 'other'], [NAME, 'other']], 'merged, not replaced')
  const user = (config.users as Array<{ name: string; user: Record<string, string> }>).find((u) => u.name === NAME)?.user ?? {}
  t.same(Object.keys(user).sort(), ['client-certificate-data', 'client-key-data'])
  t.equal((config.clusters as Array<{ name: string; cluster: Record<string, string> }>)[0].cluster.server, `https://api.${NAME}`)
  const bare = await k.run(['export', 'kubecfg', ...ARGS])
  t.match(bare.stderr, /^W1127 10:00:00.000000 {3}12345 export_kubeconfig.go:\d+\] Exported kubeconfig with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`\n$/)
  t.ok(existsSync(join(k.cwd, 'kube/config')), 'without --kubeconfig: $KUBECONFIG')
  t.equal((await k.run(['export', 'kubeconfig', ...ARGS, '--admin', '--user=x'])).stderr, 'Error: cannot use both --admin and --user\n')
})

t.test('delete cluster: a never-updated cluster has no cloud resources', async (t) => {
  const k = await cluster(false)
  t.same(await k.run(['delete', 'cluster', ...ARGS]), { code: 0, stdout: 'No cloud resources to delete\n\nMust specify --yes to unregister the cluster\n', stderr: '' })
  t.same(await k.run(['delete', 'cluster', `--state=${STATE}`]), { code: 1, stdout: '', stderr: 'Error: --name is required\n' })
  t.same(await k.run(['delete', 'cluster', ...target(STATE, 'nope.example.com')]), { code: 1, stdout: '', stderr: 'Error: cluster "nope.example.com" not found\n' })
})

t.test('delete cluster: list, dry runs, --unregister --yes', async (t) => {
  const k = await cluster(true)
  await k.run(['export', 'kubeconfig', ...ARGS, '--admin'])
  const listed = await k.run(['delete', 'cluster', ...ARGS])
  t.equal(listed.code, 0)
  const rows = listed.stdout.split('\n').map((l) => l.split(/\t+/).join(' '))
  t.equal(rows[0], 'TYPE NAME ID')
  t.ok(rows.includes('autoscaling-group nodes-eu-west-1a.demo.example.com nodes-eu-west-1a.demo.example.com'))
  t.ok(rows.some((l) => /^instance control-plane-eu-west-1a\.masters\.demo\.example\.com i-[0-9a-f]{17}$/.test(l)))
  t.ok(rows.some((l) => /^vpc demo\.example\.com vpc-[0-9a-f]{17}$/.test(l)))
  t.ok(rows.includes('keypair kubernetes.demo.example.com-eb:41:5c:25:6b:d2:b5:ce:8d:21:55:fb:60:bc:d8:f4 kubernetes.demo.example.com-eb:41:5c:25:6b:d2:b5:ce:8d:21:55:fb:60:bc:d8:f4'), 'named by the AWS fingerprint')
  t.match(listed.stdout, /\n\nMust specify --yes to delete cluster\n$/)
  t.same(await k.run(['delete', 'cluster', ...ARGS, '--unregister']), { code: 0, stdout: '\nMust specify --yes to unregister the cluster\n', stderr: '' })
  t.same(await k.run(['delete', 'cluster', ...ARGS, '--unregister', '--yes']), { code: 0, stdout: `\nDeleted cluster: "${NAME}"\n`, stderr: '' })
  t.notOk(existsSync(join(k.s3(STATE), NAME)), 'the cluster is gone from the store')
  t.same(Object.values(cloudOf(k, NAME)?.groups ?? {}).map((g) => g.instances.length), [1, 2], 'its instances still run')
  t.notMatch(k.read('kube/config'), /demo\.example\.com/, 'and from the kubeconfig')
  t.equal((await k.run(['get', 'all', ...ARGS])).stderr, `Error: cluster "${NAME}" not found\n`)
})

t.test('delete cluster --yes deletes the listed resources first', async (t) => {
  const k = await cluster(true)
  const r = await k.run(['delete', 'cluster', ...ARGS, '--yes'])
  t.equal(r.code, 0)
  t.match(r.stdout, /^TYPE\t/)
  t.match(r.stdout, /\n\n\nDeleted cluster: "demo.example.com"\n$/)
  t.match(r.stderr, /\nsecurity-group:sg-[0-9a-f]{17}\tok\n/)
  t.match(r.stderr, /\ninstance:i-[0-9a-f]{17}\tok\n/)
  t.equal(cloudOf(k, NAME), undefined, 'the instances are gone from the cloud')
})

t.test('delete cluster lists instances only once terraform launched them', async (t) => {
  const k = await cluster(false)
  await k.run(['update', 'cluster', ...ARGS, '--target=terraform', '--out=out', '--yes', '--create-kube-config=false'])
  const before = await k.run(['delete', 'cluster', ...ARGS])
  t.match(before.stdout, /\nvpc\t+demo\.example\.com\t+vpc-[0-9a-f]{17}\n/)
  t.notMatch(before.stdout, /\ninstance\t/)
  await terraformApply(k)
  t.equal((await k.run(['delete', 'cluster', ...ARGS])).stdout.match(/\ninstance\t/g)?.length, 3)
})

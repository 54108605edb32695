// TASKS_SANDBOX_KOPS_NOT_READY (kops/fleet.ts notReady): a comma list of `GROUP[@CLUSTER]`, GROUP a
// name or `*`, CLUSTER matched as the fault rules match it (TASKS_CLUSTER, else --name up to its
// first dot); an entry without `@` holds for every cluster.
import t from 'tap'
import { notReady } from '../kops/fleet.ts'
import { kopsSandbox, sampleManifest, target } from '../kops/harness.ts'

const A = 'nodes-us-east-1a'
const B = 'nodes-us-east-1b'

/** Which of groups A and B are not ready in a call with this argv and knob (and TASKS_CLUSTER). */
function sick(spec: string | undefined, argv: string[], cluster?: string): string[] {
  const env = { TASKS_SANDBOX_KOPS_NOT_READY: spec, TASKS_CLUSTER: cluster }
  return [A, B].filter((ig) => notReady({ argv, env }, ig))
}

const DEMO = ['validate', 'cluster', '--name=demo.k8s.local']
const WAVE_B = ['validate', 'cluster', '--name', 'wave-b.example.com']

t.test('entries without @ hold for every cluster', async (t) => {
  t.same(sick(undefined, DEMO), [])
  t.same(sick('', DEMO), [])
  t.same(sick('*', DEMO), [A, B])
  t.same(sick('*', ['version']), [A, B], 'a call that names no cluster too')
  t.same(sick(A, WAVE_B), [A])
  t.same(sick(` ${B} , ${A} `, DEMO), [A, B], 'spaces around entries are ignored')
  t.same(sick('nodes-us-east-1', DEMO), [], 'a name is matched whole')
})

t.test('GROUP@CLUSTER holds for that group of that cluster only', async (t) => {
  t.same(sick(`${A}@demo`, DEMO), [A])
  t.same(sick(`${A}@demo`, WAVE_B), [])
  t.same(sick(`${A}@demo,${B}@wave-b`, WAVE_B), [B])
  t.same(sick(`${A}@demo,${B}`, WAVE_B), [B])
  t.same(sick(`${A}@demo`, ['version']), [], 'a call that names no cluster is not matched')
})

t.test('*@CLUSTER holds for every group of that cluster only', async (t) => {
  t.same(sick('*@wave-b', WAVE_B), [A, B])
  t.same(sick('*@wave-b', DEMO), [])
  t.same(sick('*@wave', WAVE_B), [], 'a cluster is matched whole')
  t.same(sick('*@wave-b.example.com', WAVE_B), [], 'the cluster is the name up to its first dot')
})

t.test('TASKS_CLUSTER is the cluster, before --name', async (t) => {
  t.same(sick('*@wave-b', DEMO, 'wave-b'), [A, B])
  t.same(sick('*@demo', DEMO, 'wave-b'), [])
  t.same(sick(`${B}@wave-b`, ['rolling-update', 'cluster'], 'wave-b'), [B])
})

t.test('kops validate cluster reads the cluster of its call', async (t) => {
  const k = kopsSandbox()
  const args = target('s3://kops-state', 'demo.example.com')
  k.write('cluster.yml', sampleManifest())
  k.write('id.pub', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHmv0Ux7j/jXnXHHlH3V8x3uMPJtdoNm0v0ARZ7RMBV sandbox@example\n')
  t.equal((await k.run(['replace', ...args, '-f', 'cluster.yml', '--force'])).code, 0)
  t.equal((await k.run(['create', 'sshpublickey', ...args, '-i', 'id.pub'])).code, 0)
  t.equal((await k.run(['update', 'cluster', ...args, '--yes', '--admin'])).code, 0)
  // What validate reported: its exit code, its failures (machines by kind only: their ids vary), the roles of the joined nodes.
  const validate = async (spec: string) => {
    const r = await k.run(['validate', 'cluster', ...args, '-o', 'json'], { TASKS_SANDBOX_KOPS_NOT_READY: spec })
    const out = JSON.parse(r.stdout) as { failures?: { type: string; name: string }[]; nodes?: { role: string }[] }
    const failures = (out.failures ?? []).map((f) => (f.type === 'Machine' ? f.type : `${f.type} ${f.name}`))
    return { code: r.code, failures, nodes: (out.nodes ?? []).map((n) => n.role).sort() }
  }
  const healthy = { code: 0, failures: [], nodes: ['control-plane', 'node', 'node'] }
  t.same(await validate(''), healthy)
  t.same(await validate('*@other'), healthy)
  t.same(await validate('nodes-eu-west-1a@other'), healthy)
  const nodesDown = { code: 1, failures: ['Machine', 'Machine', 'InstanceGroup nodes-eu-west-1a'], nodes: ['control-plane'] }
  t.same(await validate('nodes-eu-west-1a@demo'), nodesDown)
  t.same(await validate('nodes-eu-west-1a'), nodesDown)
  t.same(await validate('*@demo'), { code: 1, failures: ['Machine', 'InstanceGroup control-plane-eu-west-1a', 'Machine', 'Machine', 'InstanceGroup nodes-eu-west-1a'], nodes: [] })
})

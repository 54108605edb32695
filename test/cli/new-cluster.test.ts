// `tasks new-cluster NAME [--from CLUSTER]` through the CLI: the exact summary, the refusals, and a
// copy of the demo that validates and runs on the sandbox beside the demo at once.
import t from 'tap'
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { makeProject, runCli } from '../helpers/project.ts'
import { REPO, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(120_000)

/** Every file and directory under `root` (links not followed), relative and sorted. */
function tree(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    return e.isDirectory() ? [relative(root, path), ...tree(root, path)] : [relative(root, path)]
  }).sort()
}

const DEMO_B = `Created clusters/demo-b/ from clusters/demo/.

Its own names and paths (old → new; cluster.yaml keeps demo's comments and layout):
  sshPublicKey                    clusters/demo/id_ed25519.pub → clusters/demo-b/id_ed25519.pub
  backends.prerequisites.key      demo/1-prerequisites.tfstate → demo-b/1-prerequisites.tfstate
  backends.kops.key               demo/2-kops.tfstate → demo-b/2-kops.tfstate
  prerequisites.project_short     demo → demo-b
  prerequisites.environment       demo → demo-b
  prerequisites.cluster_name      demo.k8s.local → demo-b.k8s.local
  prerequisites.ssh_pub_key_path  clusters/demo/id_ed25519.pub → clusters/demo-b/id_ed25519.pub
  kOps state store                s3://demo-demo-kops-state-demo-k8s-local → s3://demo-b-demo-b-kops-state-demo-b-k8s-local

Copied:     id_ed25519.pub from demo (shared with demo until you replace it with demo-b's own)
Wrote:      outputs.mock.json (demo's outputs with the new values; validate uses it until the first run)
Not copied: cluster.yml, data/, kubernetes.tf, outputs.json (the first run writes demo-b's own)

Review (kept as in demo):
  AWS account:  account, profile, region, prerequisites.devops_role
  network:      prerequisites.vpc_id, prerequisites.vpc_cidr_block, prerequisites.public_subnet_ids,
                prerequisites.private_subnet_ids, prerequisites.nat_gateway_ids
  naming demo:  backends.prerequisites.bucket, backends.kops.bucket, the comments on lines 1, 6, 13
demo-b is a sandbox cluster (sandbox: true): it runs as it is; review these before it runs on AWS.

Next:
  npx tasks validate --cluster demo-b
  npx tasks cluster-update --cluster demo-b
`

t.test('demo → demo-b: the summary, and nothing written but clusters/demo-b/', async (t) => {
  const root = repoCopy(['demo', 'example-dev', 'example-prod'])
  const before = tree(root)
  const r = await runCli(root, ['new-cluster', 'demo-b', '--from', 'demo'])
  t.same(r, { code: 0, stdout: DEMO_B, stderr: '' })
  const added = tree(root).filter((p) => !before.includes(p))
  t.same(added, ['clusters/demo-b', 'clusters/demo-b/cluster.yaml', 'clusters/demo-b/id_ed25519.pub', 'clusters/demo-b/outputs.mock.json'])
  t.equal(tree(root).length, before.length + added.length, 'nothing removed')
  t.equal(readFileSync(join(root, 'clusters/demo-b/id_ed25519.pub'), 'utf8'), readFileSync(join(root, 'clusters/demo/id_ed25519.pub'), 'utf8'))
  const demo = readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8').split('\n')
  const copy = readFileSync(join(root, 'clusters/demo-b/cluster.yaml'), 'utf8').split('\n')
  t.same(copy.filter((l, i) => l !== demo[i]), [
    'sshPublicKey: clusters/demo-b/id_ed25519.pub',
    '  prerequisites: { bucket: demo-terraform-state, key: demo-b/1-prerequisites.tfstate, region: us-east-1 }',
    '  kops: { bucket: demo-terraform-state, key: demo-b/2-kops.tfstate, region: us-east-1 }',
    '  project_short: demo-b',
    '  environment: demo-b',
    '  cluster_name: demo-b.k8s.local',
    '  ssh_pub_key_path: clusters/demo-b/id_ed25519.pub',
  ], 'only these lines differ from the demo (the exact text is in test/config/scaffold.test.ts)')
})

t.test('refusals: exit 2, what is wrong and what to do, nothing written', async (t) => {
  const root = repoCopy(['demo', 'example-dev', 'example-prod'])
  const before = tree(root)
  const refused = async (argv: string[], stderr: string) => t.same(await runCli(root, ['new-cluster', ...argv]), { code: 2, stdout: '', stderr }, argv.join(' '))
  await refused([], 'Option NAME is required here.\nhint: tasks new-cluster NAME [--from CLUSTER] creates clusters/NAME from an existing cluster\n')
  await refused(['demo-b', 'demo-c', '--from', 'demo'], 'Option NAME does not accept "demo-b demo-c": expected one cluster name (tasks new-cluster NAME [--from CLUSTER]).\n')
  await refused(['../evil', '--from', 'demo'], 'Refusing new cluster name "../evil": it becomes a directory name, made of letters, digits, ".", "_" and "-", starting with a letter or digit (at most 253 characters).\nhint: for example: tasks new-cluster demo-b --from demo.\n')
  await refused(['Demo_B', '--from', 'demo'], 'Refusing new cluster name "Demo_B": it becomes the first label of the cluster\'s DNS name and part of its S3 bucket names, so it takes lowercase letters, digits and "-" (at most 63 characters, starting and ending with a letter or digit).\nhint: for example "demo-b".\n')
  await refused(['demo.b', '--from', 'demo'], 'Refusing new cluster name "demo.b": it becomes the first label of the cluster\'s DNS name and part of its S3 bucket names, so it takes lowercase letters, digits and "-" (at most 63 characters, starting and ending with a letter or digit).\nhint: for example "demo-b".\n')
  await refused(['demo-b'], 'Option --from is required here.\nhint: name the cluster to copy: tasks new-cluster demo-b --from CLUSTER, one of demo, example-dev, example-prod\n')
  await refused(['demo', '--from', 'example-dev'], 'Cannot create cluster "demo": clusters/demo already exists, and new-cluster never overwrites.\nhint: choose another name, or remove clusters/demo first if it is left over.\n')
  await refused(['demo-b', '--from', 'dmeo'], 'Cannot find cluster "dmeo": known clusters are demo, example-dev, example-prod (did you mean "demo"?).\n')
  await refused(['dev', '--from', 'demo'], 'Cannot create cluster "dev" from demo: its cluster name dev.k8s.local would be example-dev\'s too (clusters/example-dev/cluster.yaml), and two clusters must never share one.\nhint: choose another name: new-cluster derives the cluster name and the Terraform state keys from it.\n')
  t.same(tree(root), before, 'nothing written')
})

t.test('without --from, the only cluster; paths shown from where tasks runs; what the source lacks is said', async (t) => {
  const root = makeProject({
    'tasks.ts': '// the graph is not loaded by new-cluster\n',
    'clusters/prod/cluster.yaml': 'profile: acme\nsshPublicKey: clusters/prod/admin.pub\nprerequisites:\n  cluster_name: prod.example.com\n',
    'clusters/prod/NOTES.md': 'on-call: #platform\n',
  })
  const r = await runCli(join(root, 'clusters'), ['new-cluster', 'stage', '--sandbox'])
  t.same(r, { code: 0, stderr: '', stdout: `Created stage/ from prod/.

Its own names and paths (old → new; cluster.yaml keeps prod's comments and layout):
  sshPublicKey                clusters/prod/admin.pub → clusters/stage/admin.pub
  prerequisites.cluster_name  prod.example.com → stage.example.com

Missing:    admin.pub: prod has none to copy; put stage's own in stage/
No outputs: prod has no outputs.json to copy; validate needs stage's first run (or an outputs.mock.json)
Left:       NOTES.md (nothing in cluster.yaml points at it)

Review (kept as in prod):
  AWS account:  profile

Next:
  npx tasks validate --cluster stage --sandbox
  npx tasks cluster-update --cluster stage --sandbox
` })
  t.same(readdirSync(join(root, 'clusters/stage')), ['cluster.yaml'])
})

t.test('new-cluster demo-b, then validate and cluster-update --cluster demo-b run it on the sandbox beside the demo', async (t) => {
  const root = repoCopy()
  const sandbox = join(root, '.tasks/sandbox')
  // The simulators run in this process (test/helpers/sim-tools.ts): real states and files, no process per call.
  const run = (...argv: string[]) => runCli(root, argv, { ports: { tools: simulatedTools(sandbox) } })
  t.same(await run('new-cluster', 'demo-b'), { code: 0, stdout: DEMO_B, stderr: '' }, 'without --from: the only cluster is the source')
  t.same(await run('validate', '--cluster', 'demo-b'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' }, 'valid before its first run (outputs.mock.json)')
  const updated = await run('cluster-update', '--cluster', 'demo-b', '--yes', '--json')
  t.equal(updated.code, 0, updated.stderr)
  t.same((JSON.parse(updated.stdout) as { clusters: { name: string; status: string }[] }).clusters.map((c) => `${c.name}:${c.status}`), ['demo-b:ok'])
  for (const f of ['cluster.yml', 'kubernetes.tf', 'outputs.json', 'data']) t.ok(existsSync(join(root, 'clusters/demo-b', f)), `clusters/demo-b/${f} generated`)
  t.match(readFileSync(join(root, 'clusters/demo-b/cluster.yml'), 'utf8'), /^ {2}name: demo-b\.k8s\.local$/m)
  t.notMatch(readFileSync(join(root, 'clusters/demo-b/kubernetes.tf'), 'utf8'), /[^-]demo\.k8s\.local/, "no resource of the demo's")
  const outputs = JSON.parse(readFileSync(join(root, 'clusters/demo-b/outputs.json'), 'utf8')) as Record<string, { value: unknown }>
  t.same([outputs.cluster_name.value, outputs.kops_s3_bucket.value], ['demo-b.k8s.local', 'demo-b-demo-b-kops-state-demo-b-k8s-local'])

  // Its own cluster name and state keys: the demo runs after it and they share nothing.
  const settings = (c: string) => parse(readFileSync(join(root, 'clusters', c, 'cluster.yaml'), 'utf8')) as { prerequisites: { cluster_name: string }; backends: Record<string, { key: string }> }
  const [demo, demoB] = [settings('demo'), settings('demo-b')]
  t.same([demoB.prerequisites.cluster_name, demoB.backends.prerequisites.key, demoB.backends.kops.key], ['demo-b.k8s.local', 'demo-b/1-prerequisites.tfstate', 'demo-b/2-kops.tfstate'])
  t.same([demo.prerequisites.cluster_name, demo.backends.prerequisites.key, demo.backends.kops.key], ['demo.k8s.local', 'demo/1-prerequisites.tfstate', 'demo/2-kops.tfstate'])
  t.equal((await run('cluster-update', '--cluster', 'demo', '--yes')).code, 0)
  // cluster-update applies no 2-kops state (cluster-apply does): the prerequisites states are its own.
  for (const key of ['demo/1-prerequisites.tfstate', 'demo-b/1-prerequisites.tfstate']) t.ok(statSync(join(sandbox, 'terraform/s3/demo-terraform-state', key)).isFile(), key)
  for (const store of ['demo-demo-kops-state-demo-k8s-local/demo.k8s.local', 'demo-b-demo-b-kops-state-demo-b-k8s-local/demo-b.k8s.local']) t.ok(existsSync(join(sandbox, 's3', store, 'config')), store)
  for (const f of ['cluster.yml', 'kubernetes.tf', 'outputs.json']) {
    t.equal(readFileSync(join(root, 'clusters/demo', f), 'utf8'), readFileSync(join(REPO, 'clusters/demo', f), 'utf8'), `demo's ${f} is its own, byte for byte`)
  }
  t.same(await run('validate'), { code: 0, stdout: '✔ 2 clusters valid.\n', stderr: '' })
  t.same(await run('new-cluster', 'demo-b', '--from', 'demo'), { code: 2, stdout: '', stderr: 'Cannot create cluster "demo-b": clusters/demo-b already exists, and new-cluster never overwrites.\nhint: choose another name, or remove clusters/demo-b first if it is left over.\n' }, 'a second time: refused, nothing overwritten')
})

t.test('a plain copy (cp -r) is refused by a run, as validate refuses it: exit 2, nothing runs', async (t) => {
  const root = repoCopy()
  cpSync(join(root, 'clusters/demo'), join(root, 'clusters/demo-c'), { recursive: true })
  const r = await runCli(root, ['cluster-template', '--cluster', 'demo-c'])
  t.equal(r.code, 2)
  t.match(r.stderr, /clusters\/demo-c\/cluster\.yaml:\d+:\d+ .*backends\.prerequisites \(bucket "demo-terraform-state", key "demo\/1-prerequisites\.tfstate"\) is also the backend of cluster "demo"/)
  t.notOk(existsSync(join(root, '.tasks/logs/demo-c')), 'no stage ran')
})

// Clusters that would share a Terraform state, a kOps cluster name or a kOps state store: each
// conflict is reported in the validated cluster's file, at the shared value, naming the other file.
import t from 'tap'
import { parseYaml } from '../../modules/config/yaml-doc.ts'
import { clusterFacts, fleetConflicts, type ClusterFacts } from '../../modules/validate/fleet.ts'

const yaml = (name: string, key: string, project = 'acme') => [
  'backends:',
  `  prerequisites: { bucket: tf, key: ${key}/1-prerequisites.tfstate }`,
  `  kops: { bucket: tf, key: ${key}/2-kops.tfstate }`,
  'prerequisites:',
  `  project_short: ${project}`,
  '  environment: dev',
  `  cluster_name: ${name}`,
  '',
].join('\n')

function facts(cluster: string, text: string): ClusterFacts {
  const parsed = parseYaml(`clusters/${cluster}/cluster.yaml`, text)
  if (!parsed.ok) throw new Error('not YAML')
  return { cluster, facts: clusterFacts(parsed.doc) }
}

const show = (all: ClusterFacts[], selected: string[]) =>
  fleetConflicts(all, new Set(selected)).map((c) => `${c.at.file}:${c.at.line}:${c.at.column} [${c.rule}] ${c.message} | ${c.hint}`)

t.test('a copy shares both backends and the cluster name; each file names the other', async (t) => {
  const all = [facts('demo', yaml('demo.k8s.local', 'demo')), facts('demo-b', yaml('demo.k8s.local', 'demo')), facts('other', yaml('other.k8s.local', 'other'))]
  t.same(show(all, ['demo-b']), [
    'clusters/demo-b/cluster.yaml:2:37 [shared-backend] backends.prerequisites (bucket "tf", key "demo/1-prerequisites.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:2:37): the clusters would share one Terraform state | each cluster needs its own state: change the key here or there, e.g. key: demo-b/1-prerequisites.tfstate',
    'clusters/demo-b/cluster.yaml:3:28 [shared-backend] backends.kops (bucket "tf", key "demo/2-kops.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:3:28): the clusters would share one Terraform state | each cluster needs its own state: change the key here or there, e.g. key: demo-b/2-kops.tfstate',
    'clusters/demo-b/cluster.yaml:7:17 [shared-cluster-name] "prerequisites.cluster_name" "demo.k8s.local" is also the cluster name of cluster "demo" (clusters/demo/cluster.yaml:7:17): kOps would manage both as one cluster | give each cluster its own name, e.g. demo-b.k8s.local',
  ], 'only the validated cluster is reported, against all of them')
  t.equal(show(all, ['demo', 'demo-b']).length, 6, 'both validated: each file gets its own')
  t.same(show(all, ['other']), [], 'a cluster of its own')
})

t.test('three clusters on one state are named together', async (t) => {
  const all = ['a', 'b', 'c'].map((c) => facts(c, yaml(`${c}.k8s.local`, 'same')))
  t.same(show(all, ['c']).filter((l) => l.includes('backends.kops')), [
    'clusters/c/cluster.yaml:3:28 [shared-backend] backends.kops (bucket "tf", key "same/2-kops.tfstate") is also the backend of clusters "a" (clusters/a/cluster.yaml:3:28) and "b" (clusters/b/cluster.yaml:3:28): the clusters would share one Terraform state | each cluster needs its own state: change the key here or there, e.g. key: c/2-kops.tfstate',
  ])
})

t.test('names that differ but make one state bucket (dots become dashes)', async (t) => {
  const all = [facts('x', yaml('team.dev.k8s.local', 'x')), facts('y', yaml('team-dev.k8s.local', 'y'))]
  t.same(show(all, ['y']), [
    'clusters/y/cluster.yaml:7:17 [shared-state-store] the kOps state store s3://acme-dev-kops-state-team-dev-k8s-local (from project_short, environment and cluster_name) is also the one of cluster "x" (clusters/x/cluster.yaml:7:17): both would create and use one bucket | change project_short, environment or cluster_name so that the bucket names differ',
  ])
  t.same(show([facts('x', yaml('team.dev.k8s.local', 'x')), facts('y', yaml('team-dev.k8s.local', 'y', 'other'))], ['y']), [], 'another project_short: another bucket')
})

// Document shape: YAML syntax, apiVersion, kind, metadata, spec, the cluster label and field types,
// by mutating the project's own rendered manifests.
import t from 'tap'
import { checkManifest } from '../../modules/manifest/mod.ts'
import { append, error, found, mutate, project, throughTheCli } from './helpers.ts'

const demo = project('demo')
const D = 'clusters/demo/cluster.yml'

t.test('a YAML syntax error is reported alone, at its position', async (t) => {
  t.strictSame(found(mutate(demo, ['  channel: stable', ' channel: stable'])), [
    error(`${D}:28:1`, 'yaml', 'All mapping items must start at the same column'),
  ], 'one bad indent: the first error only, not its echoes')
  t.strictSame(found(append(demo, 'foo: "bar\n')), [
    error(`${D}:174:10`, 'yaml', 'Missing closing "quote'),
  ], 'an error at the end of the file is shown after its last character')
  t.strictSame(found(mutate(demo, ['    calico:\n', '    calico:\n    calico:\n'])), [
    error(`${D}:74:5`, 'yaml', 'mapping key "calico" already defined at line 73'),
  ])
})

t.test('each document is a mapping with a known kind', async (t) => {
  t.strictSame(found(append(demo, '---\n- a\n- b\n')), [
    error(`${D}:175:1`, 'document-not-mapping', 'a kOps manifest document must be a mapping (apiVersion, kind, metadata, spec), found a list'),
  ])
  t.strictSame(found(mutate(demo, ['kind: Cluster', 'kind: Clustr'])), [
    error(`${D}:4:7`, 'kind', 'kind: Unsupported value: "Clustr": supported values: "Cluster", "InstanceGroup", "SSHCredential", "Keyset"'),
  ])
  t.strictSame(found(mutate(demo, ['kind: InstanceGroup\n', '', 2])), [
    error(`${D}:158:1`, 'required-field', 'kind: Required value'),
  ], 'at the document start; the set (now without a node group) is not judged')
  const ssh = '---\napiVersion: kops.k8s.io/v1alpha2\nkind: SSHCredential\nmetadata:\n  name: admin\nspec:\n  publicKey: ssh-rsa AAAA\n'
  t.strictSame(found(append(demo, ssh)), [], 'SSHCredential documents are tolerated')
  t.strictSame(found(append(demo, '---\n# only a comment\n---\n')), [], 'empty documents are skipped')
})

t.test('apiVersion is kops.k8s.io/v1alpha2 or the legacy kops/v1alpha2', async (t) => {
  t.strictSame(found(mutate(demo, ['apiVersion: kops/v1alpha2\nkind: Cluster', 'apiVersion: kops.k8s.io/v1beta1\nkind: Cluster'])), [
    error(`${D}:3:13`, 'api-version', 'apiVersion: Unsupported value: "kops.k8s.io/v1beta1": supported values: "kops.k8s.io/v1alpha2", "kops/v1alpha2"'),
  ])
  t.strictSame(found(mutate(demo, ['apiVersion: kops/v1alpha2\nkind: InstanceGroup', 'kind: InstanceGroup', 2])), [
    error(`${D}:158:1`, 'required-field', 'apiVersion: Required value'),
  ], "a missing top-level field is reported at the document's kind: key")
  t.strictSame(found(mutate(demo, ['apiVersion: kops/v1alpha2\nkind: Cluster', 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster'])), [])
})

t.test('metadata.name and spec are required', async (t) => {
  t.strictSame(found(mutate(demo, ['  name: nodes\n', ''])), [
    error(`${D}:160:1`, 'required-field', 'metadata.name: Required value'),
  ], 'at the key of the mapping that lacks it')
  t.strictSame(found(mutate(demo, ['  name: demo.k8s.local\nspec:', 'spec:'])), [
    error(`${D}:5:1`, 'required-field', 'metadata: Required value'),
  ], 'a key written with no value is reported at that key')
  t.strictSame(found(mutate(demo, ['spec:', 'specs:', 3])), [
    error(`${D}:159:1`, 'required-field', 'spec: Required value'),
  ])
})

t.test('an InstanceGroup carries the kops.k8s.io/cluster label of its Cluster', async (t) => {
  t.strictSame(found(mutate(demo, ['    kops.k8s.io/cluster: demo.k8s.local\n  name: nodes', '  name: nodes'])), [
    error(`${D}:161:3`, 'ig-cluster-label', 'must specify "kops.k8s.io/cluster" label with cluster name to replace instanceGroup'),
  ])
  t.strictSame(found(mutate(demo, ['    kops.k8s.io/cluster: demo.k8s.local\n  name: nodes', '    kops.k8s.io/cluster: dev.k8s.local\n  name: nodes'])), [
    error(`${D}:162:26`, 'ig-cluster-label-mismatch', 'metadata.labels["kops.k8s.io/cluster"]: Invalid value: "dev.k8s.local": does not match the Cluster\'s metadata.name "demo.k8s.local"'),
  ])
})

t.test('fields have the types kOps decodes them into', async (t) => {
  t.strictSame(found(mutate(demo, ['maxSize: 3', 'maxSize: "3"'])), [
    error(`${D}:168:12`, 'field-type', 'spec.maxSize: must be a whole number, found the string "3"'),
  ])
  t.strictSame(found(mutate(demo, ['kubernetesVersion: 1.28.9\n  masterInternalName', 'kubernetesVersion: 1.28\n  masterInternalName'])), [
    error(`${D}:64:22`, 'field-type', 'spec.kubernetesVersion: must be a string, found the number 1.28'),
  ], 'an unquoted 1.28 is a number, which kops cannot decode into a string')
  t.strictSame(found(mutate(demo, ['  subnets:\n  - us-east-1a\n  - us-east-1b', '  subnets: us-east-1a'])), [
    error(`${D}:171:12`, 'field-type', 'spec.subnets: must be a list, found the string "us-east-1a"'),
  ])
})

t.test('problems carry a hint, the file as given, and come in reading order', async (t) => {
  const text = mutate(demo, ['kind: Cluster', 'kind: Clustr'], ['maxSize: 3', 'maxSize: "3"']).text
  t.strictSame(checkManifest('some/where.yml', text), [
    {
      at: { file: 'some/where.yml', line: 4, column: 7 },
      message: 'kind: Unsupported value: "Clustr": supported values: "Cluster", "InstanceGroup", "SSHCredential", "Keyset"',
      hint: 'did you mean "Cluster"?',
      rule: 'kind',
      severity: 'error',
    },
    {
      at: { file: 'some/where.yml', line: 168, column: 12 },
      message: 'spec.maxSize: must be a whole number, found the string "3"',
      hint: 'write a whole number without quotes, e.g. 3',
      rule: 'field-type',
      severity: 'error',
    },
  ])
})

t.test('an alias reads as the value of its anchor', async (t) => {
  const anchored = mutate(demo, ['  kubernetesApiAccess:\n  - 172.18.0.0/20', '  kubernetesApiAccess: &access\n  - 172.18.0.0/20'], ['  sshAccess:\n  - 172.18.0.0/20', '  sshAccess: *access'])
  t.strictSame(found(anchored), [])
  t.strictSame(found(mutate(anchored, ['- 172.18.0.0/20', '- 172.18.0.1/20'])), [
    error(`${D}:63:5`, 'cidr-not-canonical', 'spec.sshAccess[0]: Invalid value: "172.18.0.1/20": Network contains bits outside prefix (did you mean "172.18.0.0/20")'),
    error(`${D}:63:5`, 'cidr-not-canonical', 'spec.kubernetesApiAccess[0]: Invalid value: "172.18.0.1/20": Network contains bits outside prefix (did you mean "172.18.0.0/20")'),
  ], 'a problem in an anchored value is shown at the anchor, once per use')
  t.strictSame(found(mutate(demo, ['  sshAccess:\n  - 172.18.0.0/20', '  sshAccess: *access'])), [
    error(`${D}:81:14`, 'yaml', "unknown anchor 'access' referenced"),
  ])
  t.strictSame(found({ file: 'loop.yml', text: 'a: &a [*a]\n' }), [
    error('loop.yml:1:1', 'required-field', 'kind: Required value'),
  ], 'a circular alias is left alone')
})

throughTheCli()

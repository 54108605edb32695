import t from 'tap'
import { Secret } from '../../modules/cache/mod.ts'
import type { RunContext } from '../../modules/graph/mod.ts'
import { specChanges, specRead, specSummary, yamlDocuments } from '../../modules/workflow/mod.ts'
import { resultOf } from '../helpers/stage-result.ts'

const rendered = await yamlDocuments(`apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata:
  name: prod.k8s.local
spec:
  kubernetesVersion: 1.29.7
  authorization:
    rbac: {}
  subnets:
  - name: us-east-1b
    cidr: 10.0.2.0/24
  - name: us-east-1a
    cidr: 10.0.1.0/24
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata:
  name: bastions
spec:
  machineType: t3.small
  minSize: 1
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata:
  name: spot
spec:
  machineType: m5.large
`)

// As the state store returns it: keys sorted, timestamps added, empty maps dropped, lists reordered.
const live = await yamlDocuments(`apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  name: prod.k8s.local
spec:
  kubernetesVersion: 1.28.9
  subnets:
  - cidr: 10.0.1.0/24
    name: us-east-1a
  - cidr: 10.0.2.0/24
    name: us-east-1b

---

apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels:
    kops.k8s.io/cluster: prod.k8s.local
  name: bastions
spec:
  machineType: t3.micro
  minSize: 1

---

apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata:
  name: retired
spec:
  machineType: t3.micro
`)

t.test('a push changes what differs in the specs: leaves by path, named lists by name, added groups once', async (t) => {
  t.same(specChanges(rendered, live), [
    'spec.instanceGroups[spot] added',
    'spec.instanceGroups[bastions].machineType t3.micro → t3.small',
    'spec.kubernetesVersion 1.28.9 → 1.29.7',
  ])
  t.same(specChanges(rendered, rendered), [], 'the same spec is no change')
  t.same(specChanges(live, live), [], 'a group only in the store is no change either (kops replace leaves it)')
})

t.test('the gate line: a new cluster, or the first changes and how many more', async (t) => {
  t.equal(specSummary({ exists: false, changes: [] }, 'prod.k8s.local', 's3://state'), 'creates cluster prod.k8s.local in s3://state')
  t.equal(specSummary({ exists: true, changes: ['a 1 → 2'] }, 'x', 's3://s'), 'spec: 1 change — a 1 → 2')
  t.equal(specSummary({ exists: true, changes: ['a', 'b', 'c', 'd', 'e'] }, 'x', 's3://s'), 'spec: 5 changes — a; b; c; and 2 more')
})

t.test('the state store read: a missing cluster is a creation, a sensitive value never reaches a change line', async (t) => {
  const logged: string[] = []
  const secret = 's3cr3t-token-value'
  const ctx = {
    needs: { outputs: { token: { sensitive: true, value: new Secret(secret, 'its-digest') } } },
    readFile: async () => `kind: Cluster\nmetadata: { name: c }\nspec:\n  cloudLabels: { token: ${secret} }\n`,
    log: (line: string) => void logged.push(line),
  } as unknown as RunContext<unknown>
  const live = 'kind: Cluster\nmetadata: { name: c }\nspec:\n  cloudLabels: { token: old-value }\n'
  const read = await specRead(ctx, 'cluster.yml', { exitCode: 0, stdout: live, stderr: '' })
  t.same(read, { exists: true, changes: ['spec.cloudLabels.token old-value → (sensitive)'] })
  t.same(logged, ['differs from the state store: spec.cloudLabels.token old-value → (sensitive)'])
  t.same(await specRead(ctx, 'cluster.yml', { exitCode: 1, stdout: '', stderr: 'Error: cluster "c" not found\n' }), { exists: false, changes: [] })
  await t.rejects(specRead(ctx, 'cluster.yml', { exitCode: 1, stdout: '', stderr: 'I0101 klog line\nError: AccessDenied: Access Denied\n' }).then(resultOf), { message: 'kops get all exited with code 1: Error: AccessDenied: Access Denied' })
})

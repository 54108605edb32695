import t from 'tap'
import { specChanges, specSummary, yamlDocuments } from '../../modules/workflow/mod.ts'

const rendered = yamlDocuments(`apiVersion: kops.k8s.io/v1alpha2
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
const live = yamlDocuments(`apiVersion: kops.k8s.io/v1alpha2
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

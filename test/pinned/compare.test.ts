import t from 'tap'
import { changeLines, compareFingerprint, type Fingerprint } from '../../modules/pinned/mod.ts'

const sha = (c: string): string => c.repeat(64)

const SAVED: Fingerprint = {
  format: 1,
  cluster: 'x',
  layer: '2-kops',
  files: { 'clusters/x/kubernetes.tf': sha('1'), 'clusters/x/data/old': sha('2'), '2-kops/config.tf': sha('3') },
  varFiles: { 'clusters/x/terraform.tfvars': sha('4') },
  backend: { bucket: 'a', key: 'x/2-kops.tfstate', region: 'eu-west-1' },
  tools: { terraform: '1.11.4', kops: '1.30.1' },
  state: { serial: 4, lineage: 'abc' },
  planSha256: '0123456789abcdef'.repeat(4),
}

t.test('the same fingerprint: no changes, no lines', async (t) => {
  t.same(compareFingerprint(SAVED, structuredClone(SAVED)), [])
  t.same(changeLines([]), [])
})

t.test('every kind of difference, one change each, in a fixed order, with exact lines', async (t) => {
  const current: Fingerprint = {
    ...SAVED,
    files: { 'clusters/x/kubernetes.tf': sha('9'), 'clusters/x/data/foo': sha('5'), '2-kops/config.tf': sha('3') },
    varFiles: {},
    backend: { bucket: 'b', key: 'x/2-kops.tfstate', region: 'eu-west-1', profile: 'ops' },
    tools: { terraform: '1.11.5', kops: '1.30.1' },
    state: { serial: 5, lineage: 'abc' },
    planSha256: 'fedcba9876543210'.repeat(4),
  }
  const changes = compareFingerprint(SAVED, current)
  t.same(changes, [
    { part: 'plan', name: 'plan file', was: SAVED.planSha256, now: current.planSha256 },
    { part: 'state', name: 'serial', layer: '2-kops', was: '4', now: '5' },
    { part: 'file', name: 'clusters/x/data/foo', now: sha('5') },
    { part: 'file', name: 'clusters/x/data/old', was: sha('2') },
    { part: 'file', name: 'clusters/x/kubernetes.tf', was: sha('1'), now: sha('9') },
    { part: 'var-file', name: 'clusters/x/terraform.tfvars', was: sha('4') },
    { part: 'backend', name: 'bucket', was: 'a', now: 'b' },
    { part: 'backend', name: 'profile', now: 'ops' },
    { part: 'tool', name: 'terraform', was: '1.11.4', now: '1.11.5' },
  ])
  t.same(changeLines(changes), [
    'the saved plan file itself changed (sha256 fedcba987654, saved as 0123456789ab)',
    '2-kops state: serial 4 → 5 (changed by another operation after the plan)',
    'clusters/x/data/foo added since the plan',
    'clusters/x/data/old removed since the plan',
    'clusters/x/kubernetes.tf changed since the plan',
    'var file clusters/x/terraform.tfvars removed since the plan',
    'backend bucket: a → b',
    'backend profile: (unset) → ops',
    'terraform 1.11.4 → 1.11.5',
  ])
})

t.test('a different lineage is reported alone: serials of two states say nothing', async (t) => {
  const other = compareFingerprint(SAVED, { ...SAVED, state: { serial: 9, lineage: 'def' } })
  t.same(other, [{ part: 'state', name: 'lineage', layer: '2-kops', was: 'abc', now: 'def' }])
  t.same(changeLines(other), ['2-kops state: lineage abc → def (a different state)'])
  const firstPlan = { ...SAVED, state: undefined }
  const created = compareFingerprint(firstPlan, SAVED)
  t.same(created, [{ part: 'state', name: 'lineage', layer: '2-kops', now: 'abc' }])
  t.same(changeLines(created), ['2-kops state: lineage none → abc (a state was created after the plan)'])
  t.same(changeLines(compareFingerprint(SAVED, firstPlan)), ['2-kops state: lineage abc → none (the state is gone)'])
  t.same(compareFingerprint(firstPlan, { ...firstPlan }), [], 'no state then, no state now')
})

t.test('a fingerprint of another cluster or layer, and tools that appear or vanish', async (t) => {
  const changes = compareFingerprint(SAVED, { ...SAVED, cluster: 'y', layer: '1-prerequisites', tools: { terraform: '1.11.4', helm: '3.15.0' } })
  t.same(changeLines(changes), [
    'the plan was made for cluster x, not y',
    'the plan was made for layer 2-kops, not 1-prerequisites',
    'helm none → 3.15.0',
    'kops 1.30.1 → none',
  ])
  t.same(changes.map((c) => c.part), ['target', 'target', 'tool', 'tool'])
})

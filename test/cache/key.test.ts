import t from 'tap'
import { canonical, describeChange, diffParts, flatten, keyOf, keyParts, sha256 } from '../../modules/cache/mod.ts'
import { graph } from '../../modules/graph/mod.ts'

const stage = graph().stage('outputs', { kind: 'read' }).stage('render', { kind: 'pure', needs: ['outputs'], version: 2 }).build().stages.get('render')!

t.test('canonical encoding sorts keys at every depth and drops undefined', async (t) => {
  t.equal(canonical({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}')
  t.equal(canonical({ a: 1, b: 2 }), canonical({ b: 2, a: 1 }))
  t.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
})

t.test('flatten gives one leaf per value, hashing long ones', async (t) => {
  t.same(flatten('v', { a: { b: '1.29.7' }, list: ['x', 'y'], empty: {} }), { 'v.a.b': '"1.29.7"', 'v.empty': '{}', 'v.list.0': '"x"', 'v.list.1': '"y"' })
  const long = flatten('v', 'x'.repeat(200))['v']
  t.equal(long, `sha256:${sha256(JSON.stringify('x'.repeat(200)))}`)
})

t.test('key parts cover identity, params, settings, files, needs and tools', async (t) => {
  const parts = keyParts({
    stage,
    params: { yes: true },
    settings: { region: 'eu-west-1' },
    files: { '2-kops/template.eta': 'abc' },
    needs: { outputs: { cluster_version: '1.28.4' } },
    tools: { kops: '1.28.4' },
  })
  t.same(parts, {
    stage: 'render@2 (pure)',
    'params.yes': 'true',
    'settings.region': '"eu-west-1"',
    'file:2-kops/template.eta': 'abc',
    'needs.outputs.cluster_version': '"1.28.4"',
    'tool:kops': '1.28.4',
  })
  t.equal(keyOf(parts), sha256(canonical(parts)))
  t.not(keyOf(parts), keyOf({ ...parts, 'tool:kops': '1.29.0' }), 'a tool upgrade changes the key')
})

t.test('changes are named down to the file or value', async (t) => {
  const before = { stage: 'render@1 (pure)', 'file:a.eta': 'h1', 'needs.outputs.values.cluster_version': '"1.28.4"', 'tool:kops': '1.28.4' }
  const after = { stage: 'render@1 (pure)', 'file:a.eta': 'h2', 'needs.outputs.values.cluster_version': '"1.29.7"', 'file:b.eta': 'h3' }
  t.same(diffParts(before, after).map(describeChange), [
    'file a.eta changed',
    'file b.eta is new',
    'outputs.values.cluster_version 1.28.4 → 1.29.7',
    'tool kops is gone (was 1.28.4)',
  ])
  t.equal(describeChange({ part: 'file:x', before: 'h', after: 'missing' }), 'file x was deleted')
  t.equal(describeChange({ part: 'settings.region', after: '"us-east-1"' }), 'settings.region is new (us-east-1)')
})

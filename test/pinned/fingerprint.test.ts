import t from 'tap'
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { fingerprintFiles, fingerprintText, parseFingerprint, type Fingerprint } from '../../modules/pinned/mod.ts'
import { makeProject } from '../helpers/project.ts'

const digest = (text: string): string => createHash('sha256').update(text).digest('hex')
const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const P = 'c'.repeat(64)

const FP: Fingerprint = {
  format: 1,
  cluster: 'demo',
  layer: '2-kops',
  files: { 'clusters/demo/kubernetes.tf': A, '2-kops/config.tf': B },
  varFiles: { 'clusters/demo/terraform.tfvars': A },
  backend: { region: 'eu-west-1', bucket: 'demo-terraform-state', key: 'demo/2-kops.tfstate' },
  tools: { terraform: '1.11.4', kops: '1.30.1' },
  state: { serial: 4, lineage: 'abc' },
  planSha256: P,
}

t.test('fingerprintFiles hashes files, every file under directories and glob matches, sorted and relative', async (t) => {
  const root = makeProject({
    'clusters/x/kubernetes.tf': 'resource {}',
    'clusters/x/data/foo': 'foo',
    'clusters/x/data/sub/bar.yaml': 'bar',
    '2-kops/config.tf': 'terraform {}',
    '2-kops/notes.md': 'notes',
  })
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'clusters/x/empty'))
  const files = await fingerprintFiles(nodeFileSystem, root, ['clusters/x', '2-kops/*.tf', 'clusters/x/gone.tf', 'clusters/x/data/foo'])
  t.same(files, {
    '2-kops/config.tf': digest('terraform {}'),
    'clusters/x/data/foo': digest('foo'),
    'clusters/x/data/sub/bar.yaml': digest('bar'),
    'clusters/x/kubernetes.tf': digest('resource {}'),
  })
  t.same(Object.keys(files), ['2-kops/config.tf', 'clusters/x/data/foo', 'clusters/x/data/sub/bar.yaml', 'clusters/x/kubernetes.tf'], 'in sorted order')
  t.same(await fingerprintFiles(nodeFileSystem, root, ['nothing/here', 'clusters/x/empty']), {}, 'missing paths and empty directories give no keys')
})

t.test('a directory of more files than are read at once: every one, in order', async (t) => {
  const names = Array.from({ length: 150 }, (_, i) => `data/f${String(i).padStart(3, '0')}`)
  const root = makeProject(Object.fromEntries(names.map((n) => [n, n])))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  t.same(await fingerprintFiles(nodeFileSystem, root, ['data']), Object.fromEntries(names.map((n) => [n, digest(n)])))
})

t.test('fingerprint.json text: fixed key order, sorted maps, and it parses back to the same value', async (t) => {
  const text = fingerprintText(FP)
  t.equal(
    text,
    `{
  "format": 1,
  "cluster": "demo",
  "layer": "2-kops",
  "files": {
    "2-kops/config.tf": "${B}",
    "clusters/demo/kubernetes.tf": "${A}"
  },
  "varFiles": {
    "clusters/demo/terraform.tfvars": "${A}"
  },
  "backend": {
    "bucket": "demo-terraform-state",
    "key": "demo/2-kops.tfstate",
    "region": "eu-west-1"
  },
  "tools": {
    "kops": "1.30.1",
    "terraform": "1.11.4"
  },
  "state": {
    "serial": 4,
    "lineage": "abc"
  },
  "planSha256": "${P}"
}
`,
  )
  t.same(parseFingerprint(text), { ok: true, value: FP })
  const firstPlan: Fingerprint = { ...FP, state: undefined }
  const noState = fingerprintText(firstPlan)
  t.notMatch(noState, '"state"', 'a first plan has no state key')
  const parsed = parseFingerprint(noState)
  t.same(parsed.ok && Object.keys(parsed.value), ['format', 'cluster', 'layer', 'files', 'varFiles', 'backend', 'tools', 'planSha256'])
  const extra = parseFingerprint(JSON.stringify({ ...FP, note: 'hand-added' }))
  t.same(extra, { ok: true, value: FP }, 'unknown fields are dropped')
})

t.test('a truncated or hand-edited fingerprint.json is a failure naming what is wrong', async (t) => {
  const edited = (patch: Record<string, unknown>) => parseFingerprint(JSON.stringify({ ...FP, ...patch }))
  const failure = (error: string) => ({ ok: false, error })
  const text = fingerprintText(FP)
  t.same(parseFingerprint(text.slice(0, text.length / 2)), failure('not valid JSON (truncated or hand-edited?)'))
  t.same(parseFingerprint(''), failure('not valid JSON (truncated or hand-edited?)'))
  t.same(parseFingerprint('[1]'), failure('must be a JSON object, not a list'))
  t.same(parseFingerprint('null'), failure('must be a JSON object, not null'))
  t.same(edited({ format: 2 }), failure('"format" is 2, expected 1 (written by another version of tasks?)'))
  t.same(edited({ format: undefined }), failure('"format" is missing, expected 1 (written by another version of tasks?)'))
  t.same(edited({ cluster: 7 }), failure('"cluster" must be a non-empty string, not a number'))
  t.same(edited({ layer: '' }), failure('"layer" must be a non-empty string, not an empty string'))
  t.same(edited({ files: ['a.tf'] }), failure('"files" must be an object, not a list'))
  t.same(edited({ varFiles: { 'x.tfvars': 'abc' } }), failure('"varFiles.x.tfvars" is not a sha256 digest'))
  t.same(edited({ backend: undefined }), failure('"backend" is missing (expected an object)'))
  t.same(edited({ tools: { terraform: 1.11 } }), failure('"tools.terraform" must be a string, not a number'))
  t.same(edited({ state: { serial: '4', lineage: 'abc' } }), failure('"state.serial" must be a whole number'))
  t.same(edited({ state: { serial: 4 } }), failure('"state.lineage" must be a non-empty string'))
  t.same(edited({ files: { 'a.tf': null } }), failure('"files.a.tf" must be a string, not null'))
  t.same(edited({ state: 'abc' }), failure('"state" must be an object, not a string'))
  t.same(edited({ planSha256: P.slice(0, 12) }), failure('"planSha256" is not a sha256 digest'))
  t.same(edited({ planSha256: undefined }), failure('"planSha256" is missing (expected a non-empty string)'))
})

// Zero false positives: every real manifest passes with no problem at all (errors or warnings):
// the project's own rendered clusters, and the kOps test manifests of every era in ../shared.
import t from 'tap'
import { checkManifest } from '../../modules/manifest/mod.ts'
import { fixture, fixtureDir } from '../helpers/shared.ts'
import { project } from './helpers.ts'

t.test("the project's rendered cluster manifests have no problems", async (t) => {
  for (const name of ['demo', 'example-dev', 'example-prod'] as const) {
    const { file, text } = project(name)
    t.strictSame(checkManifest(file, text), [], file)
    t.strictSame(checkManifest(file, text, { complete: true }), [], `${file}, as a whole cluster`)
  }
})

t.test('every kOps fixture manifest has no problems', async (t) => {
  const dirs = fixtureDir('kops/manifests')
  t.ok(dirs.length >= 8, 'the fixtures are there')
  for (const dir of dirs) {
    const path = `kops/manifests/${dir}/in-v1alpha2.yaml`
    t.strictSame(checkManifest(path, fixture(path), { complete: true }), [], path)
  }
})

t.test("the seed template's expected rendering has no problems", async (t) => {
  const path = 'seed-template/expected-cluster.yml'
  t.strictSame(checkManifest(path, fixture(path), { complete: true }), [])
})

import t from 'tap'
import { parseKubernetesVersion } from '../../modules/manifest/mod.ts'
import { parseSemver, parseTolerant } from '../../modules/manifest/version.ts'

t.test('kOps reads v-prefixed, plain, short and pre-release versions', async (t) => {
  t.same(parseKubernetesVersion('1.28.9'), { major: 1, minor: 28, patch: 9, pre: [], build: [] })
  t.same(parseKubernetesVersion('v1.28.9'), { major: 1, minor: 28, patch: 9, pre: [], build: [] })
  t.same(parseKubernetesVersion('v1.27.0-alpha.3'), { major: 1, minor: 27, patch: 0, pre: ['alpha', '3'], build: [] })
  t.same(parseKubernetesVersion('1.28'), { major: 1, minor: 28, patch: 0, pre: [], build: [] }, 'a short version is filled in')
  t.same(parseKubernetesVersion('1.28.9+build.1'), { major: 1, minor: 28, patch: 9, pre: [], build: ['build', '1'] })
  t.same(parseKubernetesVersion('1.028.09'), { major: 1, minor: 28, patch: 9, pre: [], build: [] }, 'leading zeros are dropped, as ParseTolerant does')
  t.same(parseKubernetesVersion(' v1.4.12 '), { major: 1, minor: 4, patch: 12, pre: [], build: [] })
})

t.test('a release URL names its version', async (t) => {
  t.same(parseKubernetesVersion('https://storage.googleapis.com/kubernetes-release/release/v1.28.5'), { major: 1, minor: 28, patch: 5, pre: [], build: [] })
  t.same(parseKubernetesVersion('https://example.com/ci/v1.29.0-beta.1/'), { major: 1, minor: 29, patch: 0, pre: ['beta', '1'], build: [] })
  t.equal(parseKubernetesVersion('https://example.com/latest'), undefined)
})

t.test('anything else is not a version', async (t) => {
  for (const bad of ['', 'latest', '1.28.x', 'v1.21.0.1', '1.28-rc.1', 'vv1.28.0', '1..2', '1.28.9-', '1.28.9-alpha..1', '1.28.9-01', 'one.two.three']) {
    t.equal(parseKubernetesVersion(bad), undefined, JSON.stringify(bad))
  }
})

t.test('strict and tolerant semantic versions', async (t) => {
  t.equal(parseSemver('1.28'), undefined, 'strict needs three parts')
  t.equal(parseSemver('01.2.3'), undefined, 'strict refuses leading zeros')
  t.same(parseTolerant('00.2.3'), { major: 0, minor: 2, patch: 3, pre: [], build: [] })
  t.same(parseTolerant('1'), { major: 1, minor: 0, patch: 0, pre: [], build: [] })
  t.equal(parseTolerant('1-rc'), undefined, 'a short version cannot carry pre-release data')
})

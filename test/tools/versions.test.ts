import t from 'tap'
import { checkRequirement, matchesExactly, parseVersion, requirementsOf, satisfies, versionNumber } from '../../modules/tools/mod.ts'

t.test('versions are read out of tool output', async (t) => {
  t.equal(parseVersion('Terraform v1.9.8')?.text, '1.9.8')
  t.equal(parseVersion('1.10.0-beta1')?.text, '1.10.0-beta1')
  t.equal(parseVersion('Client version: 1.28.4 (git-v1.28.4)')?.text, '1.28.4')
  t.equal(versionNumber('Version 1.15.0 (git-9992b4055)'), '1.15.0')
  t.equal(parseVersion('no digits'), undefined)
})

t.test("terraform constraints follow Terraform's own syntax", async (t) => {
  t.same(satisfies('1.9.8', '>= 1.5, < 2.0'), { ok: true })
  t.same(satisfies('2.0.0', '>= 1.5, < 2.0'), { ok: false, reason: '2.0.0 does not satisfy ">= 1.5, < 2.0"' })
  t.same(satisfies('1.9.8', '~> 1.9'), { ok: true })
  t.same(satisfies('1.12.1', '~> 1.9'), { ok: true }, '~> 1.9 allows any 1.x from 1.9')
  t.same(satisfies('2.0.0', '~> 1.9').ok, false)
  t.same(satisfies('1.9.9', '~> 1.9.2'), { ok: true })
  t.same(satisfies('1.10.0', '~> 1.9.2').ok, false, '~> 1.9.2 stays on 1.9.x')
  t.same(satisfies('1.10.0-beta1', '>= 1.10.0').ok, false, 'a prerelease is before its release')
  t.same(satisfies('1.9.8', '1.9.8'), { ok: true })
  t.same(satisfies('1.9.8', '!= 1.9.8').ok, false)
  t.same(satisfies('1.9.8', '>= banana'), { ok: false, reason: '">= banana" is not a version constraint (e.g. ">= 1.5, < 2.0" or "~> 1.9")' })
})

t.test('kopsVersion is an exact pin', async (t) => {
  t.same(matchesExactly('1.28.4', '1.28.4'), { ok: true })
  t.same(matchesExactly('1.28.5', '1.28.4'), { ok: false, reason: '1.28.5 is not the pinned 1.28.4' })
})

t.test("a cluster's requirements and their checks", async (t) => {
  const cluster = { name: 'prod', dir: 'clusters/prod', settings: { kopsVersion: '1.28.4', terraformVersion: '>= 1.5' }, toolPath: '', bins: {} }
  const reqs = requirementsOf(cluster, ['kops', 'terraform', 'node'])
  t.same(reqs, [
    { tool: 'kops', setting: 'kopsVersion', constraint: '1.28.4', exact: true },
    { tool: 'terraform', setting: 'terraformVersion', constraint: '>= 1.5', exact: false },
  ])
  t.same(requirementsOf(cluster, ['terraform']).map((r) => r.tool), ['terraform'])
  t.same(checkRequirement(reqs[0], '1.28.4'), { ok: true })
  t.same(checkRequirement(reqs[1], 'Terraform v1.4.6'), { ok: false, reason: '1.4.6 does not satisfy ">= 1.5"' })
  t.same(checkRequirement(reqs[0], 'not-found'), { ok: false, reason: 'kops was not found' })
})

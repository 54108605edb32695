// The shape of a run: waves from --waves or the project's default (for targets that change
// something), the targets' health check added in a rollout, pools, and what a resume leaves out.
import t from 'tap'
import { parseArgs } from '../../modules/cli/args.ts'
import { runShape } from '../../modules/cli/rollout.ts'
import { DEFAULT_SETTINGS, type ProjectSettings } from '../../modules/config/mod.ts'
import { graph, type ClusterInfo } from '../../modules/graph/mod.ts'

const g = graph()
  .stage('outputs', { kind: 'read' })
  .stage('push', { kind: 'write', needs: ['outputs'], gated: true })
  .stage('health', { kind: 'read', needs: ['outputs'] })
  .target('push', { description: 'push', stages: ['push'], healthCheck: 'health' })
  .target('look', { description: 'look', stages: ['outputs'] })
  .build()

const cluster = (name: string, settings: Record<string, unknown> = {}): ClusterInfo => ({ name, dir: `clusters/${name}`, settings, bins: {}, toolPath: '' })
const CLUSTERS = [cluster('c'), cluster('b', { wave: 2 }), cluster('a', { wave: 1, account: '111', profile: 'x' }), cluster('d', { profile: 'p' })]
const options = (...argv: string[]) => {
  const parsed = parseArgs(argv)
  if (!parsed.ok) throw new Error('bad argv')
  return parsed.options
}
const shapeOf = (targets: string[], argv: string[], settings: ProjectSettings = DEFAULT_SETTINGS, carried?: Parameters<typeof runShape>[5]) => {
  const s = runShape(g, targets, CLUSTERS, options(...argv), settings, carried)
  return { groups: s.groups.map((x) => [x.clusters.map((c) => c.name), x.stages.map((st) => st.name)]), order: s.order, rollout: s.rollout, pools: s.pools && { max: s.pools.max, of: CLUSTERS.map((c) => s.pools!.of(c)) } }
}

t.test('no waves: every cluster in selection order, the target stages only', async (t) => {
  t.same(shapeOf(['push'], []), { groups: [[['c', 'b', 'a', 'd'], ['outputs', 'push']]], order: ['c', 'b', 'a', 'd'], rollout: undefined, pools: undefined })
})

t.test('--waves: wave: order then name, the health check after each cluster, pools by account else profile', async (t) => {
  t.same(shapeOf(['push'], ['--waves', '1,1,rest', '--max-per-account', '1']), {
    groups: [[['a', 'b', 'c', 'd'], ['outputs', 'push', 'health']]],
    order: ['a', 'b', 'c', 'd'],
    rollout: { total: 3, waves: [{ number: 1, clusters: ['a'] }, { number: 2, clusters: ['b'] }, { number: 3, clusters: ['c', 'd'] }] },
    pools: { max: 1, of: ['default', 'default', '111', 'profile:p'] },
  })
})

t.test('the project default applies to targets that change something; --waves to any', async (t) => {
  const settings = { ...DEFAULT_SETTINGS, rollout: { waves: '50%,rest', maxPerAccount: 2 } }
  t.same(shapeOf(['push'], [], settings).rollout, { total: 2, waves: [{ number: 1, clusters: ['a', 'b'] }, { number: 2, clusters: ['c', 'd'] }] })
  t.equal(shapeOf(['push'], [], settings).pools?.max, 2)
  t.equal(shapeOf(['look'], [], settings).rollout, undefined, 'a read-only target runs at once')
  t.same(shapeOf(['look'], ['--waves', '1,rest'], settings).groups, [[['a', 'b', 'c', 'd'], ['outputs']]], 'no health check for a target without one')
})

t.test('a resume: finished clusters left out, the stopped wave\'s finished ones only checked again, waves kept', async (t) => {
  const carried = { finished: new Set(['a']), revalidate: new Set(['b']), waves: [['a'], ['b', 'c'], ['d']] }
  t.same(shapeOf(['push'], [], DEFAULT_SETTINGS, carried), {
    groups: [[['c', 'd'], ['outputs', 'push', 'health']], [['b'], ['outputs', 'health']]],
    order: ['b', 'c', 'd'],
    rollout: { total: 3, waves: [{ number: 2, clusters: ['b', 'c'] }, { number: 3, clusters: ['d'] }] },
    pools: undefined,
  })
  // A target without a health check: finished is finished.
  t.same(shapeOf(['look'], [], DEFAULT_SETTINGS, carried).order, ['c', 'd'])
})

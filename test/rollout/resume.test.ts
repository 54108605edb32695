// What tasks resume carries over: finished clusters are left alone, the finished clusters of the
// first wave that did not finish are checked again, and the original waves are kept.
import t from 'tap'
import { resumePlan, type Journal } from '../../modules/rollout/mod.ts'

const journal = (clusters: [string, Journal['clusters'][number]['status']][], waves?: string[][]): Journal => ({
  format: 1, id: '20261206-051541-1', startedAt: '2026-12-06T05:15:41.000Z', status: 'stopped', target: ['apply'], argv: ['apply', '--all'],
  clusters: clusters.map(([name, status]) => ({ name, status })), ...(waves ? { waves } : {}),
})

t.test('without waves: every finished cluster is left alone, nothing is checked again', async (t) => {
  const plan = resumePlan(journal([['a', 'finished'], ['b', 'failed'], ['c', 'interrupted'], ['d', 'not-started'], ['e', 'running']]))
  t.same({ finished: [...plan.finished], revalidate: [...plan.revalidate], waves: plan.waves }, { finished: ['a'], revalidate: [], waves: undefined })
})

t.test('in a rollout: the wave that stopped has its finished clusters checked again; earlier waves are left alone', async (t) => {
  const waves = [['a'], ['b', 'c', 'd'], ['e', 'f']]
  const plan = resumePlan(journal([['a', 'finished'], ['b', 'failed'], ['c', 'finished'], ['d', 'finished'], ['e', 'not-started'], ['f', 'not-started']], waves))
  t.same({ finished: [...plan.finished], revalidate: [...plan.revalidate], waves: plan.waves }, { finished: ['a'], revalidate: ['c', 'd'], waves })
})

t.test('a rollout stopped in its first wave, and one where every cluster finished', async (t) => {
  const first = resumePlan(journal([['a', 'interrupted'], ['b', 'not-started']], [['a'], ['b']]))
  t.same([[...first.finished], [...first.revalidate]], [[], []])
  const all = resumePlan(journal([['a', 'finished'], ['b', 'finished']], [['a'], ['b']]))
  t.same([[...all.finished], [...all.revalidate]], [['a', 'b'], []])
})

import t from 'tap'
import { graph } from '../../modules/graph/mod.ts'
import { keyOf, keyParts, type CacheRecord } from '../../modules/cache/mod.ts'
import { planCluster, type ClusterFacts, type PlanOptions } from '../../modules/plan/mod.ts'

const g = graph()
  .stage('outputs', { kind: 'read' })
  .stage('render', { kind: 'pure', needs: ['outputs'], inputs: ['t.eta'] })
  .stage('push', { kind: 'write', needs: ['render'], commands: (ctx) => [{ tool: 'kops', args: ['replace', ctx.cluster.name], cwd: '/r', env: {} }] })
  .build()
const stages = [...g.stages.values()]
const options: PlanOptions = { force: false, offline: false, params: {}, root: '/r', stateDir: '/r/.tasks' }
const cluster = { name: 'demo', dir: 'clusters/demo', settings: {}, toolPath: '/usr/bin', bins: {} }

/** A record as the executor would have written it for these inputs. */
function recorded(name: string, needs: Record<string, unknown>, files: Record<string, string>, result: unknown): CacheRecord {
  const parts = keyParts({ stage: g.stages.get(name)!, params: {}, settings: null, files, needs, tools: {} })
  return { format: 1, cluster: 'demo', stage: name, key: keyOf(parts), parts, result, outputs: {}, finishedAt: '2026-11-26T00:00:00.000Z', durationMs: 1 }
}

t.test('a first plan runs everything; commands that need unknown results are not guessed', async (t) => {
  const facts: ClusterFacts = { cluster, records: {}, files: { render: { 't.eta': 'h1' } }, outputs: {}, tools: {}, reads: {} }
  const plan = planCluster(stages, facts, options)
  t.same(plan.stages.map((p) => [p.stage.name, p.decision.action, p.decision.reason, p.provisional]), [
    ['outputs', 'run', 'reads live state', false],
    ['render', 'run', 'no previous success', true],
    ['push', 'run', 'no previous success', true],
  ])
  t.same(plan.stages[2].commands, [{ tool: 'kops', args: ['replace', 'demo'], cwd: '/r', env: {} }])
})

t.test('after a success, downstream skips provisionally on the recorded upstream results', async (t) => {
  const records = {
    outputs: recorded('outputs', {}, {}, { v: 1 }),
    render: recorded('render', { outputs: { v: 1 } }, { 't.eta': 'h1' }, { file: 'x' }),
    push: recorded('push', { render: { file: 'x' } }, {}, null),
  }
  const facts: ClusterFacts = { cluster, records, files: { render: { 't.eta': 'h1' } }, outputs: {}, tools: {}, reads: {} }
  const plan = planCluster(stages, facts, options)
  t.same(plan.stages.map((p) => [p.stage.name, p.decision.action, p.provisional]), [
    ['outputs', 'run', false],
    ['render', 'skip', true],
    ['push', 'skip', true],
  ])
  const offline = planCluster(stages, facts, { ...options, offline: true })
  t.same(offline.stages.map((p) => [p.decision.action, p.provisional]), [['skip', false], ['skip', false], ['skip', false]], 'offline, nothing is a guess')
  const changed = planCluster(stages, { ...facts, files: { render: { 't.eta': 'h2' } } }, { ...options, offline: true })
  t.same(changed.stages.map((p) => p.decision.reason), ['offline: served from the result of 2026-11-26T00:00:00.000Z', 'changed: file t.eta changed', 'up to date: last succeeded with these inputs'])
})

t.test('files an earlier stage writes are seen as it will leave them, as the run sees them', async (t) => {
  const h = graph()
    .stage('outputs', { kind: 'read' })
    .stage('render', { kind: 'pure', needs: ['outputs'], inputs: ['t.eta'], outputs: ['{clusterDir}/out.yml'] })
    .stage('push', { kind: 'write', needs: ['outputs'], inputs: ['{clusterDir}/out.yml'] })
    .build()
  const all = [...h.stages.values()]
  const record = (name: string, files: Record<string, string>, outputs: Record<string, string> = {}): CacheRecord => {
    const parts = keyParts({ stage: h.stages.get(name)!, params: {}, settings: null, files, needs: { outputs: { v: 1 } }, tools: {} })
    return { format: 1, cluster: 'demo', stage: name, key: keyOf(parts), parts, result: null, outputs, finishedAt: 'x', durationMs: 1 }
  }
  const records = {
    outputs: { ...record('outputs', {}), result: { v: 1 } },
    render: record('render', { 't.eta': 'h1' }, { 'clusters/demo/out.yml': 'o1' }),
    push: record('push', { 'clusters/demo/out.yml': 'o1' }),
  }
  const facts = (template: string, out: string): ClusterFacts => ({
    cluster,
    records,
    files: { render: { 't.eta': template }, push: { 'clusters/demo/out.yml': out } },
    outputs: { render: { 'clusters/demo/out.yml': out } },
    tools: {},
    reads: {},
  })
  const decided = (f: ClusterFacts) => planCluster(all, f, options).stages.map((p) => `${p.stage.name} ${p.decision.action}: ${p.decision.reason}`)
  t.same(decided(facts('h1', 'edited')), ['outputs run: reads live state', 'render run: output clusters/demo/out.yml was modified', 'push skip: up to date: last succeeded with these inputs'], 'render writes back what it wrote: push has nothing to do')
  t.same(decided(facts('h1', 'missing')), ['outputs run: reads live state', 'render run: output clusters/demo/out.yml is missing', 'push skip: up to date: last succeeded with these inputs'])
  t.same(decided(facts('h2', 'o1')), ['outputs run: reads live state', 'render run: changed: file t.eta changed', 'push run: changed: file clusters/demo/out.yml is rewritten by render'], 'a changed render rewrites it')
  t.same(decided(facts('h1', 'o1')), ['outputs run: reads live state', 'render skip: cached', 'push skip: up to date: last succeeded with these inputs'])
})

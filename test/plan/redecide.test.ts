import t from 'tap'
import { graph } from '../../modules/graph/mod.ts'
import { keyOf, keyParts, type CacheRecord } from '../../modules/cache/mod.ts'
import {
  afterRan, afterServed, needsIn, planCluster, redecide, runStart, staleBecause,
  type ClusterFacts, type PlannedStage, type PlanOptions, type RunSoFar,
} from '../../modules/plan/mod.ts'

// outputs (a live read) → render (writes out.yml) → push (reads out.yml); teardown undoes push.
const g = graph()
  .stage('outputs', { kind: 'read' })
  .stage('render', { kind: 'pure', needs: ['outputs'], inputs: ['t.eta'], outputs: ['{clusterDir}/out.yml'] })
  .stage('push', { kind: 'write', needs: ['outputs'], inputs: ['{clusterDir}/out.yml'] })
  .stage('teardown', { kind: 'write', needs: ['outputs'], undoes: ['push'] })
  .build()
const stages = [...g.stages.values()]
const options: PlanOptions = { force: false, offline: false, params: {}, root: '/r', stateDir: '/r/.tasks' }
const cluster = { name: 'demo', dir: 'clusters/demo', settings: {}, toolPath: '/usr/bin', bins: {} }
const OUT = 'clusters/demo/out.yml'

function record(name: string, files: Record<string, string>, result: unknown = null, outputs: Record<string, string> = {}): CacheRecord {
  const parts = keyParts({ stage: g.stages.get(name)!, params: {}, settings: null, files, needs: { outputs: { v: 1 } }, tools: {} })
  return { format: 1, cluster: 'demo', stage: name, key: keyOf(parts), parts, result, outputs, finishedAt: 'x', durationMs: 1 }
}

// Everything last succeeded with outputs {v: 1}, and nothing changed on disk since.
const facts: ClusterFacts = {
  cluster,
  records: {
    outputs: { ...record('outputs', {}), parts: {}, key: 'k', result: { v: 1 } },
    render: record('render', { 't.eta': 'h1' }, { file: OUT }, { [OUT]: 'o1' }),
    push: record('push', { [OUT]: 'o1' }),
    teardown: record('teardown', {}),
  },
  files: { render: { 't.eta': 'h1' }, push: { [OUT]: 'o1' } },
  outputs: { render: { [OUT]: 'o1' } },
  tools: {},
  reads: {},
}
const plan = planCluster(stages, facts, options)
const planned = (name: string): PlannedStage => plan.stages.find((p) => p.stage.name === name)!
const said = (name: string, run: RunSoFar): string => {
  const { decision } = redecide(planned(name), facts, run, options)
  return `${decision.action}: ${decision.reason}`
}
/** The run after `outputs` ran and returned `result`. */
const afterOutputs = (result: unknown): RunSoFar => afterRan(runStart, g.stages.get('outputs')!, { ...facts.records.outputs!, result, outputs: {} })

t.test('the plan decides: nothing learned, nothing decided again', async (t) => {
  t.same(plan.stages.map((p) => [p.stage.name, p.decision.action, p.provisional]), [
    ['outputs', 'run', false],
    ['render', 'skip', true],
    ['push', 'skip', true],
    ['teardown', 'skip', true],
  ])
  const first = planned('outputs')
  t.equal(staleBecause(first, facts, runStart), undefined)
  const taken = redecide(first, facts, runStart, options)
  t.equal(taken.decision, first.decision, "the plan's own decision, not an equal copy")
  t.equal(taken.key, first.key)
  t.equal(taken.parts, first.parts)
})

t.test('a provisional decision is decided again on the results the run got', async (t) => {
  t.equal(staleBecause(planned('render'), facts, afterOutputs({ v: 1 })), 'the plan assumed the results of stages that run first')
  t.equal(said('render', afterOutputs({ v: 1 })), 'skip: cached', 'the read returned what the plan assumed')
  t.equal(said('render', afterOutputs({ v: 2 })), 'run: changed: outputs.v 1 → 2', 'a live read changed it')
})

t.test('a need that ran, a rewritten file, a record this run changed: decided again', async (t) => {
  // As if planned certain (no upstream run assumed), to see each reason on its own.
  const certain = (name: string): PlannedStage => ({ ...planned(name), provisional: false })
  const read = afterOutputs({ v: 1 })
  t.equal(staleBecause(certain('push'), facts, read), 'outputs ran')
  const served = afterServed(runStart, 'outputs', { v: 1 })
  t.equal(staleBecause(certain('push'), facts, served), undefined, 'a need served from its record is what the plan assumed')
  const rendered = (hash: string) => afterRan(served, g.stages.get('render')!, { ...facts.records.render!, outputs: { [OUT]: hash } })
  t.equal(staleBecause(certain('push'), facts, rendered('o1')), 'a stage of this run rewrote its files')
  t.equal(redecide(certain('push'), facts, rendered('o1'), options).decision.action, 'skip', 'rewritten as it was: still up to date')
  t.same(redecide(certain('push'), facts, rendered('o2'), options).decision.reason, `changed: file ${OUT} changed`)
  const tornDown = afterRan(served, g.stages.get('teardown')!, facts.records.teardown!)
  t.equal(staleBecause(certain('push'), facts, tornDown), 'this run changed its record')
  t.equal(redecide(certain('push'), facts, tornDown, options).decision.reason, 'no previous success', 'undone: its record is gone')
})

t.test('what the run learns is new values; the plan and earlier states stay as they were', async (t) => {
  const before = afterServed(runStart, 'outputs', { v: 1 })
  const after = afterRan(before, g.stages.get('render')!, { ...facts.records.render!, result: { file: 'new' }, outputs: { [OUT]: 'o2' } })
  t.same(before, { results: { outputs: { v: 1 } }, ran: new Set(), written: new Map(), records: {} })
  t.same(runStart, { results: {}, ran: new Set(), written: new Map(), records: {} })
  t.same(after.results, { outputs: { v: 1 }, render: { file: 'new' } })
  t.same([...after.ran], ['render'])
  t.same([...after.written], [[OUT, 'o2']])
  t.same(Object.keys(after.records), ['render'])
  t.same(facts.records.render?.result, { file: OUT }, 'the plan\'s facts are not written')
  const dropped = afterRan(after, g.stages.get('teardown')!, facts.records.teardown!)
  t.ok('push' in dropped.records && dropped.records.push === undefined, 'an undone stage\'s record is dropped in the run')
})

t.test('needs: the results so far; looking ahead, the recorded ones beyond', async (t) => {
  const push = g.stages.get('push')!
  t.same(needsIn(push, facts, runStart), { outputs: undefined })
  t.same(needsIn(push, facts, runStart, true), { outputs: { v: 1 } })
  t.same(needsIn(push, facts, afterOutputs({ v: 3 }), true), { outputs: { v: 3 } })
})

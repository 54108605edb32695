// The run takes the plan's decision and keeps what it learns to itself: a stage is decided again
// only where a stage of this run produced something it depends on (plan/redecide.ts).
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FileHasher } from '../../modules/cache/mod.ts'
import { execute, gatherCluster, ToolVersions, type Gatherer, type Ports, type RunEvent } from '../../modules/exec/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { graph } from '../../modules/graph/mod.ts'
import { planCluster, type ClusterPlan, type PlanOptions } from '../../modules/plan/mod.ts'

let live = 'v1'
const g = graph()
  .stage('source', { kind: 'read', run: async () => ({ value: live }) })
  .stage('gen', {
    kind: 'pure',
    needs: ['source'],
    outputs: ['{clusterDir}/gen.txt'],
    run: async (ctx) => {
      await ctx.writeFile(`${ctx.cluster.dir}/gen.txt`, JSON.stringify(ctx.needs.source))
      return null
    },
  })
  .stage('use', { kind: 'write', needs: ['source'], inputs: ['{clusterDir}/gen.txt'], run: async () => null })
  .stage('lone', { kind: 'pure', inputs: ['lone.txt'], run: async () => null })
  .build()
const stages = [...g.stages.values()]

function setup(t: Test) {
  const root = t.testdir({ 'lone.txt': 'one', clusters: { demo: {} } })
  const stateDir = join(root, '.tasks')
  const cluster = { name: 'demo', dir: 'clusters/demo', settings: {}, toolPath: '', bins: {} }
  const events: RunEvent[] = []
  const ports: Ports = {
    fs: nodeFileSystem,
    tools: { run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) },
    clock: { now: () => 0 },
    reporter: { event: (e) => void events.push(e), close: async () => {} },
    confirm: { interactive: false, ask: async () => false },
  }
  const options: PlanOptions = { force: false, offline: false, params: {}, root, stateDir }
  const gatherer = async (): Promise<Gatherer> => ({
    fs: nodeFileSystem,
    hasher: await FileHasher.load(nodeFileSystem, root, join(stateDir, 'cache', 'files.json'), () => 0),
    versions: new ToolVersions(nodeFileSystem, ports.tools, join(stateDir, 'tools.json')),
    root,
    stateDir,
    warn: () => {},
  })
  const plan = async (): Promise<{ plan: ClusterPlan; gather: Gatherer }> => {
    const gather = await gatherer()
    return { plan: planCluster(stages, await gatherCluster(gather, cluster, stages), options), gather }
  }
  const run = async (planned: { plan: ClusterPlan; gather: Gatherer }): Promise<string[]> => {
    const signal = new AbortController().signal
    const outcome = await execute([planned.plan], ports, planned.gather, { ...options, concurrency: 1, keepGoing: false, yes: true, signal })
    return outcome.clusters[0].stages.map((s) => `${s.name} ${s.status}: ${s.reason}`)
  }
  return { root, plan, run }
}

/** What a plan says, as text: to see it unchanged after the run. */
const shown = (plan: ClusterPlan): string =>
  JSON.stringify({ facts: plan.facts, stages: plan.stages.map((p) => ({ ...p, stage: p.stage.name })) })

t.test('each stage takes the plan decision unless this run produced what it depends on', async (t) => {
  const { root, plan, run } = setup(t)
  live = 'v1'
  t.same(await run(await plan()), [
    'source ran: reads live state',
    'gen ran: no previous success',
    'use ran: no previous success',
    'lone ran: no previous success',
  ])
  t.equal(readFileSync(join(root, 'clusters/demo/gen.txt'), 'utf8'), '{"value":"v1"}')

  t.same(await run(await plan()), [
    'source ran: reads live state',
    'gen cached: cached',
    'use cached: up to date: last succeeded with these inputs',
    'lone cached: cached',
  ], 'the read returned what it did last time: nothing else to do')

  live = 'v2'
  t.same(await run(await plan()), [
    'source ran: reads live state',
    'gen ran: changed: source.value v1 → v2',
    'use ran: changed: file clusters/demo/gen.txt changed, source.value v1 → v2',
    'lone cached: cached',
  ], 'a live read changed: decided again on its result and the file gen rewrote')
})

t.test('the plan is never written; a file no stage of the run wrote is as the plan saw it', async (t) => {
  const { root, plan, run } = setup(t)
  live = 'v1'
  await run(await plan())
  const planned = await plan()
  const before = shown(planned.plan)
  t.equal(planned.plan.stages.find((p) => p.stage.name === 'lone')?.decision.action, 'skip')
  // Edited after planning: the run does what explain said (the next plan sees the edit).
  writeFileSync(join(root, 'lone.txt'), 'edited')
  t.same((await run(planned)).at(-1), 'lone cached: cached')
  t.equal(shown(planned.plan), before, 'the plan object is as the planner left it')
  t.same((await run(await plan())).at(-1), 'lone ran: changed: file lone.txt changed')
})

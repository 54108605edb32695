import t from 'tap'
import { exitCodeOf, formatFailure } from '../../modules/diag/mod.ts'
import { graph, isStageFailure, stageFailed, stageFailure } from '../../modules/graph/mod.ts'

t.test('a stage failure is a value carrying a Failure, printed by the one printer', async (t) => {
  const f = stageFailed('not healthy: Machine i-1: not joined')
  t.same(f, { ok: false, failure: { reason: 'stage-failed', detail: 'not healthy: Machine i-1: not joined' } })
  t.equal(formatFailure(f.failure), 'not healthy: Machine i-1: not joined')
  t.equal(exitCodeOf(f.failure), 1)
  t.ok(isStageFailure(stageFailure({ reason: 'missing-file', path: 't.eta', what: 'template' })))
})

t.test('stage results are not taken for failures', async (t) => {
  for (const result of [null, 'text', 3, { ok: false }, { ok: true, failure: { reason: 'x' } }, { ok: false, failure: 'text' }, { planId: 'p' }]) {
    t.notOk(isStageFailure(result), JSON.stringify(result))
  }
})

t.test('a failure is no part of the result dependants see', async (t) => {
  graph()
    .stage('read', { kind: 'read', run: () => (Math.random() > 2 ? stageFailed('never') : { value: 1 }) })
    .stage('use', {
      kind: 'pure',
      needs: ['read'],
      run: (ctx) => {
        const value: number = ctx.needs.read.value
        return value
      },
    })
  t.pass('type-checked by tsc')
})

t.test('the builder is immutable: each call returns a new graph', async (t) => {
  const base = graph().stage('a', { kind: 'pure' })
  const more = base.stage('b', { kind: 'pure', needs: ['a'] }).target('b', { description: 'B', stages: ['b'] })
  t.same([...base.build().stages.keys()], ['a'])
  t.same([...more.build().stages.keys()], ['a', 'b'])
  t.same([...base.build().targets.keys()], [])
})

t.test('settings and params are typed by the graph', async (t) => {
  graph<{ region?: string }, { force?: boolean }>()
    .stage('x', {
      kind: 'write',
      params: ['force'],
      commands: (ctx) => {
        const region: string | undefined = ctx.cluster.settings.region
        const force: boolean | undefined = ctx.params.force
        const args: string[] | undefined = ctx.params.args
        return [{ tool: 'x', args: [String(region), String(force), ...(args ?? [])], cwd: '.', env: {} }]
      },
    })
    // @ts-expect-error "yes" is not a param of this graph
    .stage('y', { kind: 'write', params: ['yes'] })
    // @ts-expect-error force is a boolean
    .target('t', { description: 'T', stages: ['x'], params: { force: 'yes' } })
  t.pass('type-checked by tsc')
})

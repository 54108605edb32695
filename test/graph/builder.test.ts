import t from 'tap'
import { checkGraph, graph, stageOrder, targetStages, findCycle, type Graph } from '../../modules/graph/mod.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

const base = () =>
  graph()
    .stage('outputs', { kind: 'read', run: () => ({ version: '1.29.7', zones: ['a', 'b'] }) })
    .stage('render', {
      kind: 'pure',
      needs: ['outputs'],
      // The result of `outputs` arrives typed: these property reads type-check.
      run: (ctx) => ({ text: `${ctx.needs.outputs.version} in ${ctx.needs.outputs.zones.join(',')}` }),
    })

t.test('needs are typed: an unknown name is a compile-time error', async (t) => {
  const g = base()
    // @ts-expect-error "outptus" is not a stage defined before this one
    .stage('bad', { kind: 'pure', needs: ['outptus'] })
    .build()
  // The same mistake, made past the type checker, is a runtime diagnostic with its location.
  const failures = checkGraph(g)
  t.equal(failures.length, 1)
  const f = failures[0]
  t.equal(f.reason, 'unknown-need')
  if (f.reason !== 'unknown-need') return
  t.match(f.at?.file, /test\/graph\/builder\.test\.ts$/)
  t.equal(f.at?.line, 18, 'points at the line of the .stage() call')
  t.equal(
    formatFailure({ ...f, at: { ...f.at!, file: 'tasks.ts' } }),
    `tasks.ts:18:6 stage "bad" needs "outptus", which is not a stage (did you mean "outputs"?).\nhint: stages are outputs, render, bad.`,
  )
})

t.test('undoes takes stages defined before, checked like needs', async (t) => {
  // @ts-expect-error "rendr" is not a stage defined before this one
  const g = base().stage('undo', { kind: 'write', undoes: ['rendr'] }).build()
  const failures = checkGraph(g)
  t.equal(failures.length, 1)
  const f = failures[0]
  t.equal(f.reason, 'unknown-need')
  if (f.reason !== 'unknown-need') return
  t.equal(
    formatFailure({ ...f, at: undefined }),
    'stage "undo" undoes "rendr", which is not a stage (did you mean "render"?).\nhint: stages are outputs, render, undo.',
  )
  t.same(base().stage('undo', { kind: 'write', undoes: ['render'] }).build().stages.get('undo')?.undoes, ['render'])
})

t.test('ctx.needs carries only the declared needs, with their result types', async (t) => {
  base().stage('x', {
    kind: 'pure',
    needs: ['render'],
    run: (ctx) => {
      const text: string = ctx.needs.render.text
      // @ts-expect-error outputs is not among this stage's needs
      void ctx.needs.outputs
      return text
    },
  })
  t.pass('type-checked by tsc in npm test')
})

t.test('a target naming an unknown stage is reported at the target', async (t) => {
  const g = base()
    // @ts-expect-error "rendr" is not a stage
    .target('cluster-template', { description: 'Render', stages: ['rendr'] })
    .build()
  const [f] = checkGraph(g)
  t.equal(f.reason, 'unknown-stage')
  t.equal(formatFailure({ ...f, at: undefined } as typeof f), 'target "cluster-template" runs "rendr", which is not a stage (did you mean "render"?).\nhint: stages are outputs, render.')
})

t.test('duplicate names are reported', async (t) => {
  const g = base().stage('render', { kind: 'pure' }).build()
  t.same(checkGraph(g).map((f) => f.reason), ['duplicate-name'])
})

t.test('cycles are reported with their full path', async (t) => {
  // Only reachable past the types (the builder only lets a stage need earlier ones).
  const g = graph()
    .stage('a', { kind: 'pure', needs: ['c'] as never[] })
    .stage('b', { kind: 'pure', needs: ['a'] })
    .stage('c', { kind: 'pure', needs: ['b'] })
    .build()
  t.same(findCycle(g), ['a', 'c', 'b', 'a'])
  const failures = checkGraph(g)
  t.equal(failures.length, 1)
  t.equal(formatFailure({ ...failures[0], at: undefined } as never), 'stages depend on each other in a cycle: a → c → b → a.\nhint: remove one of these needs.')
})

t.test('stage order puts needs first, each stage once', async (t) => {
  const g: Graph = base()
    .stage('kops', { kind: 'write', needs: ['render'] })
    .stage('plan', { kind: 'read', needs: ['kops', 'outputs'] })
    .target('plan', { description: 'Plan', stages: ['plan'] })
    .target('template', { description: 'Render', stages: ['render'] })
    .build()
  t.same(stageOrder(g, ['plan']).map((s) => s.name), ['outputs', 'render', 'kops', 'plan'])
  t.same(targetStages(g, ['template', 'plan']).map((s) => s.name), ['outputs', 'render', 'kops', 'plan'])
  t.same(checkGraph(g), [])
})

import t from 'tap'
import type { StageOutcome } from '../../modules/exec/mod.ts'
import { addOutput, attachOutput, endCluster, endStage, failedReason, newCluster, notRunReason } from '../../modules/report/state.ts'

const ran = (name: string): StageOutcome => ({ name, status: 'ran', durationMs: 10, reason: 'inputs changed' })

t.test('output is passed on as whole lines: early lines wait for the task, a partial line for its end', async (t) => {
  const cluster = newCluster('demo', ['plan'])
  const stage = cluster.stages.get('plan')!
  addOutput(stage, 'Plan: 3 to add\n\nPlan: 0 ')
  t.same(stage.early, ['Plan: 3 to add\n'], 'the whole lines so far, the partial one held back')
  const seen: string[] = []
  attachOutput(stage, { set output(text: string) { seen.push(text) } })
  t.same(seen, ['Plan: 3 to add\n'], 'early lines go to the task once it runs')
  t.same(stage.early, [])
  addOutput(stage, 'to destroy')
  t.same(seen, ['Plan: 3 to add\n'], 'no newline, nothing passed on')
  endStage(stage, ran('plan'))
  t.same(seen, ['Plan: 3 to add\n', 'Plan: 0 to destroy'], 'the end of the stage completes the held-back line')
  t.equal(stage.partial, '')
})

t.test('a stage settles once: the first end counts', async (t) => {
  const stage = newCluster('demo', ['plan']).stages.get('plan')!
  endStage(stage, ran('plan'))
  endStage(stage, { name: 'plan', status: 'failed', durationMs: 0, reason: 'late' })
  t.equal(stage.result?.status, 'ran')
  t.equal((await stage.outcome.promise).status, 'ran')
})

t.test('ending a cluster settles the stages left as not reached, then the cluster', async (t) => {
  const cluster = newCluster('demo', ['plan', 'apply'])
  endStage(cluster.stages.get('plan')!, ran('plan'))
  endCluster(cluster, 'not-run', 'waiting for approval of apply')
  t.equal(cluster.ended, true)
  t.same(await cluster.stages.get('apply')!.outcome.promise, { name: 'apply', status: 'not-reached', durationMs: 0, reason: 'waiting for approval of apply' })
  t.equal(await cluster.status.promise, 'not-run')
  t.equal(notRunReason(cluster), 'waiting for approval of apply')
})

t.test('why a cluster failed', async (t) => {
  const failing = (reasons: string[]) => {
    const cluster = newCluster('demo', reasons.map((_, i) => `s${i}`))
    reasons.forEach((reason, i) => endStage(cluster.stages.get(`s${i}`)!, { name: `s${i}`, status: 'failed', durationMs: 0, reason }))
    endCluster(cluster, 'failed', 'cluster failed')
    return failedReason(cluster)
  }
  t.equal(failing(['exited with 1', 'exited with 2']), 's0, s1 failed', 'the stages that failed')
  t.equal(failing(['interrupted', 'interrupted']), 'interrupted', 'every failure an interrupt')
  t.equal(failing(['interrupted', 'exited with 1']), 's0, s1 failed', 'an interrupt among other failures')
  t.equal(failing([]), 'cluster failed', 'no stage failed: why the cluster ended')
})

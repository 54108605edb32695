// listr tasks made from the reporter's state. They run nothing: a cluster's task lists one subtask
// per stage and an untitled verdict, and each waits for its part of the state to settle.
import { ListrErrorTypes, ListrTaskState, type ListrTask } from 'listr2'
import type { ClusterStatus, StageOutcome } from '../exec/mod.ts'
import { formatDuration } from './duration.ts'
import type { LineMode } from './options.ts'
import { attachOutput, failedReason, notRunReason, type ClusterState, type StageState } from './state.ts'

/** The parts of listr's task wrapper a stage uses. */
interface StageHandle {
  title: string
  output: string
  skip(message?: string): void
}

/** A cluster's wrapper also reports a failure and reaches its task's state. */
interface ClusterHandle extends StageHandle {
  report(error: Error, type: ListrErrorTypes): void
  task: { state$: ListrTaskState }
}

/** How the tasks draw reasons, and how they name their cluster for the tagged lines. */
export interface TaskStyle {
  mode: LineMode
  tag(task: ListrTask, cluster: string): ListrTask
}

// The default renderer draws titles, so the whole line (`render [SKIPPED: cached]`) becomes the
// title. Returns the message for listr.
function mark(task: StageHandle, name: string, label: 'SKIPPED' | 'FAILED', reason: string, mode: LineMode): string {
  if (mode === 'title') task.title = `${name} [${label}: ${reason}]`
  return reason
}

/**
 * Applies a stage's outcome to its listr task. A failure throws: that is how a task fails in
 * listr, and with exitOnError off for stages it keeps only the message and goes on with the next.
 */
function settleStage(task: StageHandle, outcome: StageOutcome, mode: LineMode): void {
  const { name, status, reason } = outcome
  if (status === 'ran') task.title = `${name} (${formatDuration(outcome.durationMs)})`
  if (status === 'cached' || status === 'skipped') task.skip(mark(task, name, 'SKIPPED', reason || status, mode))
  if (status === 'not-reached') task.skip(mark(task, name, 'SKIPPED', `not reached: ${reason}`, mode))
  if (status === 'failed') throw new Error(mark(task, name, 'FAILED', reason, mode))
}

/**
 * Marks a cluster's task failed from inside its last subtask. listr has skip() but no fail(), and
 * would call a cluster whose stages ended completed; this does what skip() does, with the failed
 * state (a task left failed is not completed when its function returns).
 */
function failCluster(task: ClusterHandle, reason: string): void {
  task.report(new Error(reason), ListrErrorTypes.HAS_FAILED)
  task.task.state$ = ListrTaskState.FAILED
}

/** Ends a cluster's task the way the executor ended the cluster; one that ran through completes. */
function settleCluster(task: ClusterHandle, cluster: ClusterState, mode: LineMode, status: ClusterStatus): void {
  if (status === 'not-run') task.skip(mark(task, cluster.name, 'SKIPPED', `not run: ${notRunReason(cluster)}`, mode))
  if (status === 'failed') failCluster(task, mark(task, cluster.name, 'FAILED', failedReason(cluster), mode))
}

function stageTask(cluster: string, stage: StageState, style: TaskStyle): ListrTask {
  return style.tag({
    title: stage.name,
    exitOnError: false,
    task: async (_ctx, task) => {
      attachOutput(stage, task)
      settleStage(task, await stage.outcome.promise, style.mode)
    },
  }, cluster)
}

/** A cluster's task: its stages one after the other, then the verdict on the cluster. */
export function clusterTask(cluster: ClusterState, style: TaskStyle): ListrTask {
  return style.tag({
    title: cluster.name,
    task: (_ctx, task) => {
      const verdict: ListrTask = { task: async () => settleCluster(task, cluster, style.mode, await cluster.status.promise) }
      const stages = [...cluster.stages.values()].map((stage) => stageTask(cluster.name, stage, style))
      return task.newListr([...stages, verdict], { concurrent: false, exitOnError: true })
    },
  }, cluster.name)
}

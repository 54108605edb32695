// What the reporter knows of each cluster, updated by the executor's events. listr's tasks are made
// from it and wait on it: each stage and each cluster is `settled` once its end arrived.
import type { ClusterStatus, StageOutcome } from '../exec/mod.ts'

/** A value that arrives later, and the one call that gives it (later calls change nothing). */
export interface Settled<T> {
  promise: Promise<T>
  resolve(value: T): void
}

export function settled<T>(): Settled<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Where a stage's lines go once listr runs its task. */
export interface OutputTarget {
  output: string
}

export interface StageState {
  name: string
  outcome: Settled<StageOutcome>
  /** Set once stage-end (or the end of its cluster) arrived. */
  result?: StageOutcome
  target?: OutputTarget
  /** Whole lines of output that came before listr ran the stage's task. */
  early: string[]
  /** Output after the last newline, held back until its line completes or the stage ends. */
  partial: string
}

export interface ClusterState {
  name: string
  stages: Map<string, StageState>
  status: Settled<ClusterStatus>
  ended: boolean
  /** Why it ended, for stages and failures that have no reason of their own. */
  why: string
}

export function newCluster(name: string, stageNames: string[]): ClusterState {
  const stages = stageNames.map((stage): StageState => ({ name: stage, outcome: settled(), early: [], partial: '' }))
  return { name, stages: new Map(stages.map((s) => [s.name, s])), status: settled(), ended: false, why: '' }
}

/** Tools write chunks and listr labels each line it is given, so it gets whole lines. */
export function addOutput(stage: StageState, text: string, final = false): void {
  const all = stage.partial + text
  const cut = final ? all.length : all.lastIndexOf('\n')
  stage.partial = all.slice(cut + 1)
  const whole = all.slice(0, Math.max(cut, 0))
  if (!whole) return
  if (stage.target) stage.target.output = whole
  else stage.early.push(whole)
}

/** The lines that came before listr ran the stage now go to `target`, and the later ones too. */
export function attachOutput(stage: StageState, target: OutputTarget): void {
  stage.target = target
  for (const text of stage.early.splice(0)) target.output = text
}

/** The first end of a stage counts; a held-back partial line goes out before it. */
export function endStage(stage: StageState, outcome: StageOutcome): void {
  if (stage.result) return
  if (stage.partial) addOutput(stage, '', true)
  stage.result = outcome
  stage.outcome.resolve(outcome)
}

/** Ends the cluster and every stage that has not ended as not reached, for `why`. */
export function endCluster(cluster: ClusterState, status: ClusterStatus, why: string): void {
  cluster.ended = true
  cluster.why = why
  for (const stage of cluster.stages.values()) endStage(stage, { name: stage.name, status: 'not-reached', durationMs: 0, reason: why })
  cluster.status.resolve(status)
}

function outcomes(cluster: ClusterState): StageOutcome[] {
  return [...cluster.stages.values()].flatMap((s) => (s.result ? [s.result] : []))
}

/** Why a cluster did not run: its first unreached stage's reason, else why it ended. */
export function notRunReason(cluster: ClusterState): string {
  return outcomes(cluster).find((o) => o.status === 'not-reached')?.reason ?? cluster.why
}

/** Why a cluster failed: the stages that failed, `interrupted` if the interrupt stopped them all. */
export function failedReason(cluster: ClusterState): string {
  const failed = outcomes(cluster).filter((o) => o.status === 'failed')
  if (!failed.length) return cluster.why
  if (failed.every((o) => o.reason === 'interrupted')) return 'interrupted'
  return `${failed.map((o) => o.name).join(', ')} failed`
}

// Run progress drawn by listr2 on the output stream (stderr in production). listr runs nothing here:
// the executor's events update each cluster's state, and listr's tasks (one per cluster as it starts,
// one subtask per stage) are made from that state and end as it settles.
import type { ListrTask } from 'listr2'
import type { Reporter, RunEvent } from '../exec/mod.ts'
import { ClusterChain } from './chain.ts'
import { listrOptions, type RendererName } from './options.ts'
import { Sink } from './sink.ts'
import { addOutput, endCluster, endStage, newCluster, type ClusterState } from './state.ts'
import { clusterTask, type TaskStyle } from './tasks.ts'

export interface ListrReporterOptions {
  renderer: RendererName
  /** Where progress goes; never stdout. */
  output: NodeJS.WritableStream
  /** false strips colour listr would add (NO_COLOR, --no-color, not a terminal). */
  color: boolean
}

type ClusterEvent = Exclude<RunEvent, { type: 'warning' | 'cluster-start' }>

class ListrProgress implements Reporter {
  readonly #sink: Sink
  readonly #style: TaskStyle
  readonly #chain: ClusterChain
  /** Verbose only: stage output is forwarded. */
  readonly #forwardOutput: boolean
  readonly #clusters = new Map<string, ClusterState>()
  #closed = false

  constructor(options: ListrReporterOptions) {
    this.#sink = new Sink(options.output, options.color)
    // Each cluster's task and its stages' tasks, by definition: what the tagged lines lead with.
    const tags = new WeakMap<ListrTask, string>()
    const listr = listrOptions(options.renderer, this.#sink, (task) => tags.get(task))
    this.#style = { mode: listr.mode, tag: (task, cluster) => (tags.set(task, cluster), task) }
    this.#chain = new ClusterChain(listr.options)
    this.#forwardOutput = options.renderer === 'verbose'
  }

  event(e: RunEvent): void {
    if (e.type === 'warning') {
      this.#sink.write(`warning: ${e.message}\n`)
      return
    }
    if (this.#closed) return
    if (e.type === 'cluster-start') return this.#start(e.cluster, e.stages)
    const cluster = this.#clusters.get(e.cluster)
    if (cluster && !cluster.ended) this.#apply(cluster, e)
  }

  // Draws the last frame. Events after that start a new list: a run that stopped to ask for
  // approval goes on drawing below the question.
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true
      for (const cluster of this.#clusters.values()) if (!cluster.ended) endCluster(cluster, 'not-run', 'run ended')
    }
    await this.#chain.end()
    this.#clusters.clear()
    this.#closed = false
  }

  #start(name: string, stages: string[]): void {
    if (this.#clusters.has(name)) return
    const cluster = newCluster(name, stages)
    this.#clusters.set(name, cluster)
    this.#chain.add(clusterTask(cluster, this.#style))
  }

  #apply(cluster: ClusterState, e: ClusterEvent): void {
    if (e.type === 'cluster-end') return endCluster(cluster, e.status, `cluster ${e.status === 'not-run' ? 'not run' : e.status}`)
    if (e.type === 'cluster-paused') return endCluster(cluster, 'not-run', `waiting for approval of ${e.stage}`)
    const stage = cluster.stages.get(e.type === 'stage-end' ? e.outcome.name : e.stage)
    if (!stage) return
    if (e.type === 'stage-end') endStage(stage, e.outcome)
    if (e.type === 'stage-output' && this.#forwardOutput && !stage.result) addOutput(stage, e.text)
  }
}

export function listrReporter(options: ListrReporterOptions): Reporter {
  const progress = new ListrProgress(options)
  return { event: (e) => progress.event(e), close: () => progress.close() }
}

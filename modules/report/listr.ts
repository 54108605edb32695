// Run progress drawn by listr2 on the output stream (stderr in production). listr runs nothing here:
// its tasks only wait for the executor's events, one task per cluster as it starts, one subtask per stage.
import {
  DefaultRenderer,
  Listr,
  ListrErrorTypes,
  ListrLogger,
  ProcessOutput,
  type ListrBaseClassOptions,
  type ListrRendererValue,
  type ListrTask,
  type LoggerFieldOptions,
} from 'listr2'
import type { ClusterStatus, Reporter, RunEvent, StageOutcome } from '../exec/mod.ts'
import { formatDuration } from './duration.ts'
import { TaggedRenderer } from './tagged.ts'

export { formatDuration }

export type RendererName = 'default' | 'simple' | 'verbose' | 'silent' | 'test'

export interface ListrReporterOptions {
  renderer: RendererName
  /** Where progress goes; never stdout. */
  output: NodeJS.WritableStream
  /** false strips colour listr would add (NO_COLOR, --no-color, not a terminal). */
  color: boolean
}

// Where a finished task's reason goes (see `mark`): into its title (the default renderer draws
// titles), or into a bare message (the tagged lines put it after the title, test logs it as is).
type LineMode = 'title' | 'bare'

/** The parts of listr's task wrapper a stage and a cluster use. */
interface StageHandle {
  title: string
  output: string
  skip(message?: string): void
}

interface ClusterHandle extends StageHandle {
  report(error: Error, type: ListrErrorTypes): void
}

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** One stage's subtask: its outcome arrives with stage-end, its output may come before listr runs it. */
interface StageSlot {
  name: string
  outcome: Deferred<StageOutcome>
  /** Set once stage-end (or the end of its cluster) arrived. */
  result?: StageOutcome
  handle?: StageHandle
  /** Whole lines of output that came before listr ran the subtask. */
  early: string[]
  /** Output after the last newline, held back until its line completes or the stage ends. */
  partial: string
}

interface ClusterState {
  name: string
  stages: Map<string, StageSlot>
  status: Deferred<ClusterStatus>
  ended: boolean
  /** Why it ended, for stages and failures that have no reason of their own. */
  why: string
}

/** A link of the chain that lets clusters join a running listr: the next cluster and the link after it. */
interface Link {
  cluster: ListrTask
  next: Deferred<Link | undefined>
}

// listr decides on the default renderer by process.stdout being a terminal; we draw on `output`, so
// this one claims to work anywhere and is only picked when `output` is a terminal.
class OutputDefaultRenderer extends DefaultRenderer {
  static override nonTTY = true
}

// The test renderer logs every task, the untitled links of the cluster chain too: plumbing, not progress.
class TitledOnlyLogger extends ListrLogger {
  override toStdout(message: string | unknown[], options?: LoggerFieldOptions, eol?: boolean): void {
    if (titled(message)) super.toStdout(message, options, eol)
  }
  override toStderr(message: string | unknown[], options?: LoggerFieldOptions, eol?: boolean): void {
    if (titled(message)) super.toStderr(message, options, eol)
  }
}

function titled(message: string | unknown[]): boolean {
  if (typeof message !== 'string') return true
  try {
    return (JSON.parse(message) as { task?: { hasTitle?: boolean } }).task?.hasTitle !== false
  } catch {
    return true
  }
}

// Colour codes (SGR) only; the default renderer's cursor movement stays.
const SGR = /\x1b\[[0-9;]*m/g

type Sink = NodeJS.WriteStream

/** What listr writes through: `output`, colour stripped if asked, terminal size passed on for log-update. */
function sinkFor(output: NodeJS.WritableStream, color: boolean): Sink {
  const tty = output as Partial<NodeJS.WriteStream>
  const sink = {
    isTTY: tty.isTTY === true,
    columns: tty.columns,
    rows: tty.rows,
    write: (chunk: string | Uint8Array): boolean => output.write(color ? chunk : String(chunk).replace(SGR, '')),
  }
  return sink as unknown as Sink
}

type Options = ListrBaseClassOptions<unknown, ListrRendererValue, ListrRendererValue>

/**
 * listr's options for a renderer, every one writing to the sink, and how its lines carry reasons.
 * Without a terminal, lines lead with their cluster (`tagOf` knows each task's).
 */
function listrOptions(renderer: RendererName, sink: Sink, tagOf: (task: ListrTask) => string | undefined): { options: Options; mode: LineMode } {
  const processOutput = new ProcessOutput(sink, sink)
  const logger = (useIcons: boolean): ListrLogger => new ListrLogger({ useIcons, processOutput })
  // Clusters side by side; a failure is shown, never ends the run; SIGINT is the executor's business.
  const base: Options = { concurrent: true, exitOnError: false, registerSignalListeners: false, fallbackRenderer: 'simple', fallbackRendererOptions: { logger: logger(true) } }
  if (renderer === 'default' && sink.isTTY) {
    const rendererOptions = { logger: logger(true), collapseSubtasks: false, showSkipMessage: false, showErrorMessage: false }
    return { options: { ...base, renderer: OutputDefaultRenderer, rendererOptions }, mode: 'title' }
  }
  if (renderer === 'default' || renderer === 'simple' || renderer === 'verbose') {
    const icons = renderer !== 'verbose'
    return { options: { ...base, renderer: TaggedRenderer, rendererOptions: { processOutput, icons, tagOf } }, mode: 'bare' }
  }
  if (renderer === 'test') {
    const rendererOptions = { logger: new TitledOnlyLogger({ useIcons: false, processOutput }), task: ['title' as const, 'hasTitle' as const] }
    return { options: { ...base, renderer: 'test', rendererOptions }, mode: 'bare' }
  }
  return { options: { ...base, renderer: 'silent' }, mode: 'bare' }
}

// The default renderer draws titles, so the whole line (`render [SKIPPED: cached]`) becomes the
// title. Returns the message for listr.
function mark(task: StageHandle, name: string, label: 'SKIPPED' | 'FAILED', reason: string, mode: LineMode): string {
  if (mode === 'title') task.title = `${name} [${label}: ${reason}]`
  return reason
}

/** Applies a stage's outcome to its listr task; a failure throws so listr marks it failed. */
function settleStage(task: StageHandle, outcome: StageOutcome, mode: LineMode): void {
  const { name, status, reason } = outcome
  if (status === 'ran') task.title = `${name} (${formatDuration(outcome.durationMs)})`
  if (status === 'cached' || status === 'skipped') task.skip(mark(task, name, 'SKIPPED', reason || status, mode))
  if (status === 'not-reached') task.skip(mark(task, name, 'SKIPPED', `not reached: ${reason}`, mode))
  // exitOnError is off for stages: listr keeps only the message (no stack) and goes on with the next one.
  if (status === 'failed') throw new Error(mark(task, name, 'FAILED', reason, mode))
}

/**
 * Ends a cluster's task the way the executor ended the cluster. listr would call a cluster whose
 * stage failed completed, so its last, untitled subtask reports the failure on the cluster and then
 * throws (with an empty message, which no renderer prints) to fail it; a cluster that did not run
 * through is skipped.
 */
function settleCluster(task: ClusterHandle, cluster: ClusterState, status: ClusterStatus, mode: LineMode): void {
  const outcomes = [...cluster.stages.values()].flatMap((s) => (s.result ? [s.result] : []))
  if (status === 'not-run') {
    const why = outcomes.find((o) => o.status === 'not-reached')?.reason ?? cluster.why
    task.skip(mark(task, cluster.name, 'SKIPPED', `not run: ${why}`, mode))
  }
  if (status === 'failed') {
    const failed = outcomes.filter((o) => o.status === 'failed')
    // A cluster whose stage the interrupt stopped was interrupted, not failed.
    const reason = !failed.length ? cluster.why : failed.every((o) => o.reason === 'interrupted') ? 'interrupted' : `${failed.map((o) => o.name).join(', ')} failed`
    task.report(new Error(mark(task, cluster.name, 'FAILED', reason, mode)), ListrErrorTypes.HAS_FAILED)
    throw new Error('')
  }
}

export function listrReporter(options: ListrReporterOptions): Reporter {
  const sink = sinkFor(options.output, options.color)
  // Each cluster's task and its stages' tasks, by definition: what the tagged lines lead with.
  const tags = new WeakMap<ListrTask, string>()
  const tagged = (task: ListrTask, cluster: string): ListrTask => (tags.set(task, cluster), task)
  const { options: listrOpts, mode } = listrOptions(options.renderer, sink, (task) => tags.get(task))
  const forwardOutput = options.renderer === 'verbose'
  const clusters = new Map<string, ClusterState>()
  let open: Deferred<Link | undefined> | undefined
  let running: Promise<unknown> | undefined
  let closed = false

  const linkTask = (link: Deferred<Link | undefined>): ListrTask => ({
    task: async (_ctx, task) => {
      const next = await link.promise
      return next && task.newListr([next.cluster, linkTask(next.next)], { concurrent: true, exitOnError: false })
    },
  })

  const stageTask = (cluster: string, slot: StageSlot): ListrTask => tagged({
    title: slot.name,
    exitOnError: false,
    task: async (_ctx, task) => {
      slot.handle = task
      for (const text of slot.early.splice(0)) task.output = text
      settleStage(task, await slot.outcome.promise, mode)
    },
  }, cluster)

  const clusterTask = (cluster: ClusterState): ListrTask => tagged({
    title: cluster.name,
    task: (_ctx, task) => {
      const verdict: ListrTask = { task: async () => settleCluster(task, cluster, await cluster.status.promise, mode) }
      return task.newListr([...[...cluster.stages.values()].map((slot) => stageTask(cluster.name, slot)), verdict], { concurrent: false, exitOnError: true })
    },
  }, cluster.name)

  // Verbose only: tools write chunks, listr labels each line it is given, so pass whole lines.
  const output = (slot: StageSlot, text: string, final = false): void => {
    const all = slot.partial + text
    const cut = final ? all.length : all.lastIndexOf('\n')
    slot.partial = all.slice(cut + 1)
    const whole = all.slice(0, Math.max(cut, 0))
    if (!whole) return
    if (slot.handle) slot.handle.output = whole
    else slot.early.push(whole)
  }

  const end = (slot: StageSlot, outcome: StageOutcome): void => {
    if (slot.result) return
    if (slot.partial) output(slot, '', true)
    slot.result = outcome
    slot.outcome.resolve(outcome)
  }

  const endCluster = (cluster: ClusterState, status: ClusterStatus, why: string): void => {
    cluster.ended = true
    cluster.why = why
    for (const slot of cluster.stages.values()) end(slot, { name: slot.name, status: 'not-reached', durationMs: 0, reason: why })
    cluster.status.resolve(status)
  }

  const startCluster = (name: string, stageNames: string[]): void => {
    if (clusters.has(name)) return
    const slots = stageNames.map((stage): StageSlot => ({ name: stage, outcome: deferred(), early: [], partial: '' }))
    const cluster: ClusterState = { name, stages: new Map(slots.map((s) => [s.name, s])), status: deferred(), ended: false, why: '' }
    clusters.set(name, cluster)
    if (!open) {
      open = deferred()
      running = new Listr([linkTask(open)], listrOpts).run()
    }
    const next = deferred<Link | undefined>()
    open.resolve({ cluster: clusterTask(cluster), next })
    open = next
  }

  const event = (e: RunEvent): void => {
    if (e.type === 'warning') {
      sink.write(`warning: ${e.message}\n`)
      return
    }
    if (closed) return
    if (e.type === 'cluster-start') return startCluster(e.cluster, e.stages)
    const cluster = clusters.get(e.cluster)
    if (!cluster || cluster.ended) return
    if (e.type === 'cluster-end') return endCluster(cluster, e.status, `cluster ${e.status === 'not-run' ? 'not run' : e.status}`)
    if (e.type === 'cluster-paused') return endCluster(cluster, 'not-run', `waiting for approval of ${e.stage}`)
    const slot = cluster.stages.get(e.type === 'stage-end' ? e.outcome.name : e.stage)
    if (!slot) return
    if (e.type === 'stage-end') end(slot, e.outcome)
    if (e.type === 'stage-output' && forwardOutput && !slot.result) output(slot, e.text)
  }

  return {
    event,
    // Draws the last frame. Events after that start a new list: a run that stopped to ask for
    // approval goes on drawing below the question.
    async close() {
      if (!closed) {
        closed = true
        for (const cluster of clusters.values()) if (!cluster.ended) endCluster(cluster, 'not-run', 'run ended')
        open?.resolve(undefined)
      }
      await running
      clusters.clear()
      open = undefined
      running = undefined
      closed = false
    },
  }
}

// listr's options for each renderer the CLI offers, every one drawing through the sink, and the
// renderer classes adjusted for drawing on a stream that is not process.stdout.
import {
  DefaultRenderer,
  ListrLogger,
  ProcessOutput,
  type ListrBaseClassOptions,
  type ListrRendererValue,
  type ListrTask,
  type LoggerFieldOptions,
} from 'listr2'
import type { Sink } from './sink.ts'
import { TaggedRenderer } from './tagged.ts'

export type RendererName = 'default' | 'simple' | 'verbose' | 'silent' | 'test'

// Where a finished task's reason goes: into its title (the default renderer draws titles), or into
// a bare message (the tagged lines put it after the title, test logs it as is).
export type LineMode = 'title' | 'bare'

export type ListrOptions = ListrBaseClassOptions<unknown, ListrRendererValue, ListrRendererValue>

// listr decides on the default renderer by process.stdout being a terminal; we draw on the sink, so
// this one claims to work anywhere and is only picked when the sink is a terminal.
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

/**
 * listr's options for a renderer and how its lines carry reasons. Without a terminal, lines lead
 * with their cluster (`tagOf` knows each task's).
 */
export function listrOptions(renderer: RendererName, sink: Sink, tagOf: (task: ListrTask) => string | undefined): { options: ListrOptions; mode: LineMode } {
  const processOutput = new ProcessOutput(sink, sink)
  const logger = (useIcons: boolean): ListrLogger => new ListrLogger({ useIcons, processOutput })
  // Clusters side by side; a failure is shown, never ends the run; SIGINT is the executor's business.
  const base: ListrOptions = { concurrent: true, exitOnError: false, registerSignalListeners: false, fallbackRenderer: 'simple', fallbackRendererOptions: { logger: logger(true) } }
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

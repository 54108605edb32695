// Progress as plain lines for logs (CI, no terminal): what listr's simple and verbose renderers
// print, each line led by its cluster (`[demo] ✔ outputs (862ms)`, as turbo and terragrunt do), so
// the lines of clusters running side by side can be told apart and grepped.
import {
  LISTR_LOGGER_STYLE,
  ListrLogLevels,
  ListrLogger,
  ListrTaskEventType,
  ListrTaskState,
  color,
  type ListrRendererFactory,
  type ListrRendererTask,
  type ListrTask,
  type ProcessOutput,
} from 'listr2'

export interface TaggedRendererOptions {
  processOutput: ProcessOutput
  /** Icons (`✔ plan`, the simple renderer's look) or labels (`[COMPLETED] plan`, the verbose one's). */
  icons: boolean
  /** The cluster a task belongs to, from its definition; untagged tasks are plumbing and print nothing. */
  tagOf: (task: ListrTask) => string | undefined
}

type RendererTask = ListrRendererTask<ListrRendererFactory>

/** listr's logger with its formatting in reach: one level, one line, an optional bracketed reason. */
class LineLogger extends ListrLogger {
  line(level: ListrLogLevels, text: string, reason?: { field: string; paint: (text: string) => string }): string {
    return this.format(level, text, reason && { suffix: { field: reason.field, format: () => (t?: string) => reason.paint(t ?? '') } })
  }
}

/** A listr renderer (listr2's custom renderer contract) that prints one tagged line per change. */
export class TaggedRenderer {
  static nonTTY = true
  static rendererOptions: Record<PropertyKey, unknown> = {}
  static rendererTaskOptions: Record<PropertyKey, unknown> = {}
  readonly #tasks: RendererTask[]
  readonly #options: TaggedRendererOptions
  readonly #logger: LineLogger

  constructor(tasks: RendererTask[], options: TaggedRendererOptions) {
    this.#tasks = tasks
    this.#options = options
    this.#logger = new LineLogger({ useIcons: options.icons, processOutput: options.processOutput, ...LISTR_LOGGER_STYLE })
  }

  render(): void {
    this.#watch(this.#tasks)
  }

  end(): void {}

  #watch(tasks: RendererTask[]): void {
    for (const task of tasks) {
      const tag = this.#options.tagOf(task.task)
      task.on(ListrTaskEventType.SUBTASK, (subtasks) => this.#watch(subtasks))
      if (tag === undefined) continue
      task.on(ListrTaskEventType.STATE, (state) => {
        if (state === ListrTaskState.STARTED) this.#line(tag, ListrLogLevels.STARTED, task.title ?? '')
        if (state === ListrTaskState.COMPLETED) this.#line(tag, ListrLogLevels.COMPLETED, task.title ?? '')
      })
      task.on(ListrTaskEventType.OUTPUT, (text) => {
        for (const line of String(text).split('\n')) this.#line(tag, ListrLogLevels.OUTPUT, line)
      })
      task.on(ListrTaskEventType.MESSAGE, (message) => {
        if (message.error) this.#line(tag, ListrLogLevels.FAILED, task.title ?? '', message.error)
        else if (message.skip) this.#line(tag, ListrLogLevels.SKIPPED, task.title ?? '', message.skip)
      })
    }
  }

  /** `[demo] ✖ apply [FAILED: why]` with icons, `[demo] [FAILED] apply: why` with labels. */
  #line(tag: string, level: ListrLogLevels, title: string, reason?: string): void {
    const paint = level === ListrLogLevels.FAILED ? color.red : color.yellow
    const text = reason === undefined
      ? this.#logger.line(level, title)
      : this.#options.icons
        ? this.#logger.line(level, title, { field: `${level}: ${reason}`, paint })
        : this.#logger.line(level, `${title}: ${reason}`)
    this.#options.processOutput.toStdout(`[${tag}] ${text}`.trimEnd())
  }
}

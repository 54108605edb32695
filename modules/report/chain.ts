// How clusters join a running listr. listr runs the list it was given, so the list holds one
// untitled link; a link waits for the next cluster's task and then runs it beside the next link.
import { Listr, type ListrTask } from 'listr2'
import type { ListrOptions } from './options.ts'
import { settled, type Settled } from './state.ts'

/** The next cluster's task and the link after it; undefined ends the chain. */
type Link = { cluster: ListrTask; next: Settled<Link | undefined> } | undefined

function linkTask(link: Settled<Link>): ListrTask {
  return {
    task: async (_ctx, task) => {
      const next = await link.promise
      return next && task.newListr([next.cluster, linkTask(next.next)], { concurrent: true, exitOnError: false })
    },
  }
}

export class ClusterChain {
  readonly #options: ListrOptions
  /** The link the next cluster goes into, once the list runs. */
  #open: Settled<Link> | undefined
  #running: Promise<unknown> | undefined

  constructor(options: ListrOptions) {
    this.#options = options
  }

  /** Adds a cluster's task, starting the list with the first one. */
  add(cluster: ListrTask): void {
    if (!this.#open) {
      this.#open = settled()
      this.#running = new Listr([linkTask(this.#open)], this.#options).run()
    }
    const next = settled<Link>()
    this.#open.resolve({ cluster, next })
    this.#open = next
  }

  /** Ends the chain and waits for listr to draw its last frame; a later `add` starts a new list. */
  async end(): Promise<void> {
    this.#open?.resolve(undefined)
    await this.#running
    this.#open = undefined
    this.#running = undefined
  }
}

// The process groups of the tools running right now. Each tool starts in a group of its own (it
// and everything it spawns), so stopping a tool stops all of it, and a forced exit (a second
// Ctrl-C) can kill every group left, synchronously, without loading zx.

const live = new Set<number>()
const watchers = new Set<(pgids: number[]) => void>()
const changed = (): void => {
  for (const watcher of watchers) watcher([...live])
}

/** Sends `signal` to a whole group; false when the group is gone (or was never there). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false
  }
}

export const processGroups = {
  add(pgid: number): void {
    live.add(pgid)
    changed()
  },
  delete(pgid: number): void {
    if (live.delete(pgid)) changed()
  },
  /** Calls `watcher` with the live groups whenever a tool starts or ends (the run's locks record them); returns its removal. */
  watch(watcher: (pgids: number[]) => void): () => void {
    watchers.add(watcher)
    return () => void watchers.delete(watcher)
  },
  /** Group ids of the tools still running (tests read it). */
  list: (): number[] => [...live],
  /** Kills every live group: the last thing a forced exit does. */
  killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
    for (const pgid of live) signalGroup(pgid, signal)
    live.clear()
  },
}

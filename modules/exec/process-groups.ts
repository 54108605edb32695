// The process groups of the tools running right now. Each tool starts in a group of its own (it
// and everything it spawns), so stopping a tool stops all of it, and a forced exit (a second
// Ctrl-C) can kill every group left, synchronously.

/** A running tool's group, and the cluster it works on (none: a probe, counted for every cluster). */
export interface ToolGroup {
  pgid: number
  owner?: string
}

const live = new Map<number, string | undefined>()
const watchers = new Set<(groups: ToolGroup[]) => void>()
const changed = (): void => {
  const groups = [...live].map(([pgid, owner]) => (owner === undefined ? { pgid } : { pgid, owner }))
  for (const watcher of watchers) watcher(groups)
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

/** Whether a process of this host is alive (one of another user's answers EPERM: alive too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export const processGroups = {
  add(pgid: number, owner?: string): void {
    live.set(pgid, owner)
    changed()
  },
  delete(pgid: number): void {
    if (live.delete(pgid)) changed()
  },
  /** Calls `watcher` with the live groups whenever a tool starts or ends (the run's locks record them); returns its removal. */
  watch(watcher: (groups: ToolGroup[]) => void): () => void {
    watchers.add(watcher)
    return () => void watchers.delete(watcher)
  },
  /** Group ids of the tools still running (tests read it). */
  list: (): number[] => [...live.keys()],
  /** Kills every live group: the last thing a forced exit does. */
  killAll(signal: NodeJS.Signals = 'SIGKILL'): void {
    for (const pgid of live.keys()) signalGroup(pgid, signal)
    live.clear()
  },
}

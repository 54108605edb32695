// Whether a process is gone, for tests of interrupts and process groups: no sleeps, a bounded
// number of event-loop turns.
import { readFileSync } from 'node:fs'

/** Dead, or a zombie waiting to be reaped (it runs nothing any more). */
export function dead(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  } catch {
    return true
  }
}

/** Polls on the event loop (no timers), a bounded number of turns, until `pid` is dead. */
export async function becomesDead(pid: number, turns = 10_000): Promise<boolean> {
  for (let i = 0; i < turns; i++) {
    if (dead(pid)) return true
    await new Promise<void>((r) => setImmediate(r))
  }
  return dead(pid)
}

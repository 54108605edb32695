// Ctrl-C, SIGTERM and SIGHUP during a run. The first one aborts: running tools get SIGTERM (their
// whole process group), nothing more starts, locks are released on the way out, exit 130 (129,
// 128+1, for SIGHUP: a closed terminal or a dropped SSH session). A second one forces: every
// tool's group is killed, the registered clean-ups (lock release) run synchronously, and the
// process exits at once, with the first interrupt's code.
import { processGroups } from './process-groups.ts'

export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP'

/** The signals tasks handles as interrupts, here and at its entry point. */
export const INTERRUPT_SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/** Where signals come from: the process, or a test's emitter. */
export interface SignalSource {
  on(signal: InterruptSignal, listener: () => void): unknown
  off(signal: InterruptSignal, listener: () => void): unknown
}

export interface InterruptOptions {
  /** An in-process run's abort (tests): it aborts as a first signal does; no process signals are watched. */
  signal?: AbortSignal
  /** Default: the process. */
  source?: SignalSource
  /** Tells the person at the terminal what happens (stderr). */
  say(text: string): void
  /** Ends the process on a forced exit (default process.exit). */
  exit?: (code: number) => void
  /** Kills what is still running on a forced exit (default: every tool's process group). */
  killAll?: () => void
}

export interface Interrupts {
  /** Aborted by the first interrupt. */
  signal: AbortSignal
  /** The exit code the first interrupt calls for: 129 for SIGHUP, otherwise (and before any) 130. */
  exitCode(): number
  /** Registers a synchronous clean-up for a forced exit; returns its removal. */
  onForce(cleanup: () => void): () => void
  /** An interrupt that did not come as a signal (Ctrl-C read by a prompt): handled as one, at once. */
  raise(signal: InterruptSignal): void
  /** Stops watching (restores the default handling of the signals). */
  dispose(): void
}

export const INTERRUPTED_EXIT = 130
/** 128 + SIGHUP's number, as a shell reports a hung-up process. */
export const HANGUP_EXIT = 129

export const interruptExit = (signal: InterruptSignal): number => (signal === 'SIGHUP' ? HANGUP_EXIT : INTERRUPTED_EXIT)

let watching = 0
/** Whether a run watches for interrupts now; outside one, the entry point handles them (exitInterrupted). */
export const watchingInterrupts = (): boolean => watching > 0

/** An interrupt outside a run: whatever tool is running (a version probe) is stopped, then exit 130 (129 for SIGHUP). */
export function exitInterrupted(signal: InterruptSignal = 'SIGINT'): never {
  processGroups.killAll('SIGTERM')
  process.exit(interruptExit(signal))
}

export function watchInterrupts(options: InterruptOptions): Interrupts {
  const controller = new AbortController()
  let first: InterruptSignal | undefined
  const exitCode = (): number => (first ? interruptExit(first) : INTERRUPTED_EXIT)
  const cleanups = new Set<() => void>()
  const onForce = (cleanup: () => void): (() => void) => {
    cleanups.add(cleanup)
    return () => void cleanups.delete(cleanup)
  }
  if (options.signal) {
    const abort = (): void => controller.abort()
    if (options.signal.aborted) abort()
    options.signal.addEventListener('abort', abort, { once: true })
    return { signal: controller.signal, exitCode, onForce, raise: abort, dispose: () => options.signal!.removeEventListener('abort', abort) }
  }
  const source = options.source ?? process
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const killAll = options.killAll ?? (() => processGroups.killAll('SIGKILL'))
  const handler = (name: InterruptSignal) => (): void => {
    if (!controller.signal.aborted) {
      first = name
      options.say(`\ntasks: ${name}: stopping the running tools (${name === 'SIGINT' ? 'Ctrl-C' : 'signal'} again to stop at once)\n`)
      controller.abort()
      return
    }
    options.say(`tasks: ${name} again: killing the running tools and exiting\n`)
    killAll()
    for (const cleanup of cleanups) {
      try {
        cleanup()
      } catch {
        // Best effort: the exit comes next whatever happens.
      }
    }
    exit(exitCode())
  }
  const listeners = { SIGINT: handler('SIGINT'), SIGTERM: handler('SIGTERM'), SIGHUP: handler('SIGHUP') }
  for (const [name, listener] of Object.entries(listeners)) source.on(name as InterruptSignal, listener)
  watching++
  let disposed = false
  return {
    signal: controller.signal,
    exitCode,
    onForce,
    raise: (name) => listeners[name](),
    dispose: () => {
      if (disposed) return
      disposed = true
      watching--
      for (const [name, listener] of Object.entries(listeners)) source.off(name as InterruptSignal, listener)
    },
  }
}

// The ports the executor works through. Everything effectful is one of these, so tests swap any
// of them: a scripted tool runner, a fixed clock, a recording reporter, a scripted confirmation.
import type { FileSystem } from '../fs/mod.ts'
import type { Command, CommandResult } from '../graph/mod.ts'
import type { RunEvent } from './events.ts'

export interface ToolRunner {
  /** Starts the command and resolves when it exits; output is streamed to `onOutput` as it comes. */
  run(cmd: Command, io: { onOutput(text: string, stream: 'stdout' | 'stderr'): void; signal: AbortSignal }): Promise<CommandResult>
}

export interface Clock {
  now(): number
}

export interface Reporter {
  event(e: RunEvent): void
  /** Resolves once everything reported is drawn. */
  close(): Promise<void>
}

export interface Confirmation {
  /** Whether a person can answer (a terminal on stdin). */
  interactive: boolean
  ask(question: string): Promise<boolean>
}

export interface Ports {
  tools: ToolRunner
  fs: FileSystem
  clock: Clock
  reporter: Reporter
  confirm: Confirmation
}

export const systemClock: Clock = { now: () => Date.now() }

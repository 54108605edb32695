// The ports the executor works through. Everything effectful is one of these, so tests swap any
// of them: a scripted tool runner, a fixed clock, a recording reporter, a scripted confirmation.
import type { Secrets } from '../cache/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { Command, CommandResult } from '../graph/mod.ts'
import type { RunEvent } from './events.ts'

export interface ToolRunner {
  /** Starts the command and resolves when it exits; output is streamed to `onOutput` as it comes. */
  run(cmd: Command, io: ToolIo): Promise<CommandResult>
}

export interface ToolIo {
  onOutput(text: string, stream: 'stdout' | 'stderr'): void
  signal: AbortSignal
  /** The cluster the call works on: only that cluster's lock names the tool's process group. */
  owner?: string
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
  /** Digests sensitive values under the state directory's key; the session sets it (cli/session.ts). */
  secrets?: Secrets
}

export const systemClock: Clock = { now: () => Date.now() }

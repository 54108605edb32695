// Test helpers: a throwaway project on disk with its own tasks.ts, and ports that record.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Writable } from 'node:stream'
import type { Command, CommandResult } from '../../modules/graph/mod.ts'
import type { Clock, Reporter, RunEvent, ToolRunner } from '../../modules/exec/mod.ts'
import { main, type CliEnv } from '../../modules/cli/main.ts'

/** Absolute file URL of the graph API, for tasks.ts files written into temp projects. */
export const GRAPH_API = new URL('../../modules/graph/mod.ts', import.meta.url).href

/** Creates a temp project from `files` (path → content); returns its root. */
export function makeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tasks-test-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

/** A writable stream that keeps what is written. */
export function capture(): Writable & { text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return Object.assign(stream, { text: () => chunks.join('') })
}

/** A tool runner that records each command and answers from a script (default: exit 0). */
export function scriptedTools(answer: (cmd: Command, io: { signal: AbortSignal; onOutput(t: string, stream: 'stdout' | 'stderr'): void }) => CommandResult | Promise<CommandResult> = () => ({ exitCode: 0, stdout: '', stderr: '' })): ToolRunner & { calls: Command[] } {
  const calls: Command[] = []
  return {
    calls,
    async run(cmd, io) {
      calls.push(cmd)
      const r = await answer(cmd, io)
      if (r.stdout) io.onOutput(r.stdout, 'stdout')
      if (r.stderr) io.onOutput(r.stderr, 'stderr')
      return r
    },
  }
}

/** A clock that advances by `step` ms on every reading, so durations are exact. */
export function steppingClock(start = Date.UTC(2026, 10, 27), step = 100): Clock {
  let t = start - step
  return { now: () => (t += step) }
}

export function recordingReporter(onEvent?: (e: RunEvent) => void): Reporter & { events: RunEvent[] } {
  const events: RunEvent[] = []
  return { events, event: (e) => (events.push(e), onEvent?.(e)), close: async () => {} }
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process against a project, with recording ports unless given. */
export async function runCli(root: string, argv: string[], extra: Partial<CliEnv> = {}): Promise<CliRun> {
  const stdout = capture()
  const stderr = capture()
  const code = await main({
    argv,
    cwd: root,
    stdout,
    stderr,
    env: { PATH: process.env.PATH },
    terminal: { stderr: false, stdin: false },
    ...extra,
    ports: { reporter: recordingReporter(), tools: scriptedTools(), clock: steppingClock(), ...extra.ports },
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

export const here = (url: string): string => dirname(fileURLToPath(url))

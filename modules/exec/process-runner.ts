// The one process edge: a command record becomes a process here and nowhere else.
//
// - No shell: the tool is started with its arguments as an argv array, so no argument is ever
//   parsed by a shell. This edge is plain `node:child_process` rather than zx because zx 8 always
//   starts a shell (its `shell` option is a shell path or `true`, never off): argv-safe only
//   through its quoting, and a process more per call. zx's `$` also cost about twice the
//   main-thread time of a bare `spawn` per call (scripts/bench: runner CPU per tool call).
// - Its own process group (detached): an abort sends SIGTERM to the whole group (the tool and
//   every child it started), then SIGKILL after a grace period; whatever is left of the group
//   once the tool has exited is killed at once, so an interrupt leaves no orphans.
// - A descendant that left the group (setsid, a daemon) may still hold the tool's stdout/stderr:
//   once a stopped tool has exited, its pipes get a short grace, then are closed, so an
//   interrupt never waits on them.
import { spawn, type ChildProcess } from 'node:child_process'
import type { CommandResult } from '../graph/mod.ts'
import type { ToolRunner } from './ports.ts'
import { processGroups, signalGroup } from './process-groups.ts'

export interface ProcessRunnerOptions {
  /** Time a stopped tool gets between SIGTERM and SIGKILL, in ms (default 5000). */
  graceMs?: number
  /** Starts the grace timer; returns its cancel (default setTimeout, unref'd). */
  timer?: (ms: number, fire: () => void) => () => void
  /** Time the pipes of a stopped tool that has exited get to close by themselves, in ms (default 200). */
  pipeGraceMs?: number
}

type Io = Parameters<ToolRunner['run']>[1]

const realTimer = (ms: number, fire: () => void): (() => void) => {
  const t = setTimeout(fire, ms)
  t.unref()
  return () => clearTimeout(t)
}

/** Everything a stream said, kept as it came and decoded once at the end. */
function collect(child: ChildProcess, io: Io): () => { stdout: string; stderr: string } {
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => (out.push(chunk), io.onOutput(chunk.toString(), 'stdout')))
  child.stderr?.on('data', (chunk: Buffer) => (err.push(chunk), io.onOutput(chunk.toString(), 'stderr')))
  return () => ({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() })
}

/** Resolves once the tool exited and its pipes closed; a start failure is its `error`. */
function finished(child: ChildProcess): Promise<{ code: number | null; error?: Error }> {
  return new Promise((resolve) => {
    let error: Error | undefined
    child.once('error', (e) => {
      error = e
      // A tool that never started has no pipes to wait for.
      if (child.pid === undefined) resolve({ code: null, error })
    })
    child.once('close', (code: number | null) => resolve({ code, error }))
  })
}

/** SIGTERM to the group on abort, SIGKILL after the grace; the pipes' grace once it exited. */
function stopper(child: ChildProcess, o: Required<ProcessRunnerOptions>) {
  let cancel = (): void => {}
  let cancelPipes = (): void => {}
  let stopping = false
  let exited = false
  const closePipesSoon = (): void => {
    cancelPipes = o.timer(o.pipeGraceMs, () => [child.stdout, child.stderr].forEach((s) => s?.destroy()))
  }
  const stop = (): void => {
    if (stopping || !child.pid) return
    stopping = true
    const pgid = child.pid
    if (signalGroup(pgid, 'SIGTERM')) cancel = o.timer(o.graceMs, () => void signalGroup(pgid, 'SIGKILL'))
    if (exited) closePipesSoon()
  }
  child.once('exit', () => {
    exited = true
    if (stopping) closePipesSoon()
  })
  return { stop, dispose: () => (cancel(), cancelPipes()) }
}

export function makeProcessRunner(options: ProcessRunnerOptions = {}): ToolRunner {
  const o: Required<ProcessRunnerOptions> = { graceMs: options.graceMs ?? 5000, timer: options.timer ?? realTimer, pipeGraceMs: options.pipeGraceMs ?? 200 }
  return {
    async run(cmd, io): Promise<CommandResult> {
      // stdin stays an open pipe that never speaks, as zx gave it: a tool that asks waits, never reads EOF as an answer.
      const child = spawn(cmd.tool, cmd.args, { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, stdio: 'pipe', detached: true, windowsHide: true })
      const pgid = child.pid
      if (pgid) processGroups.add(pgid, io.owner)
      const output = collect(child, io)
      const done = finished(child)
      const { stop, dispose } = stopper(child, o)
      io.signal.addEventListener('abort', stop, { once: true })
      if (io.signal.aborted) stop()
      try {
        const { code, error } = await done
        const { stdout, stderr } = output()
        if (error) {
          const message = `tasks: cannot start ${cmd.tool}: ${error.message}\n`
          io.onOutput(message, 'stderr')
          return { exitCode: 127, stdout, stderr: stderr + message }
        }
        return { exitCode: code ?? 128, stdout, stderr }
      } finally {
        io.signal.removeEventListener('abort', stop)
        dispose()
        // The tool is gone; after an abort, so is anything it left in its group.
        if (pgid) {
          if (io.signal.aborted) signalGroup(pgid, 'SIGKILL')
          processGroups.delete(pgid)
        }
      }
    },
  }
}

export const processRunner: ToolRunner = makeProcessRunner()

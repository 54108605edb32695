// The one zx edge: a command record becomes a process here and nowhere else.
//
// - No shell: the tool is started with its arguments as an argv array (zx's `spawn` option
//   replaces the shell it would use), so no argument is ever parsed by a shell.
// - Its own process group (detached): an abort sends SIGTERM to the whole group (the tool and
//   every child it started), then SIGKILL after a grace period; whatever is left of the group
//   once the tool has exited is killed at once, so an interrupt leaves no orphans.
// - A descendant that left the group (setsid, a daemon) may still hold the tool's stdout/stderr:
//   once a stopped tool has exited, its pipes get a short grace, then are closed, so an
//   interrupt never waits on them.
import { spawn, type ChildProcess } from 'node:child_process'
import { $ } from 'zx'
import type { ToolRunner } from './ports.ts'
import { processGroups, signalGroup } from './process-groups.ts'

export interface ZxRunnerOptions {
  /** Time a stopped tool gets between SIGTERM and SIGKILL, in ms (default 5000). */
  graceMs?: number
  /** Starts the grace timer; returns its cancel (default setTimeout, unref'd). */
  timer?: (ms: number, fire: () => void) => () => void
  /** Time the pipes of a stopped tool that has exited get to close by themselves, in ms (default 200). */
  pipeGraceMs?: number
}

const realTimer = (ms: number, fire: () => void): (() => void) => {
  const t = setTimeout(fire, ms)
  t.unref()
  return () => clearTimeout(t)
}

/** What zx would show of the command (it is never given to a shell). */
const shown = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`)

export function makeZxRunner(options: ZxRunnerOptions = {}): ToolRunner {
  const graceMs = options.graceMs ?? 5000
  const timer = options.timer ?? realTimer
  const pipeGraceMs = options.pipeGraceMs ?? 200
  return {
    async run(cmd, io) {
      let child: ChildProcess | undefined
      let cancel = (): void => {}
      let cancelPipes = (): void => {}
      let stopping = false
      let exited = false
      // Stopped and exited: whatever still holds its pipes left the group; stop waiting for them.
      const closePipesSoon = (): void => {
        const own = child
        cancelPipes = timer(pipeGraceMs, () => [own?.stdout, own?.stderr].forEach((s) => s?.destroy()))
      }
      const stop = (): void => {
        if (stopping || !child?.pid) return
        stopping = true
        const pgid = child.pid
        if (signalGroup(pgid, 'SIGTERM')) cancel = timer(graceMs, () => void signalGroup(pgid, 'SIGKILL'))
        if (exited) closePipesSoon()
      }
      const start = ((_shellCommand: string, _args: string[], opts: object) => {
        child = spawn(cmd.tool, cmd.args, { ...opts, shell: false, detached: true })
        if (child.pid) processGroups.add(child.pid)
        child.once('exit', () => {
          exited = true
          if (stopping) closePipesSoon()
        })
        // Aborted while zx was getting ready: stopped as soon as it exists.
        if (io.signal.aborted) stop()
        return child
      }) as unknown as typeof spawn
      const proc = $({ cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, nothrow: true, quiet: true, verbose: false, shell: true, quote: shown, spawn: start })`${cmd.tool} ${cmd.args}`
      proc.stdout.on('data', (chunk: Buffer) => io.onOutput(chunk.toString(), 'stdout'))
      proc.stderr.on('data', (chunk: Buffer) => io.onOutput(chunk.toString(), 'stderr'))
      io.signal.addEventListener('abort', stop, { once: true })
      if (io.signal.aborted) stop()
      try {
        const out = await proc
        if (out.cause) {
          const message = `tasks: cannot start ${cmd.tool}: ${(out.cause as Error).message}\n`
          io.onOutput(message, 'stderr')
          return { exitCode: 127, stdout: out.stdout, stderr: out.stderr + message }
        }
        return { exitCode: out.exitCode ?? 128, stdout: out.stdout, stderr: out.stderr }
      } finally {
        io.signal.removeEventListener('abort', stop)
        cancel()
        cancelPipes()
        // The tool is gone; after an abort, so is anything it left in its group.
        if (child?.pid) {
          if (io.signal.aborted) signalGroup(child.pid, 'SIGKILL')
          processGroups.delete(child.pid)
        }
      }
    },
  }
}

export const zxRunner: ToolRunner = makeZxRunner()

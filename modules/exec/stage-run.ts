// Runs one stage that was decided to run: its commands through the tool port, then its `run`,
// with every byte of output in `<state>/logs/<cluster>/<stage>.log`.
import { join, relative, resolve } from 'node:path'
import { usedUnrecorded, type FileHasher } from '../cache/mod.ts'
import type { LogSink } from '../fs/mod.ts'
import { formatFailure, type Failure } from '../diag/mod.ts'
import { fingerprintFiles } from '../pinned/mod.ts'
import { formatCommand, isStageFailure, type CommandResult, type RunContext, type Stage, type StageContext } from '../graph/mod.ts'
import { commandHint } from '../tools/mod.ts'
import { forCluster } from '../plan/mod.ts'
import type { Ports } from './ports.ts'

/** For commands whose stdout holds secrets: only stderr (diagnostics) reaches the log. */
const quiet = (write: (text: string) => void) => (text: string, stream: 'stdout' | 'stderr'): void => {
  if (stream === 'stderr') write(text)
}

/** How many lines of a failed stage's output are shown in the terminal. */
export const TAIL_LINES = 20

export type StageRun =
  | { ok: true; result: unknown; outputs: Record<string, string>; stdout: string }
  /** `failure`: what the stage returned as its failure, when that is the cause; `reason` is its text. */
  | { ok: false; reason: string; interrupted: boolean; logPath: string; logTail: string[]; failure?: Failure }

export const logPath = (stateDir: string, cluster: string, stage: string): string =>
  join(stateDir, 'logs', cluster, `${stage}.log`)

const unrecordedReason = (names: string[]): string =>
  `cannot run offline: ${names.length === 1 ? 'output' : 'outputs'} ${names.map((n) => `"${n}"`).join(', ')} ${names.length === 1 ? 'is' : 'are'} sensitive and not recorded (only a digest is); run once without --offline`

const lastLines = (text: string, n: number): string[] => text.trimEnd().split('\n').slice(-n).filter((l) => l !== '')

export async function runStage(
  stage: Stage,
  ctx: StageContext<Record<string, unknown>>,
  ports: Ports,
  env: { stateDir: string; hasher: FileHasher; signal: AbortSignal },
): Promise<StageRun> {
  const path = logPath(env.stateDir, ctx.cluster.name, stage.name)
  let log: LogSink
  try {
    log = await ports.fs.openLog(path)
  } catch (error) {
    return { ok: false, reason: `cannot write its log ${path}: ${(error as Error).message}`, interrupted: false, logPath: path, logTail: [] }
  }
  let recent = ''
  const usedBefore = usedUnrecorded(ctx.needs)
  const write = (text: string): void => {
    log.write(text)
    recent = (recent + text).slice(-16_384)
    ports.reporter.event({ type: 'stage-output', cluster: ctx.cluster.name, stage: stage.name, text })
  }
  const failed = (reason: string, failure?: Failure): StageRun => {
    const interrupted = env.signal.aborted
    // A sensitive value served offline (only its digest was recorded) was used: that is the cause.
    const unrecorded = usedUnrecorded(ctx.needs).filter((name) => !usedBefore.includes(name))
    const why = interrupted ? 'interrupted' : unrecorded.length ? unrecordedReason(unrecorded) : reason
    const returned = failure && why === reason ? { failure } : {}
    return { ok: false, reason: why, interrupted, logPath: path, logTail: lastLines(recent, TAIL_LINES), ...returned }
  }
  /** A failure the stage returned: its text (from the one printer) goes to the log and the executor. */
  const stageFailed = (failure: Failure): StageRun => {
    const reason = formatFailure(failure)
    log.write(`${reason}\n`)
    return failed(reason, failure)
  }
  const runCtx: RunContext<Record<string, unknown>> = {
    ...ctx,
    readFile: (p) => ports.fs.readText(resolve(ctx.root, p)),
    writeFile: (p, content) => ports.fs.writeAtomic(resolve(ctx.root, p), content),
    copyFile: async (from, to) => ports.fs.writeAtomic(resolve(ctx.root, to), await ports.fs.readBytes(resolve(ctx.root, from))),
    readBytes: (p) => ports.fs.readBytes(resolve(ctx.root, p)),
    hashFiles: (paths) => fingerprintFiles(ports.fs, ctx.root, paths),
    list: (dir) => ports.fs.list(resolve(ctx.root, dir)),
    exists: async (p) => (await ports.fs.stat(resolve(ctx.root, p))) !== undefined,
    remove: (p) => ports.fs.remove(resolve(ctx.root, p)),
    log: (line) => write(`${line}\n`),
    secret: (value) => {
      // The session sets the key (cli/session.ts); a run without one is a bug in its caller.
      if (!ports.secrets) throw new Error('a sensitive value needs the secret key, and no session loaded one')
      return ports.secrets.wrap(value)
    },
  }
  try {
    const results: CommandResult[] = []
    const commands = stage.commands?.(ctx) ?? []
    if (isStageFailure(commands)) return stageFailed(commands.failure)
    const cmdsSecret = commands.map((c) => c.secretStdout === true)
    for (const cmd of commands) {
      if (env.signal.aborted) return failed('interrupted')
      write(`$ ${formatCommand(cmd)}\n`)
      const onOutput = cmd.secretStdout ? quiet(write) : write
      const r = await ports.tools.run(cmd, { onOutput, signal: env.signal, owner: ctx.cluster.name })
      if (cmd.secretStdout) write(`(its output holds sensitive values and is not logged: ${r.stdout.length} bytes)\n`)
      results.push(r)
      if (env.signal.aborted) return failed('interrupted')
      if (!(cmd.okCodes ?? [0]).includes(r.exitCode)) return failed(commandHint(cmd, r) ?? `${cmd.tool} exited with code ${r.exitCode}`)
    }
    const result = (await stage.run?.(runCtx, results)) ?? null
    if (env.signal.aborted) return failed('interrupted')
    if (isStageFailure(result)) return stageFailed(result.failure)
    const outputs: Record<string, string> = {}
    for (const p of forCluster(stage.outputs, ctx.cluster, relative(ctx.root, env.stateDir))) outputs[p] = await env.hasher.hash(p)
    return { ok: true, result, outputs, stdout: results.filter((_, i) => !cmdsSecret[i]).map((r) => r.stdout).join('') }
  } catch (error) {
    // The stack goes to the log only: the terminal shows the message (ARCHITECTURE.md section 9).
    log.write(`${(error as Error).stack ?? String(error)}\n`)
    return failed((error as Error).message ?? String(error))
  } finally {
    await log.close()
  }
}

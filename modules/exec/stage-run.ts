// Runs one stage that was decided to run: its commands through the tool port, then its `run`,
// with every byte of output in `<state>/logs/<cluster>/<stage>.log`.
import { join } from 'node:path'
import type { FileHasher } from '../cache/mod.ts'
import { formatCommand, type CommandResult, type RunContext, type Stage, type StageContext } from '../graph/mod.ts'
import { forCluster } from '../plan/mod.ts'
import type { Ports } from './ports.ts'

/** How many lines of a failed stage's output are shown in the terminal. */
export const TAIL_LINES = 20

export type StageRun =
  | { ok: true; result: unknown; outputs: Record<string, string> }
  | { ok: false; reason: string; interrupted: boolean; logPath: string; logTail: string[] }

export const logPath = (stateDir: string, cluster: string, stage: string): string =>
  join(stateDir, 'logs', cluster, `${stage}.log`)

const lastLines = (text: string, n: number): string[] => text.trimEnd().split('\n').slice(-n).filter((l) => l !== '')

export async function runStage(
  stage: Stage,
  ctx: StageContext<Record<string, unknown>>,
  ports: Ports,
  env: { stateDir: string; hasher: FileHasher; signal: AbortSignal },
): Promise<StageRun> {
  const path = logPath(env.stateDir, ctx.cluster.name, stage.name)
  const log = await ports.fs.openLog(path)
  let recent = ''
  const write = (text: string): void => {
    log.write(text)
    recent = (recent + text).slice(-16_384)
    ports.reporter.event({ type: 'stage-output', cluster: ctx.cluster.name, stage: stage.name, text })
  }
  const failed = (reason: string): StageRun => {
    const interrupted = env.signal.aborted
    return { ok: false, reason: interrupted ? 'interrupted' : reason, interrupted, logPath: path, logTail: lastLines(recent, TAIL_LINES) }
  }
  const runCtx: RunContext<Record<string, unknown>> = {
    ...ctx,
    readFile: (p) => ports.fs.readText(join(ctx.root, p)),
    writeFile: (p, content) => ports.fs.writeAtomic(join(ctx.root, p), content),
    log: (line) => write(`${line}\n`),
  }
  try {
    const results: CommandResult[] = []
    for (const cmd of stage.commands?.(ctx) ?? []) {
      if (env.signal.aborted) return failed('interrupted')
      write(`$ ${formatCommand(cmd)}\n`)
      const r = await ports.tools.run(cmd, { onOutput: write, signal: env.signal })
      results.push(r)
      if (env.signal.aborted) return failed('interrupted')
      if (!(cmd.okCodes ?? [0]).includes(r.exitCode)) return failed(`${cmd.tool} exited with code ${r.exitCode}`)
    }
    const result = (await stage.run?.(runCtx, results)) ?? null
    if (env.signal.aborted) return failed('interrupted')
    const outputs: Record<string, string> = {}
    for (const p of forCluster(stage.outputs, ctx.cluster.name)) outputs[p] = await env.hasher.hash(p)
    return { ok: true, result, outputs }
  } catch (error) {
    // The stack goes to the log only: the terminal shows the message (ARCHITECTURE.md section 9).
    log.write(`${(error as Error).stack ?? String(error)}\n`)
    return failed((error as Error).message ?? String(error))
  } finally {
    await log.close()
  }
}

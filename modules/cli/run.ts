// Running targets for real: plan every selected cluster, execute with progress on stderr, then
// report the outcome (JSON on stdout with --json) and return the exit code.
import { createInterface } from 'node:readline/promises'
import { EXIT, exitCodeOf, formatFailure } from '../diag/mod.ts'
import { hostname } from 'node:os'
import {
  execute, formatLockProblem, formatStateProblem, lockClusters, lockProblemExit, probeWritable, processAlive, processGroups, watchInterrupts,
  type Confirmation, type Interrupts, type Reporter, type RunOutcome,
} from '../exec/mod.ts'
import { refusals, type ClusterPlan } from '../plan/mod.ts'
import { stageOrder, type ClusterInfo, type Stage } from '../graph/mod.ts'
import { readJournals, type Journal } from '../rollout/mod.ts'
import { markResumed, startJournal, type Recorder } from './journal-run.ts'
import { remoteProblem, remoteRecords } from './remote-cache.ts'
import { runShape, type Carried, type RunShape } from './rollout.ts'
import type { CliOptions } from './args.ts'
import type { CliEnv } from './env.ts'
import { accountGuard } from '../aws/mod.ts'
import { checkTools, guardOptions } from './doctor.ts'
import { appendFile, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { closingLine, failuresText, notRunJson, outcomeJson, shownOutput, type Problem } from './outcome-text.ts'
import { summaryMarkdown, summaryText } from './summary.ts'
import { planAll, planOptions, type Session } from './session.ts'
import { whereText } from './where.ts'

/**
 * The run's exit code. With `detailedExitCode` (plan-detailed), a successful run whose plans have
 * changes pending exits 2, as `terraform plan -detailed-exitcode` does, for CI drift checks. An
 * interrupted run exits `interrupted`: 130, or 129 after a SIGHUP.
 */
export function exitCodeOfRun(outcome: RunOutcome, params: Record<string, unknown> = {}, interrupted: number = EXIT.interrupted): number {
  if (outcome.interrupted) return interrupted
  if (outcome.refused) return EXIT.refused
  // A stage that refused (a guardrail) is a refusal, not a failure, even beside other failures.
  if (outcome.clusters.some((c) => c.stages.some((s) => s.refused))) return EXIT.refused
  if (outcome.clusters.some((c) => c.status === 'failed')) return EXIT.failed
  const pending = outcome.clusters.some((c) => c.stages.some((s) => s.pending))
  return params.detailedExitCode === true && pending ? EXIT.changesPending : EXIT.ok
}

/** A resumed run: the journal it carries on, and what it carries over (rollout/resume.ts). */
export interface Resumed extends Carried {
  from: Journal
}

export async function runTargets(env: CliEnv, options: CliOptions, session: Session, selected: ClusterInfo[], targets: string[], resumed?: Resumed): Promise<number> {
  const shape = runShape(session.graph, targets, selected, options, session.project.settings, resumed)
  // Every stage any cluster runs (a rollout adds the targets' health checks).
  const stages = stageOrder(session.graph, [...new Set(shape.groups.flatMap((g) => g.stages.map((s) => s.name)))])
  const byName = new Map(selected.map((c) => [c.name, c]))
  const clusters = shape.order.map((name) => byName.get(name)!)
  if (resumed) env.stderr.write(resumeLine(resumed, targets, clusters.length))
  if (clusters.length === 0) return EXIT.ok
  // Refused before anything is read, locked, run or asked (a protected cluster's teardown).
  const refused = refusals(stages, clusters, planOptions(session, options, targets).params)
  if (refused.length) return stopped(env, options, clusters, exitCodeOf(refused[0]), refused.map((f) => ({ reason: f.reason, message: formatFailure(f) })))
  // From here on Ctrl-C / SIGTERM / SIGHUP stop the run cleanly: locks released, nothing recorded, exit 130 (129 for SIGHUP).
  const interrupts = watchInterrupts({ signal: env.signal, say: (text) => void env.stderr.write(text) })
  try {
    return await lockedRun(env, options, session, { clusters, targets, stages, shape, selected, resumed, warned: [] }, interrupts)
  } finally {
    interrupts.dispose()
  }
}

/** What a run is about: the clusters that run (in run order), the targets, every stage, and its shape. */
interface RunRequest {
  clusters: ClusterInfo[]
  targets: string[]
  stages: Stage[]
  shape: RunShape
  /** The whole selection, finished clusters of a resumed run included (the journal lists them). */
  selected: ClusterInfo[]
  resumed?: Resumed
  /** What the run warned about and went on: shown as it happens, and kept for the --json document. */
  warned: string[]
}

async function lockedRun(env: CliEnv, options: CliOptions, session: Session, request: RunRequest, interrupts: Interrupts): Promise<number> {
  const { clusters, targets, stages, shape } = request
  const badRemote = await remoteProblem(env, options, session)
  if (badRemote) return stopped(env, options, clusters, EXIT.usage, [{ reason: badRemote.reason, message: formatFailure(badRemote) }])
  const missing = await checkTools(session, clusters, stages)
  if (missing.length) return stopped(env, options, clusters, EXIT.usage, missing.map((f) => ({ reason: f.reason, message: formatFailure(f) })))
  // The account guard: before the first remote call and before any lock, so a refusal leaves no trace.
  const guarded = await guardAccounts(env, options, clusters, stages)
  if (guarded.length) return stopped(env, options, clusters, exitCodeOf(guarded[0]), guarded.map((f) => ({ reason: f.reason, message: formatFailure(f) })))
  if (interrupts.signal.aborted) return interruptedBeforeStart(env, options, clusters, interrupts)
  // Locked before anything is read: cache records of a cluster belong to one run at a time.
  const locked = await lockClusters(lockEnv(env, session, request), clusters.map((c) => c.name))
  if (!locked.ok) return stopped(env, options, clusters, lockProblemExit(locked.problem), [{ reason: locked.problem.reason, message: formatLockProblem(locked.problem) }])
  const unregister = interrupts.onForce(locked.releaseSync)
  // The lock names the process groups of the tools running, so a takeover after a crash cannot
  // start while they still work on the cluster (locks.ts).
  const unwatch = processGroups.watch((groups) => void locked.recordGroups(groups))
  try {
    const { stateDir, ports } = session
    const unwritable = await probeWritable(ports.fs, stateDir, clusters.flatMap((c) => ['logs', 'cache'].map((d) => join(stateDir, d, c.name))))
    if (unwritable) return stopped(env, options, clusters, EXIT.usage, [{ reason: unwritable.reason, message: formatStateProblem(unwritable) }])
    const planned = (await Promise.all(shape.groups.map((g) => planAll(session, g.clusters, g.stages, planOptions(session, options, targets))))).flat()
    const plans = shape.order.map((name) => planned.find((p) => p.facts.cluster.name === name)!)
    if (interrupts.signal.aborted) return interruptedBeforeStart(env, options, clusters, interrupts)
    // Refusals that needed what planning read (a backend changed since the last init): still before anything runs.
    const late = refusals(stages, clusters, planOptions(session, options, targets).params, readsOf(plans))
    if (late.length) return stopped(env, options, clusters, exitCodeOf(late[0]), late.map((f) => ({ reason: f.reason, message: formatFailure(f) })))
    return await execution(env, options, session, plans, request, interrupts)
  } finally {
    unwatch()
    unregister()
    await locked.release()
  }
}

/** The `reads` contents planning gathered, per cluster and stage. */
const readsOf = (plans: readonly ClusterPlan[]) => (cluster: string, stage: string): Record<string, string | undefined> =>
  plans.find((p) => p.facts.cluster.name === cluster)?.facts.reads[stage] ?? {}

/**
 * Clusters whose credentials are another account than cluster.yaml's `account`, or unreadable.
 * Only runs that call a tool are checked, and not --offline ones (--dry-run never gets here).
 */
async function guardAccounts(env: CliEnv, options: CliOptions, clusters: readonly ClusterInfo[], stages: readonly Stage[]) {
  if (options.offline || !stages.some((s) => s.tools.length > 0)) return []
  return accountGuard(clusters, guardOptions(env, options))
}

/** A run that ends before its first stage: each problem on stderr, and with --json the document on stdout. */
function stopped(env: CliEnv, options: CliOptions, clusters: ClusterInfo[], code: number, problems: Problem[], interrupted = false): number {
  problems.forEach((p) => env.stderr.write(`${p.message}\n`))
  if (options.json) env.stdout.write(notRunJson(clusters.map((c) => c.name), code, problems, interrupted))
  return code
}

/** An interrupt before the first stage started: nothing ran, nothing was recorded, no cluster started. */
function interruptedBeforeStart(env: CliEnv, options: CliOptions, clusters: ClusterInfo[], interrupts: Interrupts): number {
  const message = 'Interrupted before any stage ran: nothing changed and nothing was recorded.'
  return stopped(env, options, clusters, interrupts.exitCode(), [{ reason: 'interrupted', message }], true)
}

/** A warning said on stderr before the progress display starts, and kept for --json. */
const warnNow = (env: CliEnv, request: RunRequest) => (message: string): void => {
  request.warned.push(message)
  env.stderr.write(`warning: ${message}\n`)
}

function lockEnv(env: CliEnv, session: Session, request: RunRequest) {
  const { targets } = request
  const me = { pid: process.pid, host: hostname(), startedAt: new Date(session.ports.clock.now()).toISOString(), target: targets.join(' ') }
  return { fs: session.ports.fs, stateDir: session.stateDir, me, isAlive: processAlive, warn: warnNow(env, request) }
}

async function execution(env: CliEnv, options: CliOptions, session: Session, plans: ClusterPlan[], request: RunRequest, interrupts: Interrupts): Promise<number> {
  const { targets, shape } = request
  const recorder = await journal(env, session, request)
  const shown = env.ports?.reporter ?? (await progressReporter(env, options))
  const reporter = recorder?.reporter(shown) ?? shown
  const confirm = env.ports?.confirm ?? terminalConfirm(env, interrupts)
  const origin = `${recorder ? `run ${recorder.id}` : `a run at ${new Date(session.ports.clock.now()).toISOString()}`} on ${hostname()}`
  // From here on warnings go to the progress display.
  const warnings = request.warned
  const warn = (message: string): void => {
    warnings.push(message)
    reporter.event({ type: 'warning', message })
  }
  const remote = await remoteRecords(env, options, session, origin, warn)
  const gatherer = remote ? { ...session.gatherer, remote } : session.gatherer
  let outcome: RunOutcome
  try {
    const concurrency = options.concurrency ?? session.project.settings.concurrency
    const runOptions = {
      ...planOptions(session, options, targets), concurrency, keepGoing: options.keepGoing, yes: options.yes, signal: interrupts.signal,
      ...(shape.rollout ? { rollout: shape.rollout } : {}), ...(shape.pools ? { pools: shape.pools } : {}),
    }
    outcome = await execute(plans, { ...session.ports, reporter, confirm }, gatherer, runOptions)
  } finally {
    await reporter.close()
  }
  await recorder?.finish(outcome)
  if (recorder) outcome = { ...outcome, journal: recorder.id }
  const code = exitCodeOfRun(outcome, planOptions(session, options, targets).params, interrupts.exitCode())
  report(env, options, { outcome, code, warnings }, whereText({ outcome, graph: session.graph, targets, clusters: plans.map((p) => p.facts.cluster), root: session.project.root, stateDir: session.stateDir }))
  await writeMarkdown(env, options, outcome, targets)
  // Said where resume does more than running the command again: a run of several clusters.
  if (recorder && request.selected.length > 1 && (outcome.refused || outcome.clusters.some((c) => c.status !== 'ok'))) env.stderr.write(`Recorded as run ${recorder.id}: tasks resume carries it on.\n`)
  return code
}

/**
 * What a run ends with. For people, on stderr: failures, a refusal, the summary (several clusters,
 * or notes), where the results are, the closing line. On stdout: the --json document, or else
 * what `show` stages printed.
 */
function report(env: CliEnv, options: CliOptions, ended: { outcome: RunOutcome; code: number; warnings: readonly string[] }, where: string): void {
  const { outcome, code, warnings } = ended
  env.stderr.write(failuresText(outcome, env.cwd))
  if (outcome.refused) env.stderr.write(`${formatFailure(outcome.refused)}\n`)
  if (outcome.clusters.length > 1 || outcome.clusters.some((c) => c.stages.some((s) => s.note))) env.stderr.write(`\n${summaryText(outcome)}\n`)
  env.stderr.write(where)
  env.stderr.write(closingLine(outcome))
  const refusal = outcome.refused ? [{ reason: outcome.refused.reason, message: formatFailure(outcome.refused) }] : []
  if (options.json) env.stdout.write(outcomeJson(outcome, code, refusal, warnings))
  else env.stdout.write(shownOutput(outcome))
}

/**
 * The run's journal, for runs that touch more than one cluster or a gated stage (and every resumed
 * run); undefined for the others. Written before the first stage runs.
 */
async function journal(env: CliEnv, session: Session, request: RunRequest): Promise<Recorder | undefined> {
  const { clusters, stages, shape, selected, resumed, targets } = request
  if (selected.length < 2 && !stages.some((s) => s.gated) && !resumed) return undefined
  const waveOf = new Map(shape.rollout?.waves.flatMap((w) => w.clusters.map((c) => [c, w.number] as const)) ?? [])
  const waves = resumed?.waves ?? (shape.rollout ? shape.rollout.waves.map((w) => [...w.clusters]) : undefined)
  const order = [...(waves?.flat() ?? clusters.map((c) => c.name)), ...selected.map((c) => c.name)].filter((n, i, all) => all.indexOf(n) === i)
  const wave = (name: string): number | undefined => waveOf.get(name) ?? (waves ? waves.findIndex((w) => w.includes(name)) + 1 || undefined : undefined)
  const { journals: earlier } = await readJournals(session.ports.fs, session.stateDir)
  const recorder = await startJournal(session.ports.fs, session.stateDir, {
    earlier,
    now: () => session.ports.clock.now(), pid: process.pid, host: hostname(), cwd: resumed?.from.cwd ?? (relative(session.project.root, env.cwd) || '.'), targets, argv: resumed?.from.argv ?? [...env.argv],
    clusters: order.filter((n) => selected.some((c) => c.name === n)).map((name) => ({ name, ...(wave(name) ? { wave: wave(name) } : {}) })),
    ...(waves ? { waves: waves.map((w) => [...w]) } : {}),
    ...(resumed ? { resumes: { id: resumed.from.id, finished: [...resumed.finished] } } : {}),
  }, warnNow(env, request))
  if (resumed) await markResumed(session.ports.fs, session.stateDir, resumed.from, recorder.id).catch(() => {})
  return recorder
}

/** What a resumed run says first: which run it carries on, and what it leaves alone. */
function resumeLine(resumed: Resumed, targets: string[], left: number): string {
  const finished = [...resumed.finished]
  const lines = [`Resuming run ${resumed.from.id} (tasks ${targets.join(' ')}).`]
  if (finished.length) lines.push(`Finished there, not run again: ${finished.join(', ')}.`)
  if (resumed.revalidate.size) lines.push(`Checked again before the next wave: ${[...resumed.revalidate].join(', ')}.`)
  if (left === 0) lines.push('Nothing is left to run.')
  return `${lines.join('\n')}\n`
}

/** listr2 progress on stderr: the default renderer on a terminal, the simple one otherwise. */
async function progressReporter(env: CliEnv, options: CliOptions): Promise<Reporter> {
  const { listrReporter } = await import('../report/mod.ts')
  const renderer = options.renderer ?? (env.terminal.stderr ? 'default' : 'simple')
  return listrReporter({ renderer, output: env.stderr, color: !('NO_COLOR' in env.env) && env.terminal.stderr })
}

/** Asks on the terminal; without one, nothing can be approved (the run needs --yes). */
function terminalConfirm(env: CliEnv, interrupts: Interrupts): Confirmation {
  if (!env.terminal.stdin) return { interactive: false, ask: async () => false }
  return {
    interactive: true,
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: env.stderr })
      // The terminal is in raw mode while asking, so Ctrl-C reaches readline, not the process:
      // it interrupts the run as the signal would (exit 130), and drops the question.
      const dropped = new AbortController()
      rl.on('SIGINT', () => {
        interrupts.raise('SIGINT')
        dropped.abort()
      })
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `, { signal: dropped.signal })).trim())
      } catch {
        // The question closed (Ctrl-C, end of input): no approval.
        return false
      } finally {
        rl.close()
      }
    },
  }
}

/** The Markdown summary: to --summary-md FILE, and appended to $GITHUB_STEP_SUMMARY when set. */
async function writeMarkdown(env: CliEnv, options: CliOptions, outcome: RunOutcome, targets: string[]): Promise<void> {
  const text = summaryMarkdown(outcome, targets.join(' '))
  const attempt = async (what: string, write: () => Promise<void>): Promise<void> => {
    try {
      await write()
    } catch (error) {
      env.stderr.write(`warning: could not write the summary to ${what}: ${(error as Error).message}\n`)
    }
  }
  if (options.summaryMd) await attempt(options.summaryMd, () => writeFile(resolve(env.cwd, options.summaryMd!), text))
  const step = env.env.GITHUB_STEP_SUMMARY
  if (step) await attempt('$GITHUB_STEP_SUMMARY', () => appendFile(step, text))
}

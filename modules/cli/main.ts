// The CLI: parse, find the project, load the graph, then help / graph / explain / dry run / run.
// Every expected problem is a failure value printed by the one printer; exit codes per section 10.
// --version, -C DIR and a built-in command's --help need no project; --help never runs anything.
import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { findProject, type Project } from '../config/project.ts'
import { inShard, type Shard } from '../config/shard.ts'
import { EXIT, type Failure } from '../diag/mod.ts'
import { systemClock, type Ports } from '../exec/ports.ts'
import { processRunner } from '../exec/process-runner.ts'
import { nodeFileSystem } from '../fs/mod.ts'
import type { ClusterInfo, Graph } from '../graph/mod.ts'
import { parseArgs, type CliOptions } from './args.ts'
import { BUILTINS, formatGraph, helpText, targetHelp } from './help.ts'
import type { CliEnv } from './env.ts'
import { loadGraph } from './load-graph.ts'
import { reportFailures, stoppedJson, wantsJson } from './report-failures.ts'
import { commandUsage } from './usage.ts'
import type { Resumed } from './run.ts'
import type { Session } from './session.ts'

export type { CliEnv } from './env.ts'

export async function main(env: CliEnv): Promise<number> {
  const parsed = parseArgs(env.argv)
  const json = wantsJson(env.argv)
  if (!parsed.ok) return reportFailures(env, parsed.failures, { json })
  const options = parsed.options
  if (options.version) return write(env.stdout, `tasks ${packageVersion()}\n`)
  const dir = await startDir(env.cwd, options.dir)
  if (typeof dir !== 'string') return reportFailures(env, [dir], { json })
  // plan --save DIR and apply --plan DIR are the targets that keep and apply pinned plans.
  if (options.save) options.words = options.words.map((w) => (w === 'plan' ? 'plan-save' : w))
  if (options.planDir) options.words = options.words.map((w) => (w === 'apply' ? 'apply-plan' : w))
  // Directories the user names are relative to where tasks was started (after -C).
  const paths = { ...(options.save ? { save: resolve(dir, options.save) } : {}), ...(options.planDir ? { planDir: resolve(dir, options.planDir) } : {}) }
  try {
    return await dispatch({ ...env, cwd: dir }, { ...options, ...paths })
  } catch (error) {
    const message = options.debug ? ((error as Error).stack ?? String(error)) : (error as Error).message
    env.stderr.write(`tasks: internal error: ${message}\n${options.debug ? '' : 'hint: rerun with --debug for the stack trace, and report it.\n'}`)
    if (json) env.stdout.write(stoppedJson(EXIT.failed, [{ reason: 'internal-error', message: `tasks: internal error: ${(error as Error).message}` }]))
    return EXIT.failed
  }
}

/** The version in tasks's own package.json (next to modules/, wherever the command runs). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

/** The directory to run in: -C DIR relative to the working directory, which must be a directory. */
async function startDir(cwd: string, dir: string | undefined): Promise<string | Failure> {
  if (dir === undefined) return cwd
  const resolved = resolve(cwd, dir)
  const found = await stat(resolved).catch(() => undefined)
  if (found?.isDirectory()) return resolved
  return { reason: 'bad-dir', path: dir, resolved, problem: found ? 'not-a-directory' : 'missing' }
}

/**
 * What `--help`, `-h` and `help` ask about: `name` a command or target (`tasks X --help`,
 * `tasks help X`), undefined for the whole listing; not asked: no help at all.
 */
function helpAsked(o: CliOptions): { name?: string } | undefined {
  const [first, second] = o.words
  if (o.help) return { name: first }
  if (first === 'help') return { name: second }
  return first === undefined ? {} : undefined
}

async function dispatch(env: CliEnv, options: CliOptions): Promise<number> {
  const report = (failures: Failure[], root?: string): number => reportFailures(env, failures, { root, json: options.json })
  const asked = helpAsked(options)
  // A command's usage needs no project: answered before anything is read.
  const usage = asked?.name === undefined ? undefined : commandUsage(asked.name)
  if (usage !== undefined) return write(env.stdout, usage)
  const found = await findProject(env.cwd)
  if (!found.ok) return report([found.failure])
  const { project } = found
  const [command, ...rest] = options.words
  // Commands that need no graph answer before tasks.ts is imported.
  if (!asked) {
    const light = await lightCommand(env, project, options)
    if (light !== undefined) return light
  }
  const loaded = await loadGraph(join(project.root, project.settings.graph))
  if (!loaded.ok) return report(loaded.failures, project.root)
  const { graph } = loaded
  if (asked) return help(env, graph, asked.name, report)
  if (command === 'graph') return options.shard ? graphShard(env, options, project, graph, options.shard) : write(env.stdout, formatGraph(graph, options.format))
  if (command === 'resume') return resume(env, options, project, graph)
  const targets = command === 'explain' ? rest : command === 'doctor' ? [] : options.words
  const unknown = targets.filter((t) => !graph.targets.has(t))
  const known = [...Object.keys(BUILTINS), ...graph.targets.keys()]
  if (unknown.length) return report(unknown.map((name) => ({ reason: 'unknown-target' as const, name, known })))
  const forced = Array.isArray(options.force) ? options.force.filter((name) => !graph.stages.has(name)) : []
  if (forced.length) return report(forced.map((stage) => ({ reason: 'unknown-force' as const, stage, known: [...graph.stages.keys()] })))
  if (targets.length === 0 && command === 'explain') return report([{ reason: 'missing-option', option: '<target>', hint: 'tasks explain <target> --cluster NAME' }])
  return onClusters(env, options, project, graph, targets)
}

/**
 * `tasks resume [--yes]`: the latest run that did not finish, again, with its targets, selection
 * and options; what finished there is not run again. --yes, --json, --summary-md and the renderer
 * are this command's own; nothing else may be given.
 */
async function resume(env: CliEnv, options: CliOptions, project: Project, graph: Graph): Promise<number> {
  const report = (failures: Failure[]): number => reportFailures(env, failures, { root: project.root, json: options.json })
  if (options.words.length > 1) return report([{ reason: 'bad-option-value', option: 'resume', value: options.words.slice(1).join(' '), expected: 'no targets: tasks resume carries on the latest run that did not finish' }])
  const { latestUnfinished, readJournals, resumePlan } = await import('../rollout/mod.ts')
  const { stateDirOf } = await import('./session.ts')
  const { journals, warnings } = await readJournals(makePorts(env).fs, stateDirOf(project))
  warnings.forEach((w) => env.stderr.write(`warning: ${w}\n`))
  const from = latestUnfinished(journals)
  if (!from) return report([{ reason: 'missing-option', option: 'a run to resume', hint: 'every recorded run finished, or none was recorded; tasks runs lists them' }])
  const { liveness } = await import('./liveness.ts')
  if ((await liveness(makePorts(env).fs, stateDirOf(project), [from]))(from)) return report([{ reason: 'run-live', run: from.id, pid: from.pid!, host: from.host!, target: from.target.join(' ') }])
  const parsed = parseArgs(from.argv)
  if (!parsed.ok) return report(parsed.failures)
  const names = from.clusters.map((c) => c.name)
  const own = { yes: options.yes, json: options.json, summaryMd: options.summaryMd, renderer: options.renderer, debug: options.debug, sandbox: parsed.options.sandbox || options.sandbox }
  // --save and --plan were relative to where the run was started (older journals: the project root).
  const base = resolve(project.root, from.cwd ?? '.')
  const { save, planDir } = parsed.options
  const paths = { ...(save ? { save: resolve(base, save) } : {}), ...(planDir ? { planDir: resolve(base, planDir) } : {}) }
  const carried = { ...parsed.options, ...own, ...paths, clusters: names, all: false, changed: false, words: from.target }
  return onClusters(env, carried, project, graph, from.target, { from, ...resumePlan(from) })
}

/** The session and the selected clusters (before --shard), or the exit code that says why not. */
type Selection = { ok: true; session: Session; clusters: ClusterInfo[] } | { ok: false; code: number }

/**
 * Opens the session and resolves the selection of --cluster, --all and --changed, as every command
 * on clusters does. `allWhenNone`: no selection means every cluster (doctor, graph --shard).
 */
async function openSelection(env: CliEnv, options: CliOptions, project: Project, graph: Graph, allWhenNone: boolean): Promise<Selection> {
  const report = (failures: Failure[], root?: string): Selection => ({ ok: false, code: reportFailures(env, failures, { root, json: options.json }) })
  // Everything below plans or runs: loaded only now, so help and graph stay light.
  const { isStateProblem, openSession, reportStateProblem, resolveClusters } = await import('./session.ts')
  const ports = makePorts(env)
  const warn = (m: string): void => void env.stderr.write(`warning: ${m}\n`)
  const session = await openSession(project, graph, ports, warn, env.env.TASKS_SECRET_KEY)
  if (isStateProblem(session)) {
    const code = reportStateProblem(env.stderr, session)
    if (options.json) env.stdout.write(stoppedJson(code, [{ reason: session.reason, message: (await import('../exec/state-dir.ts')).formatStateProblem(session) }]))
    return { ok: false, code }
  }
  const tools = { sandbox: options.sandbox, envPath: env.env.PATH ?? '' }
  const { selectAsked } = await import('../config/select.ts')
  const changed = async (since: string) => (await import('./changed.ts')).changedFiles(ports.tools, project.root, since)
  const select = (known: readonly string[]) => selectAsked(options, known, project.settings.clustersDir, changed, { allWhenNone })
  const clusters = await resolveClusters(session, select, tools)
  return clusters.ok ? { ok: true, session, clusters: clusters.clusters } : report(clusters.failures, project.root)
}

/** The clusters shard I/N owns, in selection order; all of them without --shard. */
function sharded<C extends { name: string }>(clusters: C[], shard: Shard | undefined): C[] {
  if (!shard) return clusters
  const mine = new Set(inShard(clusters.map((c) => c.name), shard))
  return clusters.filter((c) => mine.has(c.name))
}

/**
 * `tasks graph --shard I/N`: the clusters shard I owns among the selection (every cluster when none
 * is given), for CI scripts: `{"shard":"I/N","clusters":[…]}` with --json or --format json, else
 * one name a line.
 */
async function graphShard(env: CliEnv, options: CliOptions, project: Project, graph: Graph, shard: Shard): Promise<number> {
  const selection = await openSelection(env, options, project, graph, true)
  if (!selection.ok) return selection.code
  const names = sharded(selection.clusters, shard).map((c) => c.name)
  if (options.json || options.format === 'json') return write(env.stdout, `${JSON.stringify({ shard: `${shard.index}/${shard.count}`, clusters: names })}\n`)
  return write(env.stdout, names.map((n) => `${n}\n`).join(''))
}

/** doctor, explain, a dry run or a run: on the selected clusters (of --shard's shard), with a session. */
async function onClusters(env: CliEnv, options: CliOptions, project: Project, graph: Graph, targets: string[], resumed?: Resumed): Promise<number> {
  const command = options.words[0]
  const selection = await openSelection(env, options, project, graph, command === 'doctor')
  if (!selection.ok) return selection.code
  const { session } = selection
  const { planAll, planOptions } = await import('./session.ts')
  // Only --changed selects nothing without failing: no cluster changed, so nothing to do.
  if (selection.clusters.length === 0) return nothingChanged(env, options)
  const clusters = sharded(selection.clusters, options.shard)
  // A shard may own none of a small selection: that runner has nothing to do, which is no failure.
  if (options.shard && clusters.length === 0) return emptyShard(env, options, options.shard)
  if (command === 'doctor') {
    const { doctor, guardOptions } = await import('./doctor.ts')
    const checked = await doctor(session, clusters, guardOptions(env, options))
    env.stdout.write(checked.text)
    if (checked.failures.length) return reportFailures(env, checked.failures)
    return checked.problems ? EXIT.usage : EXIT.ok
  }
  if (command === 'explain' || options.dryRun) {
    const { dryRunText, explainText } = await import('./plan-text.ts')
    // As the run would: in waves, with their health checks, when it rolls out.
    const { runShape } = await import('./rollout.ts')
    const { describeWaves } = await import('../rollout/mod.ts')
    const shape = runShape(graph, targets, clusters, options, project.settings)
    const planned = (await Promise.all(shape.groups.map((g) => planAll(session, g.clusters, g.stages, planOptions(session, options, targets))))).flat()
    const plans = shape.order.map((name) => planned.find((p) => p.facts.cluster.name === name)!)
    await session.gatherer.hasher.save(join(session.stateDir, 'cache', 'files.json'))
    const waves = shape.rollout ? `${describeWaves(shape.rollout.waves.map((w) => [...w.clusters]))}\n\n` : ''
    return write(env.stdout, waves + (command === 'explain' ? explainText(targets.join(' '), plans) : dryRunText(plans)))
  }
  const { runTargets } = await import('./run.ts')
  return runTargets(env, options, session, clusters, targets, resumed)
}

/** The built-in commands that need the project but not its graph; undefined for any other word. */
async function lightCommand(env: CliEnv, project: Project, options: CliOptions): Promise<number | undefined> {
  const [command, ...rest] = options.words
  const report = (failures: Failure[], root?: string): number => reportFailures(env, failures, { root, json: options.json })
  if (command === 'render-template') {
    const { renderTemplateCommand } = await import('./render-template.ts')
    const rendered = await renderTemplateCommand(project, env.cwd, { template: options.template, values: options.values, cluster: options.clusters[0] })
    return rendered.ok ? write(env.stdout, rendered.text) : report(rendered.failures, env.cwd)
  }
  if (command === 'validate') {
    const { validateCommand } = await import('./validate.ts')
    const checked = await validateCommand(project, env.cwd, options, makePorts(env).tools)
    if (!checked.ok) return report(checked.failures, project.root)
    env.stdout.write(checked.text)
    return checked.code
  }
  if (command === 'new-cluster') {
    if (rest.length > 1) return report([{ reason: 'bad-option-value', option: 'NAME', value: rest.join(' '), expected: 'one cluster name (tasks new-cluster NAME [--from CLUSTER])' }])
    const { newClusterCommand } = await import('./new-cluster.ts')
    const made = await newClusterCommand(project, env.cwd, { name: rest[0], from: options.from, sandbox: options.sandbox }, makePorts(env))
    return made.ok ? write(env.stdout, made.text) : report(made.failures, project.root)
  }
  if (command === 'hooks') return hooks(env, project.root, options, rest)
  if (command === 'runs') {
    const { readJournals } = await import('../rollout/mod.ts')
    const { liveness } = await import('./liveness.ts')
    const { runsText } = await import('./runs.ts')
    const { stateDirOf } = await import('./session.ts')
    const { journals, warnings } = await readJournals(makePorts(env).fs, stateDirOf(project))
    warnings.forEach((w) => env.stderr.write(`warning: ${w}\n`))
    return write(env.stdout, runsText(journals, await liveness(makePorts(env).fs, stateDirOf(project), journals), hostname()))
  }
  return undefined
}

/** An empty --changed selection: said on stderr, exit 0, and with --json a document without clusters. */
function nothingChanged(env: CliEnv, options: CliOptions): number {
  env.stderr.write(`No cluster changed since ${options.since ?? 'HEAD'}: nothing to do.\n`)
  if (options.json) env.stdout.write(stoppedJson(EXIT.ok, []))
  return EXIT.ok
}

/** A shard that owns no selected cluster: said on stderr, exit 0, and with --json a document without clusters. */
function emptyShard(env: CliEnv, options: CliOptions, shard: Shard): number {
  env.stderr.write(`Shard ${shard.index}/${shard.count} has no cluster of this selection: nothing to do.\n`)
  if (options.json) env.stdout.write(stoppedJson(EXIT.ok, []))
  return EXIT.ok
}

/** The whole listing, or one target's usage; an unknown name gets a did-you-mean over commands and targets. */
function help(env: CliEnv, graph: Graph, name: string | undefined, report: (failures: Failure[]) => number): number {
  if (name === undefined) return write(env.stdout, helpText(graph))
  if (!graph.targets.has(name)) return report([{ reason: 'unknown-target', name, known: [...Object.keys(BUILTINS), ...graph.targets.keys()] }])
  return write(env.stdout, targetHelp(graph, name))
}

/** `tasks hooks install [--force]`. */
async function hooks(env: CliEnv, root: string, options: CliOptions, words: string[]): Promise<number> {
  if (words[0] !== 'install' || words.length > 1) {
    return reportFailures(env, [{ reason: 'missing-option', option: 'install', hint: 'tasks hooks install [--force] writes the git pre-commit hook' }], { json: options.json })
  }
  const { installHook } = await import('./hooks.ts')
  const installed = await installHook(root, makePorts(env).tools, { force: options.force === true, bin: env.bin })
  return installed.ok ? write(env.stdout, installed.text) : reportFailures(env, installed.failures, { root, json: options.json })
}

function write(stream: Writable, text: string): number {
  stream.write(text)
  return EXIT.ok
}

function makePorts(env: CliEnv): Ports {
  const given = env.ports ?? {}
  return {
    fs: given.fs ?? nodeFileSystem,
    clock: given.clock ?? systemClock,
    tools: given.tools ?? processRunner,
    // The run picks its progress reporter and confirmation from the terminal (run.ts).
    reporter: given.reporter ?? { event: () => {}, close: async () => {} },
    confirm: given.confirm ?? { interactive: false, ask: async () => false },
  }
}


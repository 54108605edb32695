// The CLI: parse, find the project, load the graph, then help / graph / explain / dry run / run.
// Every expected problem is a failure value printed by the one printer; exit codes per section 10.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import type { IdentityReader } from '../aws/mod.ts'
import { findProject } from '../config/project.ts'
import { EXIT, exitCodeOf, formatFailure, type Failure } from '../diag/mod.ts'
import { systemClock, type Ports } from '../exec/ports.ts'
import { nodeFileSystem } from '../fs/mod.ts'
import { targetStages, type Graph } from '../graph/mod.ts'
import { parseArgs, type CliOptions } from './args.ts'
import { BUILTINS, formatGraph, helpText, targetHelp } from './help.ts'
import { loadGraph } from './load-graph.ts'
import { relativeTo } from './relative.ts'

/** The world one invocation sees; tests pass their own streams, ports and abort signal. */
export interface CliEnv {
  argv: string[]
  cwd: string
  stdout: Writable
  stderr: Writable
  env: Record<string, string | undefined>
  /** Whether stderr is a terminal (progress renderer) and stdin is one (confirmation). */
  terminal: { stderr: boolean; stdin: boolean }
  /** `identity` reads a cluster's caller identity for the account guard (default: STS). */
  ports?: Partial<Ports> & { identity?: IdentityReader }
  /** Aborts the run as SIGINT/SIGTERM do. */
  signal?: AbortSignal
  /** The tasks bin being run, so the pre-commit hook can call it without npx. */
  bin?: string
}

export async function main(env: CliEnv): Promise<number> {
  const parsed = parseArgs(env.argv)
  if (!parsed.ok) return report(env, parsed.failures)
  const options = parsed.options
  try {
    return await dispatch(env, options)
  } catch (error) {
    const message = options.debug ? ((error as Error).stack ?? String(error)) : (error as Error).message
    env.stderr.write(`tasks: internal error: ${message}\n${options.debug ? '' : 'hint: rerun with --debug for the stack trace, and report it.\n'}`)
    return EXIT.failed
  }
}

/** Prints failures (located ones with their source line) and returns the exit code of the first. */
function report(env: CliEnv, failures: Failure[], root?: string): number {
  const read = (file: string, line: number): string | undefined => {
    try {
      return readFileSync(root ? join(root, file) : file, 'utf8').split('\n')[line - 1]
    } catch {
      return undefined
    }
  }
  for (const f of failures) env.stderr.write(`${formatFailure(root ? relativeTo(root, f) : f, read)}\n`)
  return exitCodeOf(failures[0])
}

async function dispatch(env: CliEnv, options: CliOptions): Promise<number> {
  const found = await findProject(env.cwd)
  if (!found.ok) return report(env, [found.failure])
  const { project } = found
  const [command, ...rest] = options.words
  // Commands that need no graph answer before tasks.ts is imported.
  if (command === 'render-template') {
    const { renderTemplateCommand } = await import('./render-template.ts')
    const rendered = await renderTemplateCommand(project, env.cwd, { template: options.template, values: options.values, cluster: options.clusters[0] })
    return rendered.ok ? write(env.stdout, rendered.text) : report(env, rendered.failures, env.cwd)
  }
  if (command === 'validate') {
    const { validateCommand } = await import('./validate.ts')
    const checked = await validateCommand(project, env.cwd, options, makePorts(env).tools)
    if (!checked.ok) return report(env, checked.failures, project.root)
    env.stdout.write(checked.text)
    return checked.code
  }
  if (command === 'hooks') return hooks(env, project.root, options, rest)
  const loaded = await loadGraph(join(project.root, project.settings.graph))
  if (!loaded.ok) return report(env, loaded.failures, project.root)
  const { graph } = loaded
  if (options.help || command === undefined || command === 'help') return help(env, graph, options.help ? options.words : rest)
  if (command === 'graph') return write(env.stdout, formatGraph(graph, options.format))
  const targets = command === 'explain' ? rest : command === 'doctor' ? [] : options.words
  const unknown = targets.filter((t) => !graph.targets.has(t))
  const known = [...Object.keys(BUILTINS), ...graph.targets.keys()]
  if (unknown.length) return report(env, unknown.map((name) => ({ reason: 'unknown-target' as const, name, known })))
  const forced = Array.isArray(options.force) ? options.force.filter((name) => !graph.stages.has(name)) : []
  if (forced.length) return report(env, forced.map((stage) => ({ reason: 'unknown-force' as const, stage, known: [...graph.stages.keys()] })))
  if (targets.length === 0 && command === 'explain') return report(env, [{ reason: 'missing-option', option: '<target>', hint: 'tasks explain <target> --cluster NAME' }])
  // Everything below plans or runs: loaded only now, so help and graph stay light.
  const { isStateProblem, openSession, planAll, planOptions, reportStateProblem, resolveClusters } = await import('./session.ts')
  const ports = makePorts(env)
  const warn = (m: string): void => void env.stderr.write(`warning: ${m}\n`)
  const session = await openSession(project, graph, ports, warn)
  if (isStateProblem(session)) return reportStateProblem(env.stderr, session)
  const tools = { sandbox: options.sandbox, envPath: env.env.PATH ?? '' }
  let changed: string[] | undefined
  if (options.changed) {
    const { changedFiles } = await import('./changed.ts')
    const files = await changedFiles(ports.tools, project.root, options.since ?? 'HEAD')
    if (!files.ok) return report(env, [files.failure])
    changed = files.files
  }
  const selection = { patterns: options.clusters, all: options.all, changed, allWhenNone: command === 'doctor' }
  const clusters = await resolveClusters(session, selection, tools)
  if (!clusters.ok) return report(env, clusters.failures, project.root)
  if (command === 'doctor') {
    const { doctor, guardOptions } = await import('./doctor.ts')
    const checked = await doctor(session, clusters.clusters, guardOptions(env, options))
    env.stdout.write(checked.text)
    if (checked.failures.length) return report(env, checked.failures)
    return checked.problems ? EXIT.usage : EXIT.ok
  }
  if (command === 'explain' || options.dryRun) {
    const { dryRunText, explainText } = await import('./plan-text.ts')
    const plans = await planAll(session, clusters.clusters, targetStages(graph, targets), planOptions(session, options, targets))
    await session.gatherer.hasher.save(join(session.stateDir, 'cache', 'files.json'))
    return write(env.stdout, command === 'explain' ? explainText(targets.join(' '), plans) : dryRunText(plans))
  }
  const { runTargets } = await import('./run.ts')
  return runTargets(env, options, session, clusters.clusters, targets)
}

function help(env: CliEnv, graph: Graph, words: string[]): number {
  const name = words.find((w) => w !== 'help')
  if (name === undefined) return write(env.stdout, helpText(graph))
  if (!graph.targets.has(name)) return report(env, [{ reason: 'unknown-target', name, known: [...graph.targets.keys()] }])
  return write(env.stdout, targetHelp(graph, name))
}

/** `tasks hooks install [--force]`. */
async function hooks(env: CliEnv, root: string, options: CliOptions, words: string[]): Promise<number> {
  if (words[0] !== 'install' || words.length > 1) {
    return report(env, [{ reason: 'missing-option', option: 'install', hint: 'tasks hooks install [--force] writes the git pre-commit hook' }])
  }
  const { installHook } = await import('./hooks.ts')
  const installed = await installHook(root, makePorts(env).tools, { force: options.force === true, bin: env.bin })
  return installed.ok ? write(env.stdout, installed.text) : report(env, installed.failures, root)
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
    tools: given.tools ?? lazyZx,
    // The run picks its progress reporter and confirmation from the terminal (run.ts).
    reporter: given.reporter ?? { event: () => {}, close: async () => {} },
    confirm: given.confirm ?? { interactive: false, ask: async () => false },
  }
}

/** zx is loaded only when a command really runs, so help, graph and validate stay light. */
const lazyZx: Ports['tools'] = {
  async run(cmd, io) {
    const { zxRunner } = await import('../exec/zx-runner.ts')
    return zxRunner.run(cmd, io)
  },
}

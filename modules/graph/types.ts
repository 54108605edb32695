// The vocabulary of a task graph: stages, targets, commands and the contexts a stage runs with.
import type { Location } from '../diag/mod.ts'
import type { StageFailure } from './failure.ts'

/** How a stage relates to the world; decides when it may be skipped (ARCHITECTURE.md section 3). */
export type StageKind = 'pure' | 'read' | 'write'

/** A process to start: data until the executor's one process edge (exec/process-runner.ts) runs it. */
export interface Command {
  tool: string
  args: string[]
  cwd: string
  env: Record<string, string>
  /** Exit codes that count as success; default [0]. */
  okCodes?: number[]
  /** Its stdout holds secrets (`terraform output -json`): kept for the stage, never logged or shown. */
  secretStdout?: boolean
  /** Which known failure its output may show, so a failed run can say what to do (tools/hints.ts). */
  hint?: CommandHint
}

/** A failure a command's output may show and what resolving it needs: a held state lock → the force-unlock target. */
export type CommandHint = { key: 'terraform-state-lock'; unlockTarget?: string }

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Cluster settings of a graph declared without a schema. */
export type AnySettings = Record<string, unknown>

/** The params every run may carry: the CLI sets them from its options (cli/session.ts planOptions). */
export interface RunParams {
  /** The words after `--`. */
  args?: string[]
  allowProtected?: boolean
  /** Globs of protected resource addresses a plan may replace or delete (--allow-replace). */
  allowReplace?: string[]
  /** Where `plan --save DIR` keeps the plans (absolute). */
  saveDir?: string
  /** Where `apply --plan DIR` takes the saved plans from (absolute). */
  planDir?: string
  lockTimeout?: string
  validateTimeout?: string
  migrateState?: boolean
  reconfigure?: boolean
}

/** Params of a graph declared without its own: the run's, and whatever its targets pass. */
export type AnyParams = RunParams & Record<string, unknown>

/** One cluster as stages see it: its name, directory, parsed cluster.yaml (typed S) and where its tools are. */
export interface ClusterInfo<S = AnySettings> {
  name: string
  dir: string
  settings: S
  /** The PATH this cluster's tools are found on (the sandbox's bin first when sandboxed). */
  toolPath: string
  /** Tool name → the binary to run: the name itself, or a configured absolute path. */
  bins: Record<string, string>
}

/**
 * What every stage function receives: the cluster (settings typed S), the typed results of its
 * needs, the run's params (typed P) and fixed paths.
 */
export interface StageContext<N, S = AnySettings, P = AnyParams> {
  cluster: ClusterInfo<S>
  needs: N
  /** Values the requested target passes to its stages (for example `{ yes: true }`), and the run's. */
  params: P
  /** Project root, absolute. */
  root: string
  /** The state directory (.tasks), absolute. */
  stateDir: string
  /** This cluster's private working directory under the state directory, absolute. */
  workDir: string
}

/**
 * What `run` gets on top: file access through the executor's ports (paths relative to the root,
 * or absolute) and a log line writer.
 */
export interface RunContext<N, S = AnySettings, P = AnyParams> extends StageContext<N, S, P> {
  readFile(path: string): Promise<string>
  writeFile(path: string, content: string): Promise<void>
  /** Copies a file byte for byte. */
  copyFile(from: string, to: string): Promise<void>
  readBytes(path: string): Promise<Uint8Array>
  /** sha256 of each file the paths name (files, directories, globs), by path relative to the root. */
  hashFiles(paths: readonly string[]): Promise<Record<string, string>>
  /** Entry names of a directory, sorted; empty when it does not exist. */
  list(dir: string): Promise<string[]>
  /** Whether a file or directory exists. */
  exists(path: string): Promise<boolean>
  remove(path: string): Promise<void>
  log(line: string): void
  /** Wraps a sensitive value: dependants use it, what is written (records, keys, --json) sees its keyed digest. */
  secret(value: unknown): unknown
}

/** What a refusal check sees: only what is known before anything runs (no results of needs). */
export interface RefuseContext<S = AnySettings, P = AnyParams> {
  cluster: ClusterInfo<S>
  params: P
  /**
   * The contents of the stage's `reads` files (undefined: absent), once facts are gathered; before
   * that (the early check of a run) the map is missing and a check that needs it says nothing.
   */
  files?: Record<string, string | undefined>
}

/** Why a stage must not run at all for a cluster, and what to do about it. */
export interface Refusal {
  reason: string
  hint?: string
  /** The command was used wrongly, `missing` naming what it lacks (`-- ARGS`): exit 2, not a refusal's 3. */
  usage?: { missing: string }
}

/** A `run` result as dependants see it: awaited, a stage failure left out (it stops the run instead). */
export type Done<R> = Exclude<Awaited<R>, StageFailure>

/** A stage's declaration: N its needs' results, R what `run` returns, S the settings, P the params. */
export interface StageSpec<N, Need extends string, R, S = AnySettings, P = AnyParams> {
  kind: StageKind
  description?: string
  needs?: readonly Need[]
  /** Input files or directories, relative to the root; `{cluster}` is replaced by the cluster name. */
  inputs?: readonly string[]
  /**
   * Files the stage writes, relative to the root (`{state}` is the state directory); a pure stage
   * re-runs when one is missing or edited.
   */
  outputs?: readonly string[]
  /** The cluster settings this stage depends on; they enter its cache key. */
  settings?: (cluster: ClusterInfo<S>) => unknown
  /** Tools whose versions enter the cache key. */
  tools?: readonly string[]
  /**
   * A read stage's committed last result (JSON, `{cluster}` replaced), served by --offline when
   * this machine has no cache record yet: clusters/<name>/outputs.json for the outputs stage.
   */
  recorded?: string
  /** Bump to invalidate every record of this stage after changing what it does. */
  version?: number
  /** Asks for confirmation (or --yes) before it runs. */
  gated?: boolean
  /** For a gated stage that changes something only in some runs (init migrating its state): whether this one asks. */
  gateWhen?: (ctx: StageContext<N, S, P>) => boolean
  /**
   * Files (relative to the root, `{state}`/`{cluster}` replaced) whose contents `refuseIf` sees,
   * read while planning: a Terraform working directory's backend settings, say.
   */
  reads?: readonly string[]
  /**
   * false for a write stage whose effect does not follow from its inputs (a destroy, a forced roll):
   * it runs whenever it is asked for, unless skipIf says otherwise. Default true.
   */
  cached?: boolean
  /**
   * Earlier stages whose remote effect this one removes (kops delete undoes kops replace): when it
   * succeeds their cache records are dropped, so they run again next time instead of being skipped
   * as "up to date" against a remote that no longer holds what they did.
   */
  undoes?: readonly Need[]
  /** The target params (and `--` words, `allowProtected`) this stage reads; only these enter its key. */
  params?: readonly (keyof P & string)[]
  /** What a gated run is about to change, for the confirmation ("+3 ~1 -0, replaces …"). */
  gateSummary?: (ctx: StageContext<N, S, P>) => string
  /** A reason to skip this run whatever the cache says, e.g. "no changes" for an apply. */
  skipIf?: (ctx: StageContext<N, S, P>) => string | undefined
  /**
   * A reason to refuse the whole run before anything runs or is asked (exit 3), e.g. the teardown
   * of a `protected: true` cluster without --allow-protected. Decided from the cluster and params.
   */
  refuseIf?: (ctx: RefuseContext<S, P>) => Refusal | undefined
  /** The processes the stage starts, in order; what --dry-run prints. A stage failure stops it before any starts. */
  commands?: (ctx: StageContext<N, S, P>) => Command[] | StageFailure
  /**
   * Turns command results into the stage's result (JSON data), or does in-process work; an
   * expected problem is returned as a stage failure (graph/failure.ts), never thrown.
   */
  run?: (ctx: RunContext<N, S, P>, results: CommandResult[]) => R | Promise<R>
  /** What the run summary says about a result: a short note, and data for --json. */
  report?: (result: Done<R>) => StageReport
  /** Its commands' stdout is the answer (kops get, kops-cmd): printed after the run, under the cluster's name. */
  show?: boolean
}

/** A stage's line in the run summary (`+3 ~1 -0; replaces …`) and the same facts as data. */
export interface StageReport {
  note: string
  data?: Record<string, unknown>
  /** Changes are pending (a plan with changes): what plan-detailed's exit code 2 reports. */
  pending?: boolean
  /** Lines listed under the note in every summary: each resource a plan replaces or deletes. */
  lines?: string[]
}

/** A stage as stored in a built graph: names instead of types, plus where it was defined. */
export interface Stage {
  name: string
  kind: StageKind
  description: string
  needs: readonly string[]
  inputs: readonly string[]
  outputs: readonly string[]
  settings: (cluster: ClusterInfo) => unknown
  tools: readonly string[]
  recorded?: string
  version: number
  gated: boolean
  gateWhen?: (ctx: StageContext<Record<string, unknown>>) => boolean
  reads: readonly string[]
  cached: boolean
  undoes: readonly string[]
  params: readonly string[]
  gateSummary?: (ctx: StageContext<Record<string, unknown>>) => string
  skipIf?: (ctx: StageContext<Record<string, unknown>>) => string | undefined
  refuseIf?: (ctx: RefuseContext) => Refusal | undefined
  commands?: (ctx: StageContext<Record<string, unknown>>) => Command[] | StageFailure
  run?: (ctx: RunContext<Record<string, unknown>>, results: CommandResult[]) => unknown
  report?: (result: unknown) => StageReport
  show?: boolean
  at?: Location
}

export interface TargetSpec<S extends string, P = AnyParams> {
  description: string
  /** Heading it is listed under in `tasks help`. */
  group?: string
  /** The stages it runs; their needs run first. Empty for targets handled by the CLI itself. */
  stages: readonly S[]
  /** Params its stages read (checked against the graph's params type). */
  params?: Partial<P>
  /**
   * The stage that says a cluster is healthy after this target changed it: in a rollout (--waves)
   * it runs after each cluster's stages, and the next wave waits for it to pass.
   */
  healthCheck?: S
}

export interface Target {
  name: string
  description: string
  group: string
  stages: readonly string[]
  params: Record<string, unknown>
  healthCheck?: string
  at?: Location
}

export interface Graph {
  stages: ReadonlyMap<string, Stage>
  targets: ReadonlyMap<string, Target>
  /** Names defined more than once (the first definition wins); reported by checkGraph. */
  duplicates: readonly { name: string; at?: Location }[]
}

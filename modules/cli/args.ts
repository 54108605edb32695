// Command-line parsing into a plain options value; problems come back as failures with a
// did-you-mean, never as exceptions.
import type { Failure } from '../diag/mod.ts'
import { parseShard, type Shard } from '../config/shard.ts'
import { parseWaves } from '../rollout/waves.ts'

export const RENDERERS = ['default', 'simple', 'verbose', 'silent'] as const
export type Renderer = (typeof RENDERERS)[number]
export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const
export type GraphFormat = (typeof GRAPH_FORMATS)[number]

export interface CliOptions {
  /** Positional words: targets, or a command (help, graph, explain) and its target. */
  words: string[]
  clusters: string[]
  dryRun: boolean
  /** true for a bare --force, else the stages named with --force=STAGE. */
  force: boolean | string[]
  offline: boolean
  yes: boolean
  json: boolean
  keepGoing: boolean
  /** Run terraform and kops from the sandbox simulators. */
  sandbox: boolean
  /** Teardown of clusters marked `protected: true`. */
  allowProtected: boolean
  /** --allow-replace GLOB: protected resources (by address) a plan may replace or delete. */
  allowReplace: string[]
  /** plan --save DIR: keep each cluster's plan, its JSON and fingerprint under DIR/<cluster>/. */
  save?: string
  /** apply --plan DIR: apply the plans saved there, without planning again. */
  planDir?: string
  /** --all: every cluster. */
  all: boolean
  /** --changed: the clusters whose inputs changed in git since `since` (default HEAD). */
  changed: boolean
  since?: string
  /** --shard I/N: only the selected clusters that shard I of N owns (config/shard.ts). */
  shard?: Shard
  /** --no-remote-cache: neither read nor write the remote cache (cache.remote) in this run. */
  noRemoteCache: boolean
  /** --lock-timeout D: how long terraform waits for a state lock held by another run. */
  lockTimeout?: string
  /** --validate-timeout D: how long `kops validate cluster --wait` waits for health after an apply. */
  validateTimeout?: string
  /** init with a changed backend: copy the state over (--migrate-state) or take the new one as it is (--reconfigure). */
  migrateState: boolean
  reconfigure: boolean
  /** validate --staged: check what git's index holds, for the clusters staged files touch. */
  staged: boolean
  /** validate --manifest FILE: kOps manifest files to check as they are. */
  manifests: string[]
  /** --waves SPEC: roll out in waves (`1,25%,rest`), each validated healthy before the next starts. */
  waves?: string
  /** --max-per-account N: at most N clusters of one AWS account in flight at once. */
  maxPerAccount?: number
  /** --summary-md FILE: the run summary as Markdown. */
  summaryMd?: string
  /** Words after `--`, passed to the target (kops-cmd, force-unlock). */
  passthrough: string[]
  concurrency?: number
  renderer?: Renderer
  /** render-template: the template file and the `terraform output -json` document. */
  template?: string
  values?: string
  format: GraphFormat
  debug: boolean
  help: boolean
  /** --version: print the version of tasks and run nothing. */
  version: boolean
  /** -C DIR / --dir DIR: run as if started in DIR (relative to the working directory). */
  dir?: string
  /** new-cluster --from CLUSTER: the cluster the new one is copied from. */
  from?: string
}

type Flag = keyof Pick<CliOptions, 'dryRun' | 'offline' | 'yes' | 'json' | 'keepGoing' | 'sandbox' | 'allowProtected' | 'all' | 'changed' | 'staged' | 'debug' | 'help' | 'version' | 'migrateState' | 'reconfigure' | 'noRemoteCache'>
const FLAGS: Record<string, Flag> = {
  '--dry-run': 'dryRun',
  '--offline': 'offline',
  '--no-remote-cache': 'noRemoteCache',
  '--yes': 'yes',
  '-y': 'yes',
  '--json': 'json',
  '--keep-going': 'keepGoing',
  '--sandbox': 'sandbox',
  '--allow-protected': 'allowProtected',
  '--all': 'all',
  '--changed': 'changed',
  '--staged': 'staged',
  '--debug': 'debug',
  '--migrate-state': 'migrateState',
  '--reconfigure': 'reconfigure',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
}
const VALUED = ['--waves', '--max-per-account', '--allow-replace', '--save', '--plan', '--cluster', '--concurrency', '--renderer', '--format', '--template', '--values', '--since', '--shard', '--summary-md', '--manifest', '--lock-timeout', '--validate-timeout', '-C', '--dir', '--from']
export const KNOWN_OPTIONS = [...Object.keys(FLAGS), ...VALUED, '--force']

function applyValue(o: CliOptions, name: string, value: string): Failure | undefined {
  switch (name) {
    case '--cluster':
      o.clusters.push(...value.split(',').map((s) => s.trim()).filter(Boolean))
      return undefined
    case '--concurrency':
    case '--max-per-account': {
      const n = Number(value)
      if (!Number.isInteger(n) || n < 1) return { reason: 'bad-option-value', option: name, value, expected: 'a whole number of at least 1' }
      o[name === '--concurrency' ? 'concurrency' : 'maxPerAccount'] = n
      return undefined
    }
    case '--waves': {
      const parsed = parseWaves(value)
      if (!parsed.ok) return parsed.failure
      o.waves = value
      return undefined
    }
    case '--shard': {
      const parsed = parseShard(value, name)
      if (!parsed.ok) return parsed.failure
      o.shard = parsed.shard
      return undefined
    }
    case '--summary-md':
      o.summaryMd = value
      return undefined
    case '--lock-timeout':
    case '--validate-timeout':
      // Go's time.ParseDuration syntax, as terraform and kops read it.
      if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return { reason: 'bad-option-value', option: name, value, expected: 'a duration such as 30s or 5m' }
      o[name === '--lock-timeout' ? 'lockTimeout' : 'validateTimeout'] = value
      return undefined
    case '--manifest':
      o.manifests.push(value)
      return undefined
    case '--allow-replace':
      o.allowReplace.push(value)
      return undefined
    case '--save':
      o.save = value
      return undefined
    case '--plan':
      o.planDir = value
      return undefined
    case '--since':
      o.since = value
      o.changed = true
      return undefined
    case '-C':
    case '--dir':
      o.dir = value
      return undefined
    case '--from':
      o.from = value
      return undefined
    case '--template':
    case '--values':
      o[name === '--template' ? 'template' : 'values'] = value
      return undefined
    case '--renderer':
      if (!(RENDERERS as readonly string[]).includes(value)) return { reason: 'bad-option-value', option: name, value, expected: RENDERERS.join(', ') }
      o.renderer = value as Renderer
      return undefined
    default:
      if (!(GRAPH_FORMATS as readonly string[]).includes(value)) return { reason: 'bad-option-value', option: name, value, expected: GRAPH_FORMATS.join(', ') }
      o.format = value as GraphFormat
      return undefined
  }
}

export function parseArgs(argv: readonly string[]): { ok: true; options: CliOptions } | { ok: false; failures: Failure[] } {
  const o: CliOptions = { words: [], clusters: [], dryRun: false, force: false, offline: false, noRemoteCache: false, yes: false, json: false, keepGoing: false, sandbox: false, allowProtected: false, allowReplace: [], migrateState: false, reconfigure: false, all: false, changed: false, staged: false, manifests: [], passthrough: [], format: 'mermaid', debug: false, help: false, version: false }
  const failures: Failure[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      o.passthrough = argv.slice(i + 1)
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.words.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined
    if (name === '--force') {
      if (inline === undefined) o.force = true
      else if (o.force !== true) o.force = [...(o.force || []), ...inline.split(',').filter(Boolean)]
    } else if (FLAGS[name]) {
      if (inline === undefined) o[FLAGS[name]] = true
      else failures.push({ reason: 'bad-option-value', option: name, value: inline, expected: 'no value' })
    } else if (VALUED.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined || (inline === undefined && value.startsWith('-'))) {
        failures.push({ reason: 'missing-value', option: name === '-C' ? '--dir' : name })
        continue
      }
      const problem = applyValue(o, name, value)
      if (problem) failures.push(problem)
    } else {
      failures.push({ reason: 'unknown-option', option: name, known: KNOWN_OPTIONS })
    }
  }
  return failures.length ? { ok: false, failures } : { ok: true, options: o }
}

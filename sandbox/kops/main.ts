// The sandbox's kops: finds the subcommand among argv's words (flags may come anywhere, as with
// cobra), parses the global and command flags, runs the command, and turns a returned error into
// `Error: <msg>` on stderr and exit 1 (cli-contracts.md PART 2; see sandbox/README.md).
import type { SimIo } from '../common/io.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { parseArgs, words } from './flags.ts'
import { type FlagSpec } from './types.ts'
import { replaceCommand } from './cmd-replace.ts'
import { createSecretSshPublicKeyCommand, createSshPublicKeyCommand } from './cmd-create.ts'
import { updateClusterCommand } from './cmd-update.ts'
import { rollingUpdateCommand } from './cmd-rolling.ts'
import { deleteClusterCommand, deleteSshPublicKeyCommand } from './cmd-delete.ts'
import { getAllCommand, getClustersCommand, getInstanceGroupsCommand } from './cmd-get.ts'
import { validateClusterCommand } from './cmd-validate.ts'
import { exportKubeconfigCommand } from './cmd-export.ts'
import { versionCommand } from './cmd-version.ts'

/** Every simulated subcommand. */
export const COMMANDS: CommandDef[] = [
  replaceCommand,
  createSshPublicKeyCommand,
  createSecretSshPublicKeyCommand,
  updateClusterCommand,
  rollingUpdateCommand,
  deleteClusterCommand,
  deleteSshPublicKeyCommand,
  getAllCommand,
  getClustersCommand,
  getInstanceGroupsCommand,
  validateClusterCommand,
  exportKubeconfigCommand,
  versionCommand,
]

const KLOG_BOOLS = ['add_dir_header', 'alsologtostderr', 'logtostderr', 'one_output', 'skip_headers', 'skip_log_headers']
const KLOG_STRINGS = ['log_backtrace_at', 'log_dir', 'log_file', 'log_file_max_size', 'stderrthreshold', 'vmodule']

/** kops's global flags (klog's are hidden but accepted). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'state', kind: 'string' },
  { name: 'name', kind: 'string' },
  { name: 'config', kind: 'string' },
  { name: 'v', short: 'v', kind: 'int' },
  { name: 'help', short: 'h', kind: 'bool' },
  ...KLOG_BOOLS.map((name): FlagSpec => ({ name, kind: 'bool' })),
  ...KLOG_STRINGS.map((name): FlagSpec => ({ name, kind: 'string' })),
]

const GROUPS = ['create', 'update', 'rolling-update', 'delete', 'get', 'validate', 'export', 'toolbox', 'create secret']

// The command whose words start the word list (an alias may stand for the last word).
function find(list: string[]): { command: CommandDef; length: number } | undefined {
  for (const command of COMMANDS) {
    const n = command.path.length
    const head = list.slice(0, n)
    const last = head[n - 1]
    if (head.length === n && head.slice(0, -1).every((w, i) => w === command.path[i]) && (last === command.path[n - 1] || command.aliases?.includes(last))) {
      return { command, length: n }
    }
  }
  return undefined
}

function usage(prefix: string): string {
  const subs = COMMANDS.filter((c) => `kops ${c.path.join(' ')}`.startsWith(prefix === 'kops' ? 'kops ' : `${prefix} `))
  const lines = subs.map((c) => `  ${c.path.join(' ').padEnd(30)}${c.short}`)
  return [
    'kOps is Kubernetes Operations (sandbox simulator).',
    '',
    'Usage:',
    `  ${prefix} [command]`,
    '',
    'Available Commands:',
    ...lines,
    '',
    'Flags:',
    '      --name string    Name of cluster. Overrides KOPS_CLUSTER_NAME environment variable',
    "      --state string   Location of state storage (kops 'config' file). Overrides KOPS_STATE_STORE environment variable",
    '',
  ].join('\n')
}

// No command matched: a group alone prints its help; anything else is cobra's unknown-command error.
function unmatched(io: SimIo, list: string[]): number {
  if (list.length === 0) {
    io.stdout(usage('kops'))
    return 0
  }
  const group = GROUPS.includes(`${list[0]} ${list[1]}`) ? 2 : GROUPS.includes(list[0] ?? '') ? 1 : 0
  if (list.length === group) {
    io.stdout(usage(['kops', ...list].join(' ')))
    return 0
  }
  const parent = ['kops', ...list.slice(0, group)].join(' ')
  io.stderr(`Error: unknown command "${list[group]}" for "${parent}"\nRun '${parent} --help' for usage.\n`)
  return 1
}

async function dispatch(io: SimIo): Promise<number> {
  const all = [...GLOBAL_FLAGS, ...COMMANDS.flatMap((c) => c.flags)]
  const list = words(io.argv, all)
  const found = find(list)
  if (!found) return unmatched(io, list)
  const parsed = parseArgs(io.argv, [...GLOBAL_FLAGS, ...found.command.flags])
  if (parsed.values.get('help')?.includes('true')) {
    io.stdout(usage(`kops ${found.command.path.join(' ')}`))
    return 0
  }
  const ctx: Ctx = { io, parsed, args: parsed.args.slice(found.length) }
  return found.command.run(ctx)
}

/** Runs one kops invocation; the exit code. */
export async function main(io: SimIo): Promise<number> {
  try {
    return await dispatch(io)
  } catch (e) {
    if (!(e instanceof KopsError)) throw e
    io.stderr(`Error: ${e.message}\n`)
    return 1
  }
}

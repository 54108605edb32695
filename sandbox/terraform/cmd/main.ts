// The sandbox `terraform`: global option handling as Terraform's main.go does it (-chdir=DIR
// before the subcommand, -v/-version/--version anywhere meaning `version`, -help, TF_CLI_ARGS and
// TF_CLI_ARGS_<cmd>), then dispatch to the simulated subcommands. Expected failures (TfError)
// print as diagnostics and exit 1; anything else is reported as an internal simulator error.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { memoryIo, type SimIo } from '../../common/io.ts'
import { applyCommand } from './cmd-apply.ts'
import { fmtCommand } from './cmd-fmt.ts'
import { initCommand } from './cmd-init.ts'
import { outputCommand } from './cmd-output.ts'
import { planCommand } from './cmd-plan.ts'
import { showCommand } from './cmd-show.ts'
import { forceUnlockCommand, validateCommand, versionCommand } from './cmd-small.ts'
import { makeCtx } from '../state/context.ts'
import { commandArgs } from './flags.ts'
import { invoke, type Command } from './invoke.ts'

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  init: { run: initCommand, summary: 'Prepare your working directory for other commands' },
  validate: { run: validateCommand, summary: 'Check whether the configuration is valid' },
  plan: { run: planCommand, summary: 'Show changes required by the current configuration' },
  apply: { run: (c, a) => applyCommand(c, a, false), summary: 'Create or update infrastructure' },
  destroy: { run: (c, a) => applyCommand(c, a, true), summary: 'Destroy previously-created infrastructure' },
  fmt: { run: fmtCommand, summary: 'Reformat your configuration in the standard style' },
  'force-unlock': { run: forceUnlockCommand, summary: 'Release a stuck lock on the current workspace' },
  output: { run: outputCommand, summary: 'Show output values from your root module' },
  show: { run: showCommand, summary: 'Show the current state or a saved plan' },
  version: { run: versionCommand, summary: 'Show the current Terraform version' },
}

const NOT_SIMULATED = ['console', 'get', 'graph', 'import', 'login', 'logout', 'metadata', 'modules', 'providers', 'refresh', 'state', 'taint', 'test', 'untaint', 'workspace']

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(14)}${c.summary}`)
  return `Usage: terraform [global options] <subcommand> [args]\n\nThe sandbox terraform simulator (see sandbox/README.md).\n\nCommands:\n${lines.join('\n')}\n\nGlobal options (use these before the subcommand, if any):\n  -chdir=DIR    Switch to a different working directory before executing the\n                given subcommand.\n  -help         Show this help output, or the help for a specified subcommand.\n  -version      An alias for the "version" subcommand.\n`
}

/** Splits off `-chdir=DIR` (before the subcommand), as main.go's extractChdirOption. */
function extractChdir(args: string[]): { dir?: string; args: string[] } | 'invalid' {
  let at = -1
  for (let i = 0; i < args.length && args[i].startsWith('-'); i++) {
    if (args[i] === '-chdir' || args[i] === '-chdir=') return 'invalid'
    if (args[i].startsWith('-chdir=')) at = i
  }
  if (at < 0) return { args }
  return { dir: args[at].slice(7), args: [...args.slice(0, at), ...args.slice(at + 1)] }
}

/** The simulator's entry point: runs one terraform invocation and returns its exit code. */
export async function main(io: SimIo): Promise<number> {
  const chdir = extractChdir([...io.argv])
  if (chdir === 'invalid') {
    io.stderr('Invalid -chdir option: must include an equals sign followed by a directory path, like -chdir=example\n')
    return 1
  }
  const dir = resolve(io.cwd, chdir.dir ?? '.')
  if (chdir.dir !== undefined && (!existsSync(dir) || !statSync(dir).isDirectory())) {
    io.stderr(`Error handling -chdir option: chdir ${chdir.dir}: no such file or directory\n`)
    return 1
  }
  let args = chdir.args
  if (args.some((a) => a === '-v' || a === '-version' || a === '--version')) args = ['version', ...args]
  const at = args.findIndex((a) => !a.startsWith('-'))
  const before = at < 0 ? args : args.slice(0, at)
  const help = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length).some((a) => ['-h', '-help', '--help'].includes(a))
  if (at < 0) {
    io[help ? 'stdout' : 'stderr'](usage())
    return help ? 0 : 127
  }
  const cmd = args[at]
  if (before.length && !help) {
    io.stderr(`Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\n${usage()}`)
    return 1
  }
  return dispatch(io, dir, cmd, commandArgs(io.env, cmd, args.slice(at + 1)), help)
}

async function dispatch(io: SimIo, dir: string, cmd: string, rest: string[], help: boolean): Promise<number> {
  const command = COMMANDS[cmd]
  if (!command) {
    if (NOT_SIMULATED.includes(cmd)) io.stderr(`The sandbox terraform does not simulate the "${cmd}" command.\n`)
    else io.stderr(`Terraform has no command named "${cmd}".\n\nTo see all of Terraform's top-level commands, run:\n  terraform -help\n\n`)
    return 1
  }
  if (help) {
    io.stdout(`Usage: terraform [global options] ${cmd} [options]\n\n  ${command.summary}.\n\n  Options and behaviour follow Terraform ${cmd}; see sandbox/README.md for what the simulator supports.\n`)
    return 0
  }
  return invoke(makeCtx(io, dir), command.run, rest)
}

/** What one in-process invocation did (see runTerraform). */
export interface TerraformRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `terraform ARGV` in-process (tests, benchmarks) with exactly `env`; no fault injection. */
export async function runTerraform(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<TerraformRun> {
  const io = memoryIo(argv, cwd, env)
  const code = await main(io)
  return { code, stdout: io.out.join(''), stderr: io.err.join('') }
}

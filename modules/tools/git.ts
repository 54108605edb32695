// git, for the commands that ask it which files changed or are staged, and where hooks live. Run
// through the tool port like every process; read-only, so it never takes git's optional locks.
import type { ToolRunner } from '../exec/ports.ts'
import type { Command, CommandResult } from '../graph/mod.ts'

/** `git ARGS` in `root`. */
export const gitCommand = (root: string, args: string[]): Command => ({ tool: 'git', args, cwd: root, env: { GIT_OPTIONAL_LOCKS: '0' } })

/** Runs `git ARGS` in `root` with its output collected, not streamed. */
export const runGit = (tools: ToolRunner, root: string, args: string[]): Promise<CommandResult> =>
  tools.run(gitCommand(root, args), { onOutput: () => {}, signal: new AbortController().signal })

/** The first line git said on stderr, or its exit code. */
export const gitError = (r: CommandResult): string => r.stderr.trim().split('\n')[0] || `git exited with code ${r.exitCode}`

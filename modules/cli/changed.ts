// --changed: the files that differ from a git revision (committed since, staged, unstaged and
// untracked), relative to the project root. Git runs through the tool port like every process.
import type { Failure } from '../diag/mod.ts'
import type { ToolRunner } from '../exec/mod.ts'
import type { Command } from '../graph/mod.ts'
import { gitCommand as git, gitError } from '../tools/git.ts'

/** The git commands --changed runs: what differs from REF (index and work tree), and new files. */
export const changedCommands = (root: string, since: string): Command[] => [
  git(root, ['diff', '--name-only', '--relative', since, '--']),
  git(root, ['ls-files', '--others', '--exclude-standard']),
]

export async function changedFiles(tools: ToolRunner, root: string, since: string): Promise<{ ok: true; files: string[] } | { ok: false; failure: Failure }> {
  const files = new Set<string>()
  for (const cmd of changedCommands(root, since)) {
    const r = await tools.run(cmd, { onOutput: () => {}, signal: new AbortController().signal })
    if (r.exitCode !== 0) return { ok: false, failure: { reason: 'git-failed', since, detail: gitError(r) } }
    for (const line of r.stdout.split('\n')) if (line.trim()) files.add(line.trim())
  }
  return { ok: true, files: [...files].sort() }
}

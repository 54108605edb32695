// `tasks hooks install`: a git pre-commit hook that runs `tasks validate --staged`. A hook that
// tasks did not write is never replaced without --force.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import type { Failure } from '../diag/mod.ts'
import type { ToolRunner } from '../exec/ports.ts'
import { gitError, runGit } from '../tools/git.ts'
import { shellQuote } from './shell-quote.ts'

/** The line that marks a hook as ours, so reinstalling it needs no --force. */
export const HOOK_MARK = '# tasks-hook: pre-commit'

/**
 * The hook script. It runs from the top of the work tree; `bin` (relative to the project root)
 * skips npx's start-up when the project holds the tasks bin itself. Both are quoted for sh: a
 * directory name is never run as shell code.
 */
export function hookScript(projectDir: string, bin?: string): string {
  const cd = projectDir === '' ? '' : `cd ${shellQuote(projectDir)} || exit 2\n`
  const direct = bin ? `if [ -f ${shellQuote(bin)} ]; then exec node ${shellQuote(bin)} validate --staged; fi\n` : ''
  return [
    '#!/bin/sh',
    HOOK_MARK,
    '# Installed by `npx tasks hooks install`: checks the staged cluster definitions (tasks validate',
    '# --staged) before each commit. Skip once with `git commit --no-verify`.',
    'cd "$(git rev-parse --show-toplevel)" || exit 2',
    `${cd}${direct}exec npx --no-install tasks validate --staged`,
    '',
  ].join('\n')
}

export async function installHook(
  root: string,
  tools: ToolRunner,
  o: { force: boolean; bin?: string },
): Promise<{ ok: true; text: string } | { ok: false; failures: Failure[] }> {
  const [hooks, top] = await Promise.all([
    runGit(tools, root, ['rev-parse', '--git-path', 'hooks']),
    runGit(tools, root, ['rev-parse', '--show-toplevel']),
  ])
  if (hooks.exitCode !== 0 || top.exitCode !== 0) {
    const detail = gitError(hooks.exitCode !== 0 ? hooks : top)
    return { ok: false, failures: [{ reason: 'git-needed', what: 'install the pre-commit hook', detail }] }
  }
  const dir = hooks.stdout.trim()
  const path = join(isAbsolute(dir) ? dir : join(root, dir), 'pre-commit')
  const existing = await readFile(path, 'utf8').catch(() => undefined)
  if (existing !== undefined && !existing.includes(HOOK_MARK) && !o.force) {
    return { ok: false, failures: [{ reason: 'foreign-hook', path: relative(root, path) }] }
  }
  const projectDir = relative(top.stdout.trim(), root)
  const bin = o.bin && !relative(root, o.bin).startsWith('..') ? relative(root, o.bin) : undefined
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, hookScript(projectDir, bin))
  await chmod(path, 0o755)
  const replaced = existing === undefined ? '' : existing.includes(HOOK_MARK) ? ' (updated)' : ' (replaced the previous hook, --force)'
  return { ok: true, text: `Installed the pre-commit hook ${relative(root, path)}${replaced}: each commit runs \`tasks validate --staged\`.\n` }
}

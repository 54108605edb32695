// Where validation reads files from: the working tree, or — for a pre-commit check — git's index,
// so what is validated is exactly what is about to be committed. Every text read is kept for the
// excerpts under the diagnostics.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ToolRunner } from '../exec/ports.ts'
import { gitError, runGit } from '../tools/git.ts'

export interface Source {
  /** A file's text by its path relative to the project root; undefined when absent. */
  read(path: string): Promise<string | undefined>
  /** A line (1-based) of a file read before, for excerpts. */
  line(path: string, n: number): string | undefined
  /** The file names in a directory (relative to the project root), sorted; none when it is absent. */
  list(dir: string): Promise<string[]>
}

type Loader = (path: string) => Promise<string | undefined>
type Lister = (dir: string) => string[]

/**
 * A source over a loader: each file is loaded once, however many clusters read it (the template,
 * shared files), and what was read stays at hand for the excerpts.
 */
function sourceOf(load: Loader, list: Lister): Source {
  const pending = new Map<string, Promise<string | undefined>>()
  const texts = new Map<string, string>()
  return {
    read(path) {
      let text = pending.get(path)
      if (!text) {
        text = load(path).then((t) => (t !== undefined && texts.set(path, t), t))
        pending.set(path, text)
      }
      return text
    },
    line: (path, n) => texts.get(path)?.split('\n')[n - 1],
    list: async (dir) => list(dir),
  }
}

/** A file of the working tree, or undefined. Small files are read synchronously: for a fleet's few
 * hundred files that is several times faster than a round trip through libuv's thread pool each. */
const fromDisk = (root: string): Loader => async (path) => {
  try {
    return readFileSync(join(root, path), 'utf8')
  } catch {
    return undefined
  }
}

/** A directory of the working tree, or nothing. */
const listDisk = (root: string): Lister => (dir) => {
  try {
    return readdirSync(join(root, dir)).sort()
  } catch {
    return []
  }
}

export const worktreeSource = (root: string): Source => sourceOf(fromDisk(root), listDisk(root))

/**
 * Git's index: a file whose working copy differs from the index is read with `git show :PATH`;
 * every other file is the same in both and is read from disk (one git call per file is too slow
 * for a fleet). Staged deletions read as absent.
 */
export async function stagedSource(root: string, tools: ToolRunner): Promise<{ ok: true; source: Source; staged: string[] } | { ok: false; detail: string }> {
  const lists = await Promise.all([
    runGit(tools, root, ['diff', '--name-only', '-z', '--relative']),
    runGit(tools, root, ['diff', '--cached', '--name-status', '-z', '--relative']),
  ])
  const failed = lists.find((r) => r.exitCode !== 0)
  if (failed) return { ok: false, detail: gitError(failed) }
  const unstaged = new Set(lists[0].stdout.split('\0').filter(Boolean))
  const { touched, deleted } = indexChanges(lists[1].stdout)
  const disk = fromDisk(root)
  const source = sourceOf(async (path) => {
    if (deleted.has(path)) return undefined
    if (!unstaged.has(path)) return disk(path)
    // `:./PATH` is relative to the project root, where git runs (`:PATH` is from the repository's top).
    const r = await runGit(tools, root, ['show', `:./${path}`])
    return r.exitCode === 0 ? r.stdout : undefined
  }, stagedList(listDisk(root), touched, deleted))
  return { ok: true, source, staged: [...touched].sort() }
}

/** A directory as the index has it: the working tree's names, plus staged files in it, minus staged deletions. */
function stagedList(disk: Lister, touched: Set<string>, deleted: Set<string>): Lister {
  return (dir) => {
    const prefix = `${dir.replace(/\/$/, '')}/`
    const staged = [...touched].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length))
    return [...new Set([...disk(dir), ...staged])].filter((name) => !deleted.has(prefix + name)).sort()
  }
}

/**
 * `git diff --cached --name-status -z`: STATUS NUL PATH NUL, with a second path after renames and
 * copies (R100 NUL OLD NUL NEW). Every path the staged change touches (deletions and a rename's
 * old path included: they select their cluster too; a copy's source is untouched), and those the
 * index no longer has.
 */
export function indexChanges(output: string): { touched: Set<string>; deleted: Set<string> } {
  const fields = output.split('\0')
  const touched = new Set<string>()
  const deleted = new Set<string>()
  for (let i = 0; i < fields.length && fields[i] !== ''; ) {
    const status = fields[i][0]
    const paths = status === 'R' || status === 'C' ? [fields[i + 1], fields[i + 2]] : [fields[i + 1]]
    // A copy leaves its source as it was: only the new path is touched.
    ;(status === 'C' ? paths.slice(1) : paths).forEach((p) => touched.add(p))
    if (status === 'D' || status === 'R') deleted.add(paths[0])
    i += 1 + paths.length
  }
  return { touched, deleted }
}

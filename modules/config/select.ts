// Which clusters a run is for: names, comma lists and globs (`prod-*`), --all, or the clusters whose
// inputs changed in git. Pure: the known names and the changed files come in as data.
import type { Failure } from '../diag/mod.ts'

export interface Selection {
  /** --cluster values, comma lists already split; may hold globs. */
  patterns: readonly string[]
  all: boolean
  /** Files changed in git (relative to the root), when --changed was given. */
  changed?: readonly string[]
  /** With no selection at all, take every cluster (doctor) rather than insisting on --cluster. */
  allWhenNone?: boolean
}

export type Selected = { ok: true; names: string[] } | { ok: false; failures: Failure[] }

const isGlob = (p: string): boolean => /[*?[]/.test(p)

/**
 * What a cluster name may be: a plain directory name (letters, digits, `.`, `_`, `-`, starting with
 * a letter or digit). Anything else — a path (`../../etc`), shell metacharacters (`a;rm -rf x`,
 * `$(id)`), spaces — is refused before any lookup, so a name never reaches the file system or a shell.
 */
export const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const PATTERN = /^[A-Za-z0-9*?[][A-Za-z0-9._*?[\]-]*$/

export const isClusterName = (name: string): boolean => CLUSTER_NAME.test(name) && name.length <= 253

/** A --cluster value: a name, or a glob made of name characters and `*`, `?`, `[...]`. */
export const isClusterPattern = (pattern: string): boolean => (isGlob(pattern) ? PATTERN.test(pattern) : isClusterName(pattern))

/** A glob as a regular expression (`*`, `?`, `[a-c]`); an unbalanced `[` matches itself. */
function globRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  try {
    return new RegExp(`^${body}$`)
  } catch {
    return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
  }
}

/** Paths whose change affects every cluster: the layers, the template and the graph. */
export const SHARED_INPUTS = ['1-prerequisites/', '2-kops/', 'tasks.ts', '.tasksrc.yaml', 'package.json']

/** The clusters a set of changed files touches: their own directory, or all of them for a shared file. */
export function changedClusters(changed: readonly string[], known: readonly string[], clustersDir: string): string[] {
  if (changed.some((f) => SHARED_INPUTS.some((s) => (s.endsWith('/') ? f.startsWith(s) : f === s)))) return [...known]
  const prefix = `${clustersDir.replace(/\/$/, '')}/`
  return known.filter((name) => changed.some((f) => f.startsWith(`${prefix}${name}/`)))
}

function byPatterns(patterns: readonly string[], known: readonly string[]): Selected {
  const names: string[] = []
  const failures: Failure[] = []
  for (const pattern of patterns) {
    if (!isClusterPattern(pattern)) failures.push({ reason: 'bad-cluster-name', name: pattern, known: [...known] })
    else if (isGlob(pattern)) {
      const hits = known.filter((n) => globRegExp(pattern).test(n))
      if (hits.length === 0) failures.push({ reason: 'no-match', pattern, known: [...known] })
      names.push(...hits)
    } else if (known.includes(pattern)) names.push(pattern)
    else failures.push({ reason: 'unknown-cluster', name: pattern, known: [...known] })
  }
  return failures.length ? { ok: false, failures } : { ok: true, names: [...new Set(names)] }
}

/**
 * The selected cluster names, in the order given (all: sorted), each once. Empty only with
 * --changed when no selected cluster changed; a name or glob that matches nothing is a failure.
 */
export function selectClusters(sel: Selection, known: readonly string[], clustersDir: string): Selected {
  if (known.length === 0) return { ok: false, failures: [{ reason: 'no-clusters', dir: clustersDir }] }
  if (sel.all || (sel.allWhenNone && sel.patterns.length === 0 && !sel.changed)) return { ok: true, names: [...known] }
  if (sel.changed) {
    const names = changedClusters(sel.changed, known, clustersDir)
    const within = sel.patterns.length ? byPatterns(sel.patterns, known) : { ok: true as const, names: [...known] }
    if (!within.ok) return within
    // None changed is no mistake but nothing to do: an empty selection the caller reports as such.
    return { ok: true, names: names.filter((n) => within.names.includes(n)) }
  }
  if (sel.patterns.length === 0) {
    if (known.length === 1) return { ok: true, names: [...known] }
    return { ok: false, failures: [{ reason: 'missing-option', option: '--cluster', hint: `name one of ${known.join(', ')} (globs like 'prod-*' work), or pass --all` }] }
  }
  return byPatterns(sel.patterns, known)
}

/** What a command was asked to select: its --cluster, --all, --changed and --since options. */
export interface SelectionAsked {
  clusters: readonly string[]
  all: boolean
  changed: boolean
  since?: string
}

/** The files changed in git since a revision (cli/changed.ts reads them through the tool port). */
export type ChangedFiles = (since: string) => Promise<{ ok: true; files: string[] } | { ok: false; failure: Failure }>

/**
 * The one cluster selection of every command (run, explain, doctor, validate): the names a
 * command's options select among the known ones. `staged` (validate --staged): the clusters the
 * staged files touch, only those named with --cluster if any. `allWhenNone`: see Selection.
 */
export async function selectAsked(
  asked: SelectionAsked,
  known: readonly string[],
  clustersDir: string,
  changedFiles: ChangedFiles,
  more: { allWhenNone?: boolean; staged?: readonly string[] } = {},
): Promise<Selected> {
  if (more.staged) {
    const touched = changedClusters(more.staged, known, clustersDir)
    return { ok: true, names: asked.clusters.length ? touched.filter((n) => asked.clusters.includes(n)) : touched }
  }
  let changed: string[] | undefined
  if (asked.changed) {
    const files = await changedFiles(asked.since ?? 'HEAD')
    if (!files.ok) return { ok: false, failures: [files.failure] }
    changed = files.files
  }
  return selectClusters({ patterns: asked.clusters, all: asked.all, changed, allWhenNone: more.allWhenNone }, known, clustersDir)
}

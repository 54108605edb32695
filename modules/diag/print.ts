// The one printer of failures: an exhaustive switch from a failure value to the text a user reads.
// Wording follows "what failed, the current state, what to do".
import { basename } from 'node:path'
import type { Failure, Location } from './failure.ts'
import { identityUnavailableText, noCredentialsText, wrongAccountText } from './identity-text.ts'
import { didYouMean } from './suggest.ts'

/** Reads line `line` (1-based) of `file`, for the excerpt under a located message. */
export type LineReader = (file: string, line: number) => string | undefined

const list = (names: readonly string[]): string => (names.length ? names.join(', ') : '(none)')

/** `file:line:column` as editors and terminals link it. */
export const formatLocation = (at: Location): string => `${at.file}:${at.line}:${at.column}`

/**
 * User text made safe for a terminal: control characters (ESC, BEL, CR, DEL, C1, bidirectional
 * overrides) shown escaped (`\x1b`, `\u202e`), so a quoted value cannot retitle the window, clear
 * the screen or reorder what is read. Newlines (between a message and its hint) and tabs stay.
 */
export const printable = (text: string): string =>
  text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })

/** The most of a source line an excerpt quotes (a 60 MB line is not shown whole). */
export const EXCERPT_WIDTH = 200

/**
 * The offending line and a caret under its column, indented by two spaces. A line longer than
 * EXCERPT_WIDTH is cut to that many characters around the column (`…` where cut); control
 * characters are shown escaped.
 */
export function excerpt(at: Location, source: string | undefined): string {
  if (source === undefined) return ''
  // A CRLF file's lines keep their CR: it is the line's end, not a character to show.
  if (source.endsWith('\r')) source = source.slice(0, -1)
  const col = Math.max(0, at.column - 1)
  const start = source.length <= EXCERPT_WIDTH ? 0 : Math.max(0, Math.min(col - EXCERPT_WIDTH / 2, source.length - EXCERPT_WIDTH))
  const end = start + EXCERPT_WIDTH
  const before = `${start > 0 ? '…' : ''}${printable(source.slice(start, col))}`
  const after = `${printable(source.slice(col, end))}${end < source.length ? '…' : ''}`
  return `\n  ${before}${after}\n  ${' '.repeat(before.length)}^`
}

/** `file:line:col message`, the excerpt, then any further lines (the hint). */
function located(at: Location | undefined, message: string, read?: LineReader): string {
  if (at === undefined) return message
  const [first, ...rest] = message.split('\n')
  return [`${formatLocation(at)} ${first}${excerpt(at, read?.(at.file, at.line))}`, ...rest].join('\n')
}

/**
 * One failure as text: a message line, an optional excerpt, then a `hint:` line. Whatever user
 * input it quotes (a key, a value, a name) is shown printable.
 */
export function formatFailure(f: Failure, read?: LineReader): string {
  return printable(failureText(f, read))
}

function failureText(f: Failure, read?: LineReader): string {
  switch (f.reason) {
    case 'unknown-target':
      return `Unknown target "${f.name}"${didYouMean(f.name, f.known)}.\nhint: run "tasks help" to list the targets.`
    case 'unknown-option':
      return `Unknown option "${f.option}"${didYouMean(f.option, f.known)}.\nhint: run "tasks help" to list the options.`
    case 'bad-option-value':
      return `Option ${f.option} does not accept "${f.value}": expected ${f.expected}.`
    case 'missing-value':
      return `Option ${f.option} needs a value: ${f.option} ${f.option.replace(/^--/, '').toUpperCase().replaceAll('-', '_')}.`
    case 'missing-option':
      return `Option ${f.option} is required here.\nhint: ${f.hint}`
    case 'unknown-cluster':
      return `Cannot find cluster "${f.name}": known clusters are ${list(f.known)}${didYouMean(f.name, f.known)}.`
    case 'bad-cluster-name':
      return `Refusing cluster name ${JSON.stringify(f.name)}: cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).\nhint: known clusters are ${list(f.known)}.`
    case 'unknown-force':
      return `--force=${f.stage} names no stage${didYouMean(f.stage, f.known)}.\nhint: --force takes stage names (tasks help <target> lists them): ${list(f.known)}.`
    case 'no-match':
      return f.pattern === '--changed'
        ? `No cluster has changed inputs (--changed); known clusters are ${list(f.known)}.\nhint: --since REF compares with another commit.`
        : `--cluster '${f.pattern}' matches no cluster; known clusters are ${list(f.known)}.`
    case 'locked':
      return `Cluster "${f.cluster}" is busy: another tasks run (pid ${f.holder.pid} on ${f.holder.host}, "${f.holder.target}", since ${f.holder.startedAt}) holds its lock.\nhint: wait for it to finish; if it is gone from another machine, delete ${f.path}.`
    case 'git-failed':
      return `Cannot tell which clusters changed since ${f.since}: ${f.detail}.\nhint: --changed needs a git checkout; --since takes a commit, branch or tag.`
    case 'no-clusters':
      return `No clusters found in ${f.dir}.\nhint: create ${f.dir}/<name>/cluster.yaml.`
    case 'unknown-need':
      return located(
        f.at,
        `stage "${f.stage}" ${f.field ?? 'needs'} "${f.need}", which is not a stage${didYouMean(f.need, f.known)}.\nhint: stages are ${list(f.known)}.`,
        read,
      )
    case 'unknown-stage':
      return located(
        f.at,
        `target "${f.target}" runs "${f.stage}", which is not a stage${didYouMean(f.stage, f.known)}.\nhint: stages are ${list(f.known)}.`,
        read,
      )
    case 'duplicate-name':
      return located(f.at, `"${f.name}" is defined twice.\nhint: stage and target names must be unique.`, read)
    case 'cycle':
      return located(
        f.at,
        `stages depend on each other in a cycle: ${f.path.join(' → ')}.\nhint: remove one of these needs.`,
        read,
      )
    case 'no-project':
      return `No tasks project found from ${f.cwd}: no tasks.ts, .tasksrc.yaml or package.json "tasks" key in it or any parent directory.\nhint: run tasks inside the repository.`
    case 'bad-graph-module':
      if (f.at) return located(f.at, `${basename(f.file)} failed to load: ${f.detail}\nhint: fix it, then run again (--debug shows the whole error).`, read)
      return `${f.file} does not export a task graph: ${f.detail}.\nhint: end tasks.ts with "export default graph.build()".`
    case 'bad-config':
      return `${formatLocation(f.at)} ${f.detail}${excerpt(f.at, f.source)}${f.hint ? `\nhint: ${f.hint}` : ''}`
    case 'unreadable':
      return `Cannot read the ${f.what} ${f.path}: ${f.detail}.\nhint: ${f.hint}`
    case 'missing-file':
      return `Cannot read the ${f.what} ${f.path}: no such file.`
    case 'bad-values':
      return `${f.path} is not a \`terraform output -json\` document: ${f.detail}.\nhint: create it with: terraform output -json > ${f.path}`
    case 'template-error':
      return `${formatLocation(f.at)} ${f.detail}${excerpt(f.at, f.source)}\nhint: the line is the template's own; render it alone with "tasks render-template --values FILE".`
    case 'offline-no-record':
      return `Cannot serve stage "${f.stage}" of cluster "${f.cluster}" offline: it has no recorded result yet.\nhint: run once without --offline.`
    case 'refused': {
      const what = f.stages.map((s) => `"${s}"`).join(', ')
      const where = f.clusters.length === 1 ? `cluster "${f.clusters[0]}"` : `clusters ${f.clusters.join(', ')}`
      const hint = f.changes.length ? `\n${f.changes.join('\n')}\nhint: review these changes, then rerun with --yes (or answer the question on a terminal).` : ''
      return `Refused to run ${what} on ${where}: ${f.detail}.${hint}`
    }
    case 'git-needed':
      return `Cannot ${f.what}: ${f.detail}.\nhint: run it inside a git checkout of the project.`
    case 'foreign-hook':
      return `${f.path} exists and was not written by tasks: left as it is.\nhint: call \`npx tasks validate --staged\` from it yourself, or replace it with \`npx tasks hooks install --force\`.`
    case 'tool-requirement':
      return `Cluster "${f.cluster}" cannot use ${f.tool}: ${f.detail}${f.setting ? ` (${f.setting} in its cluster.yaml)` : ''}.\nhint: ${f.hint}`
    case 'wrong-account':
      return wrongAccountText(f)
    case 'no-credentials':
      return noCredentialsText(f)
    case 'identity-unavailable':
      return identityUnavailableText(f)
    case 'bad-cluster-settings': {
      const all = f.more ? `\`npx tasks validate --cluster ${f.cluster}\` lists ${f.more === 1 ? 'both' : `all ${f.more + 1}`} problems of this file` : ''
      const hint = [f.hint, all].filter(Boolean).join('; ')
      return `${formatLocation(f.at)} ${f.detail}${excerpt(f.at, f.source)}${hint ? `\nhint: ${hint}.` : ''}`
    }
    case 'bad-new-cluster-name':
      return `Refusing new cluster name ${JSON.stringify(f.name)}: it becomes a directory name, made of letters, digits, ".", "_" and "-", starting with a letter or digit (at most 253 characters).\nhint: for example: tasks new-cluster demo-b --from demo.`
    case 'new-cluster-not-dns':
      return `Refusing new cluster name ${JSON.stringify(f.name)}: it becomes the first label of the cluster's DNS name and part of its S3 bucket names, so it takes lowercase letters, digits and "-" (at most 63 characters, starting and ending with a letter or digit).\nhint: ${f.suggestion ? `for example "${f.suggestion}".` : 'for example: tasks new-cluster demo-b --from demo.'}`
    case 'cluster-exists':
      return `Cannot create cluster "${f.name}": ${f.dir} already exists, and new-cluster never overwrites.\nhint: choose another name, or remove ${f.dir} first if it is left over.`
    case 'scaffold-conflict':
      return `Cannot create cluster "${f.name}" from ${f.from}: its ${f.what} ${f.value} would be ${f.other}'s too (${f.file}), and two clusters must never share one.\nhint: choose another name: new-cluster derives the cluster name and the Terraform state keys from it.`
    case 'stage-failed':
      return f.detail
    case 'stage-refused':
      return [f.detail, ...f.lines.map((l) => `  ${l}`), `hint: ${f.hint}`].join('\n')
    case 'run-live':
      return `Run ${f.run} (tasks ${f.target}) has not finished: it is still running (pid ${f.pid} on ${f.host}).\nhint: wait for it to end, or stop it (Ctrl-C in its terminal, or kill -INT ${f.pid}); then tasks resume carries it on.`
    case 'bad-dir':
      return `Cannot run in ${f.path} (-C/--dir): ${f.problem === 'missing' ? 'no such directory' : 'it is a file, not a directory'} (${f.resolved}).\nhint: -C DIR takes a directory, relative to the one tasks starts in.`
  }
}

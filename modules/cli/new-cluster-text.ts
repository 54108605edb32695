// What `tasks new-cluster` prints: what it made and changed (old → new), what the user must still
// review, then the next commands. Pure: the scaffold's facts in, text out.
import type { Change } from '../config/scaffold.ts'
import type { Review } from '../config/scaffold-review.ts'

export interface Made {
  name: string
  from: string
  /** Where the new and source clusters are, as shown (relative to the working directory). */
  dir: string
  fromDir: string
  changes: Change[]
  /** The kOps state store, old → new, when the mock outputs derived it. */
  stateStore?: Change
  copied: string[]
  /** Files the settings point at that the source directory lacks. */
  missing: string[]
  /** Whether outputs.mock.json was written. */
  mock: boolean
  /** Generated files of the source, left for the new cluster's first run. */
  generated: string[]
  /** Other files of the source directory that nothing points at. */
  left: string[]
  review: Review
  sandbox: boolean
  /** Extra flags for the next commands (`--sandbox`). */
  flags: string
}

const WIDTH = 100

/** `label` then the items, wrapped at WIDTH with continuation lines under the first item. */
function wrapped(label: string, items: readonly string[]): string[] {
  const lines = [label]
  for (const item of items) {
    const last = lines[lines.length - 1]
    const sep = last === label ? '' : ', '
    if (last !== label && last.length + sep.length + item.length + 1 > WIDTH) {
      lines[lines.length - 1] = `${last},`
      lines.push(`${' '.repeat(label.length)}${item}`)
    } else lines[lines.length - 1] = `${last}${sep}${item}`
  }
  return lines
}

function changeLines(made: Made): string[] {
  const rows = [...made.changes.map((c) => [c.path, c.from, c.to]), ...(made.stateStore ? [['kOps state store', `s3://${made.stateStore.from}`, `s3://${made.stateStore.to}`]] : [])]
  const width = Math.max(...rows.map((r) => r[0].length))
  return rows.map(([path, from, to]) => `  ${path.padEnd(width)}  ${from} → ${to}`)
}

function fileLines(made: Made): string[] {
  const { name, from } = made
  return [
    ...(made.copied.length ? [`Copied:     ${made.copied.join(', ')} from ${from} (shared with ${from} until you replace ${made.copied.length > 1 ? 'them' : 'it'} with ${name}'s own)`] : []),
    ...(made.missing.length ? [`Missing:    ${made.missing.join(', ')}: ${from} has none to copy; put ${name}'s own in ${made.dir}/`] : []),
    made.mock
      ? `Wrote:      outputs.mock.json (${from}'s outputs with the new values; validate uses it until the first run)`
      : `No outputs: ${from} has no outputs.json to copy; validate needs ${name}'s first run (or an outputs.mock.json)`,
    ...(made.generated.length ? [`Not copied: ${made.generated.join(', ')} (the first run writes ${name}'s own)`] : []),
    ...(made.left.length ? [`Left:       ${made.left.join(', ')} (nothing in cluster.yaml points at ${made.left.length > 1 ? 'them' : 'it'})`] : []),
  ]
}

function reviewLines(made: Made): string[] {
  const { account, network, mentions, comments } = made.review
  const named = [...mentions, ...(comments.length ? [`the comment${comments.length > 1 ? 's' : ''} on line${comments.length > 1 ? 's' : ''} ${comments.join(', ')}`] : [])]
  const groups = ([['AWS account:', account], ['network:', network], [`naming ${made.from}:`, named]] as const).filter(([, items]) => items.length)
  const width = Math.max(...groups.map(([label]) => label.length)) + 2
  const lines = groups.flatMap(([label, items]) => wrapped(`  ${label.padEnd(width)}`, items))
  if (!lines.length) return []
  const note = made.sandbox ? [`${made.name} is a sandbox cluster (sandbox: true): it runs as it is; review these before it runs on AWS.`] : []
  return ['', `Review (kept as in ${made.from}):`, ...lines, ...note]
}

export function newClusterText(made: Made): string {
  const next = [`npx tasks validate --cluster ${made.name}${made.flags}`, `npx tasks cluster-update --cluster ${made.name}${made.flags}`]
  return [
    `Created ${made.dir}/ from ${made.fromDir}/.`,
    '',
    `Its own names and paths (old → new; cluster.yaml keeps ${made.from}'s comments and layout):`,
    ...changeLines(made),
    '',
    ...fileLines(made),
    ...reviewLines(made),
    '',
    'Next:',
    ...next.map((c) => `  ${c}`),
    '',
  ].join('\n')
}

// What a scaffolded cluster.yaml still holds from its source and cannot be derived: the AWS
// account it runs in, its network, and any other value or comment that still names the source.
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml'

/** One value the scaffold changed (here, not in scaffold.ts, which imports this file). */
export interface Change {
  /** Dotted path of the value (`backends.kops.key`). */
  path: string
  from: string
  to: string
}

export interface Review {
  /** Where it runs: account, profile, region, the admin role. */
  account: string[]
  /** Its VPC, subnets, NAT gateways and DNS zone. */
  network: string[]
  /** Other values still naming the source cluster. */
  mentions: string[]
  /** Lines (1-based) whose comment names the source cluster. */
  comments: number[]
}

export type YamlPath = (string | number)[]
export const dotted = (path: YamlPath): string => path.join('.')

/** Every scalar of a document with its path, in document order (aliases and complex keys skipped). */
export function* scalars(node: unknown, path: YamlPath = []): Generator<{ path: YamlPath; node: Scalar }> {
  if (isMap(node)) {
    for (const pair of node.items) if (isScalar(pair.key)) yield* scalars(pair.value, [...path, String(pair.key.value)])
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) yield* scalars(item, [...path, i])
  } else if (isScalar(node)) yield { path, node }
}

const ACCOUNT = ['account', 'profile', 'region', 'prerequisites.devops_role']
const NETWORK = ['vpc_id', 'vpc_cidr_block', 'public_subnet_ids', 'private_subnet_ids', 'nat_gateway_ids', 'dns_zone_name'].map((k) => `prerequisites.${k}`)

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const word = (w: string): RegExp => new RegExp(`(^|[^A-Za-z0-9])${escape(w)}(?=$|[^A-Za-z0-9])`, 'g')

/** Whether `text` names an old name as a word of its own (`demo-devops`, not `demographics`), the new name aside. */
const naming = (text: string, olds: readonly string[], name: string): boolean => {
  const rest = text.replace(word(name), '$1')
  return olds.some((old) => word(old).test(rest))
}

/** The comment of a line, when it has one (a `#` at its start or after a space). */
const commentOf = (line: string): string | undefined => /(?:^|\s)#(.*)$/.exec(line)?.[1]

/**
 * The review list of the new cluster.yaml `text`, made from cluster `from` as `name` (`label`:
 * the source's cluster_name first label). Changed values are not listed: they are the new cluster's.
 */
export function reviewOf(text: string, names: { from: string; name: string; label?: string }, changes: readonly Change[]): Review {
  const doc = parseDocument(text)
  const olds = [...new Set([names.from, ...(names.label ? [names.label] : [])])]
  const changed = new Set(changes.map((c) => c.path))
  const present = (path: string): boolean => !changed.has(path) && doc.getIn(path.split('.')) !== undefined
  const account = ACCOUNT.filter(present)
  const network = NETWORK.filter(present)
  const grouped = [...account, ...network]
  const mentions: string[] = []
  for (const { path, node } of scalars(doc.contents)) {
    const at = dotted(path)
    if (typeof node.value !== 'string' || changed.has(at) || grouped.some((g) => at === g || at.startsWith(`${g}.`))) continue
    if (naming(node.value, olds, names.name)) mentions.push(at)
  }
  const comments = text.split('\n').flatMap((line, i) => {
    const comment = commentOf(line)
    return comment !== undefined && naming(comment, olds, names.name) ? [i + 1] : []
  })
  return { account, network, mentions, comments }
}

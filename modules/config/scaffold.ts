// A new cluster's cluster.yaml made from another's (`tasks new-cluster`): pure, text in, text and
// the list of changes out. Values are found with the yaml Document API and replaced in place by
// their source range, so every comment, flow map and blank line stays exactly as written.
import { parseDocument, Scalar } from 'yaml'
import { dotted, reviewOf, scalars, type Change, type Review, type YamlPath } from './scaffold-review.ts'

export type { Change } from './scaffold-review.ts'

export interface ScaffoldInput {
  /** The source cluster's cluster.yaml. */
  text: string
  /** Source and new cluster names (directory names). */
  from: string
  name: string
  /** The project's clusters and state directories, relative to the root. */
  clustersDir: string
  stateDir: string
}

export interface Scaffold {
  text: string
  /** In document order. */
  changes: Change[]
  /** Files of the source directory the new settings point at (relative to it): to copy. */
  files: string[]
  review: Review
}

/** Files of a cluster directory that runs write: never copied, the new cluster's first run makes its own. */
export const GENERATED = ['cluster.yml', 'kubernetes.tf', 'outputs.json', 'outputs.mock.json', 'data']

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const trimDir = (dir: string): string => dir.replace(/^\.\//, '').replace(/\/+$/, '')

/** `demo.k8s.local` → `NAME.k8s.local`: the first label is the cluster's, the rest its domain. */
const renameLabel = (value: string, name: string): string => (value.includes('.') ? `${name}${value.slice(value.indexOf('.'))}` : name)

/**
 * A state key of the new cluster: path segments naming the source (its directory or its
 * cluster_name's first label, alone or before an extension: `demo.tfstate`) name NAME instead;
 * a key with no such segment gets NAME/ in front.
 */
function stateKey(key: string, names: string[], name: string): string {
  const segments = key.split('/')
  const rename = (s: string): string => {
    const old = names.find((n) => s === n || s.startsWith(`${n}.`))
    return old === undefined ? s : `${name}${s.slice(old.length)}`
  }
  const renamed = segments.map(rename)
  return renamed.some((s, i) => s !== segments[i]) ? renamed.join('/') : `${name}/${key}`
}

/** The rule for one value, or undefined when it is kept. */
function rewrite(input: ScaffoldInput, clusterName: string | undefined, path: YamlPath, value: string): string | undefined {
  const at = dotted(path)
  const label = clusterName?.split('.')[0]
  if (at === 'prerequisites.cluster_name') return renameLabel(value, input.name)
  if (at === 'name') return value === clusterName ? renameLabel(clusterName, input.name) : renameLabel(value, input.name)
  if (at === 'prerequisites.dns_zone_name') return clusterName && value === clusterName ? renameLabel(value, input.name) : undefined
  if (at === 'prerequisites.project_short' || at === 'prerequisites.environment') return value === input.from ? input.name : undefined
  if (/^backends\.[^.]+\.key$/.test(at)) return stateKey(value, [input.from, ...(label ? [label] : [])], input.name)
  // Paths into the source's directory or its kubeconfig directory, wherever they appear.
  let out = value
  for (const dir of [trimDir(input.clustersDir), `${trimDir(input.stateDir)}/kube`]) {
    const re = new RegExp(`(^|[^A-Za-z0-9._-])${escape(`${dir}/${input.from}`)}(?=$|[^A-Za-z0-9._-])`, 'g')
    out = out.replace(re, `$1${dir}/${input.name}`)
  }
  return out === value ? undefined : out
}

/** How a new string is written where an old one was, in the same quoting style. */
function source(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value)
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`
  // A plain scalar stays plain when it reads back as the same string (not a number, bool, `a: b`).
  const back = parseDocument(`${value}\n`)
  return back.errors.length === 0 && back.contents !== null && back.toJS() === value && !/[#\n]/.test(value) ? value : JSON.stringify(value)
}

/** The files a rewritten path points at inside the source directory (not generated ones). */
function fileOf(input: ScaffoldInput, value: string): string | undefined {
  const prefix = `${trimDir(input.clustersDir)}/${input.from}/`
  const rel = value.replace(/^\.\//, '')
  if (!rel.startsWith(prefix)) return undefined
  const file = rel.slice(prefix.length)
  // Only files inside the source directory: `..` would copy from (and write) outside clusters/NAME/.
  const parts = file.split('/')
  return file === '' || GENERATED.includes(parts[0]) || parts.includes('..') ? undefined : file
}

/**
 * The new cluster.yaml: its own cluster_name (and `name`, and a dns_zone_name equal to it),
 * project_short/environment where they are the source's name, backend keys, and every path into
 * the source's directory. Block scalars are left alone (a review item if they name the source).
 */
export function scaffoldClusterYaml(input: ScaffoldInput): Scaffold {
  const doc = parseDocument(input.text)
  if (doc.errors.length) throw new Error(`scaffoldClusterYaml: the source does not parse: ${doc.errors[0].message}`)
  const clusterName = doc.getIn(['prerequisites', 'cluster_name'])
  const known = typeof clusterName === 'string' ? clusterName : undefined
  const edits: { range: [number, number]; text: string; path: YamlPath; to: string }[] = []
  const changes: Change[] = []
  const files: string[] = []
  for (const { path, node } of scalars(doc.contents)) {
    if (typeof node.value !== 'string' || !node.range || node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) continue
    const to = rewrite(input, known, path, node.value)
    if (to === undefined || to === node.value) continue
    edits.push({ range: [node.range[0], node.range[1]], text: source(node, to), path, to })
    changes.push({ path: dotted(path), from: node.value, to })
    const file = fileOf(input, node.value)
    if (file !== undefined && !files.includes(file)) files.push(file)
  }
  let text = input.text
  for (const e of [...edits].reverse()) text = `${text.slice(0, e.range[0])}${e.text}${text.slice(e.range[1])}`
  // The edits were made on the text: the new document must read back with exactly the new values.
  const back = parseDocument(text)
  const wrong = edits.find((e) => back.getIn(e.path) !== e.to)
  if (back.errors.length || wrong) throw new Error(`scaffoldClusterYaml: ${wrong ? dotted(wrong.path) : 'the result'} does not read back as written`)
  return { text, changes, files, review: reviewOf(text, { from: input.from, name: input.name, label: known?.split('.')[0] }, changes) }
}

/** A cluster's own identities, for the check that a new one shares none with another cluster. */
export function identities(settings: Record<string, unknown>): { what: string; value: string }[] {
  const out: { what: string; value: string }[] = []
  const prereq = (settings.prerequisites ?? {}) as Record<string, unknown>
  const name = settings.name ?? prereq.cluster_name
  if (typeof name === 'string') out.push({ what: 'cluster name', value: name })
  const backends = (settings.backends ?? {}) as Record<string, Record<string, unknown> | undefined>
  for (const b of Object.values(backends)) {
    if (typeof b?.bucket === 'string' && typeof b.key === 'string') out.push({ what: 'Terraform state', value: `s3://${b.bucket}/${b.key}` })
  }
  return out
}


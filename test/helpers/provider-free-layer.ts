// A provider-free copy of the 1-prerequisites layer, generated at test time from the real one, so a
// real terraform can plan and apply it without AWS: every AWS resource becomes a `terraform_data`
// standing in for it (its own arguments as `input`, plus the attributes AWS would compute that the
// layer reads, such as a bucket's `arn` or a zone's `zone_id`), references to it are rewritten to
// `terraform_data.<stand-in>.output.<attribute>`, the aws provider goes, and `backend "s3" {}`
// stays. variables.tf, locals.tf and outputs.tf are kept as they are, apart from those references.
// One sensitive output is added (lane-token.tf).
//
// Anything this generator does not know how to stand in (a resource type, a data source, a module,
// another provider, a reference to an attribute no stand-in models) is an error naming the file,
// line and column: the real layer drifted, and this file must learn the new construct.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { lex, lineColumn, type Token } from '../../modules/hcl/mod.ts'

/** The sensitive output the copy adds, and its value: sha256("lane-token:" + the kOps state bucket). */
export const LANE_TOKEN_OUTPUT = 'lane_token'
export const laneTokenValue = (kopsStateBucket: string): string => createHash('sha256').update(`lane-token:${kopsStateBucket}`).digest('hex')

const LANE_TOKEN_FILE = 'lane-token.tf'
const LANE_TOKEN_TF = `# Added by test/helpers/provider-free-layer.ts: a sensitive output, so tests can show that its value
# reaches no log, record or printed line of tasks.
output "${LANE_TOKEN_OUTPUT}" {
  value     = sha256("lane-token:\${local.kops_s3_bucket}")
  sensitive = true
}
`

/** How one AWS resource type is stood in: the stand-in's name, and the attributes AWS computes (HCL over its own arguments). */
interface StandIn {
  alias: (name: string) => string
  /** Arguments the computed attributes are made from: the real block must set them. */
  requires: string[]
  computed: (arg: (name: string) => string) => Record<string, string>
}

const bucketChild = (suffix: string): StandIn => ({ alias: (n) => `${n}${suffix}`, requires: ['bucket'], computed: (arg) => ({ id: arg('bucket') }) })

const STAND_INS: Record<string, StandIn> = {
  aws_s3_bucket: { alias: (n) => n, requires: ['bucket'], computed: (arg) => ({ id: arg('bucket'), arn: `"arn:aws:s3:::\${${arg('bucket')}}"` }) },
  aws_s3_bucket_versioning: bucketChild('_versioning'),
  aws_s3_bucket_server_side_encryption_configuration: bucketChild('_encryption'),
  aws_s3_bucket_public_access_block: bucketChild('_public_access_block'),
  aws_s3_bucket_policy: bucketChild('_policy'),
  aws_route53_zone: {
    alias: (n) => `${n}_zone`,
    requires: ['name'],
    computed: (arg) => ({ zone_id: `"Z\${upper(substr(sha1(${arg('name')}), 0, 20))}"`, id: `"Z\${upper(substr(sha1(${arg('name')}), 0, 20))}"` }),
  },
}

/** Arguments of a resource a stand-in cannot carry: the layer must not use them until this file learns how. */
const REFUSED_META = new Set(['for_each', 'depends_on', 'provider', 'provisioner', 'connection', 'dynamic'])

export class LayerDriftError extends Error {
  constructor(file: string, src: string, offset: number, message: string) {
    super(`provider-free layer: ${file}:${lineColumn(src, offset)}: ${message}; teach test/helpers/provider-free-layer.ts how to stand it in`)
    this.name = 'LayerDriftError'
  }
}

interface Item {
  kind: 'attr' | 'block'
  name: string
  labels: string[]
  /** Offsets in the source: the whole item, and for an attribute its expression. */
  start: number
  end: number
  exprStart: number
  exprEnd: number
  /** For a block: its body's tokens (between the braces). */
  body: Token[]
}

interface Block extends Item {
  kind: 'block'
}

const unquote = (t: Token): string => (t.kind === 'string' ? t.text.slice(1, -1) : t.text)

/** The items (attributes and blocks) of a body, given its tokens without comments. */
function items(file: string, src: string, tokens: Token[]): Item[] {
  const out: Item[] = []
  let i = 0
  const skipNewlines = () => {
    while (i < tokens.length && tokens[i].kind === 'newline') i++
  }
  while ((skipNewlines(), i < tokens.length)) {
    const head = tokens[i]
    if (head.kind !== 'ident') throw new LayerDriftError(file, src, head.start, `unexpected "${head.text}" where an attribute or a block starts`)
    if (tokens[i + 1]?.kind === 'equals') {
      let j = i + 2
      let depth = 0
      const exprStart = tokens[j]?.start ?? head.end
      let exprEnd = exprStart
      for (; j < tokens.length; j++) {
        const t = tokens[j]
        if (t.kind === 'newline' && depth === 0) break
        if (t.kind === 'open') depth++
        if (t.kind === 'close') depth--
        exprEnd = t.end
      }
      out.push({ kind: 'attr', name: head.text, labels: [], start: head.start, end: exprEnd, exprStart, exprEnd, body: [] })
      i = j
      continue
    }
    const labels: Token[] = []
    let j = i + 1
    while (j < tokens.length && (tokens[j].kind === 'string' || tokens[j].kind === 'ident')) labels.push(tokens[j++])
    const open = tokens[j]
    if (open?.kind !== 'open' || open.text !== '{') throw new LayerDriftError(file, src, (open ?? head).start, `cannot read "${head.text}" as an attribute or a block`)
    let depth = 1
    let k = j + 1
    for (; k < tokens.length && depth > 0; k++) {
      if (tokens[k].kind === 'open') depth++
      if (tokens[k].kind === 'close') depth--
    }
    const close = tokens[k - 1]
    out.push({ kind: 'block', name: head.text, labels: labels.map(unquote), start: head.start, end: close.end, exprStart: open.end, exprEnd: close.start, body: tokens.slice(j + 1, k - 1) })
    i = k
  }
  return out
}

/** One source file of the layer, with the edits that make its provider-free text. */
class Source {
  readonly tokens: Token[]
  /** The text with comments blanked out: where references are looked for. */
  readonly code: string
  readonly file: string
  readonly src: string
  constructor(file: string, src: string) {
    this.file = file
    this.src = src
    const lexed = lex(src)
    if (!lexed.ok) throw new Error(`provider-free layer: ${file}:${lexed.error}`)
    this.tokens = lexed.tokens.filter((t) => t.kind !== 'comment')
    let code = src
    for (const t of lexed.tokens) if (t.kind === 'comment') code = code.slice(0, t.start) + t.text.replace(/[^\n]/g, ' ') + code.slice(t.end)
    this.code = code
  }

  blocks(): Block[] {
    return items(this.file, this.src, this.tokens).map((item) => {
      if (item.kind !== 'block') throw new LayerDriftError(this.file, this.src, item.start, `a top-level attribute "${item.name}"`)
      return item as Block
    })
  }

  fail(offset: number, message: string): never {
    throw new LayerDriftError(this.file, this.src, offset, message)
  }
}

/** A resource of the real layer: where it is declared and what stands in for it. */
interface Resource {
  type: string
  name: string
  /** `terraform_data.<alias>` for AWS resources; the resource itself for a terraform_data. */
  alias: string
  /** Attributes a reference may read through the stand-in's `output`; undefined: any (a real terraform_data). */
  attributes?: Set<string>
  block: Block
  source: Source
}

const REFERENCE = /(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([a-zA-Z_][\w-]*)(\[(?:\*|\d+)\])?(?:\.([a-zA-Z_][\w]*))?/g
const DATA_OR_MODULE = /(?<![\w.])(data|module)\.[a-zA-Z_]/g

/**
 * The text of `src[start, end)` with every reference to a resource rewritten to its stand-in.
 * A reference to something no stand-in models (or a data source or module) is an error.
 */
function rewritten(source: Source, start: number, end: number, resources: Map<string, Resource>): string {
  const code = source.code.slice(start, end)
  for (const m of code.matchAll(DATA_OR_MODULE)) source.fail(start + m.index, `a reference to ${m[1]}.* (no stand-in for data sources or modules)`)
  let out = ''
  let at = 0
  for (const m of code.matchAll(REFERENCE)) {
    const [whole, type, name, index = '', attribute] = m
    if (type === 'terraform_data' && !resources.has(`${type}.${name}`)) source.fail(start + m.index, `a reference to ${type}.${name}, which the layer does not declare`)
    const resource = resources.get(`${type}.${name}`)
    if (!resource) {
      // Not a resource of this layer: only an AWS type would be one the layer forgot to declare.
      if (type.startsWith('aws_')) source.fail(start + m.index, `a reference to ${type}.${name}, which the layer does not declare`)
      continue
    }
    if (!resource.attributes) continue
    if (attribute === undefined) source.fail(start + m.index, `a reference to the whole resource ${type}.${name} (only its attributes can be stood in)`)
    if (!resource.attributes.has(attribute)) {
      source.fail(start + m.index, `a reference to ${type}.${name}.${attribute}, an attribute its stand-in terraform_data.${resource.alias} does not model (it has ${[...resource.attributes].sort().join(', ')})`)
    }
    out += source.src.slice(start + at, start + m.index) + `terraform_data.${resource.alias}${index}.output.${attribute}`
    at = m.index + whole.length
  }
  return out + source.src.slice(start + at, end)
}

/** A nested block's body as an object constructor (`rule { a = 1 }` → `{ a = 1 }`, nested ones too). */
function asObject(source: Source, block: Item, resources: Map<string, Resource>, indent: string): string {
  const lines = ['{']
  for (const item of items(source.file, source.src, block.body)) {
    if (item.kind === 'attr') lines.push(`${indent}  ${item.name} = ${rewritten(source, item.exprStart, item.exprEnd, resources)}`)
    else if (item.labels.length || REFUSED_META.has(item.name)) source.fail(item.start, `a nested block "${item.name}${item.labels.map((l) => ` "${l}"`).join('')}"`)
    else lines.push(`${indent}  ${item.name} = ${asObject(source, item, resources, `${indent}  `)}`)
  }
  const names = items(source.file, source.src, block.body).map((i) => i.name)
  const repeated = names.find((n, i) => names.indexOf(n) !== i)
  if (repeated) source.fail(block.start, `"${repeated}" is set more than once in one block (repeated blocks have no stand-in)`)
  return `${lines.join('\n')}\n${indent}}`
}

/** The terraform_data that stands in for one AWS resource. */
function standIn(resource: Resource, resources: Map<string, Resource>): string {
  const { source, block } = resource
  const spec = STAND_INS[resource.type]
  const body = items(source.file, source.src, block.body)
  const lines: string[] = []
  const input: string[] = []
  const args: Record<string, string> = {}
  let lifecycle = ''
  for (const item of body) {
    if (REFUSED_META.has(item.name)) source.fail(item.start, `"${item.name}" on resource ${resource.type}.${resource.name}`)
    if (item.kind === 'attr' && item.name === 'count') lines.push(`  count = ${rewritten(source, item.exprStart, item.exprEnd, resources)}`)
    else if (item.kind === 'block' && item.name === 'lifecycle') lifecycle = `\n  ${rewritten(source, item.start, item.end, resources)}`
    else if (item.kind === 'attr') input.push(`    ${item.name} = ${(args[item.name] = rewritten(source, item.exprStart, item.exprEnd, resources))}`)
    else if (item.labels.length) source.fail(item.start, `a nested block "${item.name}" with labels in ${resource.type}.${resource.name}`)
    else input.push(`    ${item.name} = ${asObject(source, item, resources, '    ')}`)
  }
  for (const name of spec.requires) if (args[name] === undefined) source.fail(block.start, `${resource.type}.${resource.name} without "${name}" (its stand-in computes attributes from it)`)
  for (const [name, expr] of Object.entries(spec.computed((n) => args[n]))) if (!(name in args)) input.push(`    ${name} = ${expr}`)
  return [
    `# Stands in for ${resource.type}.${resource.name}.`,
    `resource "terraform_data" "${resource.alias}" {`,
    ...lines,
    '  input = {',
    ...input,
    `  }${lifecycle}`,
    '}',
  ].join('\n')
}

/** The terraform block without providers: its required_version and `backend "s3"` (a partial configuration). */
function terraformBlock(source: Source, block: Block): string {
  const kept: string[] = []
  let backend = false
  for (const item of items(source.file, source.src, block.body)) {
    if (item.kind === 'attr' && item.name === 'required_version') kept.push(`  required_version = ${source.src.slice(item.exprStart, item.exprEnd)}`)
    else if (item.kind === 'block' && item.name === 'required_providers') {
      for (const p of items(source.file, source.src, item.body)) if (p.name !== 'aws') source.fail(p.start, `the provider "${p.name}" (only aws is stood in)`)
    } else if (item.kind === 'block' && item.name === 'backend' && item.labels[0] === 's3') {
      backend = true
      kept.push(`  ${source.src.slice(item.start, item.end)}`)
    } else source.fail(item.start, `"${item.name}${item.labels.map((l) => ` "${l}"`).join('')}" in the terraform block`)
  }
  if (!backend) source.fail(block.start, 'a terraform block without backend "s3"')
  return ['# The terraform block without the aws provider; the backend stays (partial configuration).', 'terraform {', ...kept, '}'].join('\n')
}

/**
 * The provider-free layer made from the real layer's files (name → text): name → text of each
 * file of the copy. Throws LayerDriftError for anything it cannot stand in.
 */
export function providerFreeLayer(files: Record<string, string>): Record<string, string> {
  const sources = Object.entries(files)
    .filter(([name]) => {
      if (name.endsWith('.tf.json')) throw new Error(`provider-free layer: ${name}: JSON configuration files are not read; teach test/helpers/provider-free-layer.ts`)
      return name.endsWith('.tf')
    })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, text]) => new Source(name, text))
  if (files[LANE_TOKEN_FILE] !== undefined) throw new Error(`provider-free layer: the real layer has a ${LANE_TOKEN_FILE}, the file the copy adds`)

  // First the layer's resources, so references anywhere can be checked against them.
  const resources = new Map<string, Resource>()
  const aliases = new Map<string, string>()
  for (const source of sources) {
    for (const block of source.blocks()) {
      if (block.name !== 'resource') continue
      const [type, name] = block.labels
      const spec = STAND_INS[type]
      if (type !== 'terraform_data' && !spec) source.fail(block.start, `the resource ${type}.${name}, whose type has no stand-in`)
      const alias = spec ? spec.alias(name) : name
      const clash = aliases.get(alias)
      if (clash) source.fail(block.start, `${type}.${name} and ${clash} would both stand in as terraform_data.${alias}`)
      aliases.set(alias, `${type}.${name}`)
      const attributes = spec ? new Set([...items(source.file, source.src, block.body).filter((i) => !['count', 'lifecycle'].includes(i.name)).map((i) => i.name), ...Object.keys(spec.computed(() => '""'))]) : undefined
      resources.set(`${type}.${name}`, { type, name, alias, attributes, block, source })
    }
  }

  const out: Record<string, string> = {}
  for (const source of sources) {
    let text = ''
    let at = 0
    let replaced = false
    for (const block of source.blocks()) {
      text += source.src.slice(at, block.start)
      at = block.end
      const [label] = block.labels
      if (block.name === 'variable' || block.name === 'locals' || block.name === 'output') {
        if (block.name === 'output' && label === LANE_TOKEN_OUTPUT) source.fail(block.start, `an output "${LANE_TOKEN_OUTPUT}", the one the copy adds`)
        text += rewritten(source, block.start, block.end, resources)
      } else if (block.name === 'resource') {
        const resource = resources.get(`${block.labels[0]}.${block.labels[1]}`)!
        text += resource.attributes ? standIn(resource, resources) : rewritten(source, block.start, block.end, resources)
        replaced ||= resource.attributes !== undefined
      } else if (block.name === 'terraform') {
        text += terraformBlock(source, block)
        replaced = true
      } else if (block.name === 'provider' && label === 'aws') {
        text += '# (the aws provider: not needed by the stand-ins)'
        replaced = true
      } else source.fail(block.start, `a top-level "${block.name}${block.labels.map((l) => ` "${l}"`).join('')}" block`)
    }
    text += source.src.slice(at)
    out[source.file] = replaced ? `# Generated by test/helpers/provider-free-layer.ts from 1-prerequisites/${source.file}: AWS resources stood in by terraform_data.\n${text}` : text
  }
  out[LANE_TOKEN_FILE] = LANE_TOKEN_TF
  return out
}

/** Reads a layer directory's files (top level only, as tasks copies them). */
export function readLayer(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, readFileSync(join(dir, e.name), 'utf8')]))
}

/** Writes the provider-free copy of the layer in `from` to `to` (created); returns the file names. */
export function writeProviderFreeLayer(from: string, to: string): string[] {
  const layer = providerFreeLayer(readLayer(from))
  mkdirSync(to, { recursive: true })
  for (const [name, text] of Object.entries(layer)) writeFileSync(join(to, name), text)
  return Object.keys(layer).sort()
}

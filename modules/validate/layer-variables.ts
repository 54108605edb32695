// The contract of a cluster's `prerequisites:` and `backends:`: the `variable` blocks of the
// 1-prerequisites layer (name, type shape, whether it has a default) and which layers exist.
// Read with the HCL tokenizer, so braces in descriptions or heredocs never confuse it.
import { lex, lineColumn, type Token } from '../hcl/lexer.ts'

/** How a Terraform type constrains the shape of a YAML value. */
export type Shape = 'string' | 'number' | 'bool' | 'list' | 'map' | 'any'

export interface LayerVariable {
  name: string
  shape: Shape
  /** The type as written (`list(string)`), for messages. */
  type: string
  /** No default: a value must be given. */
  required: boolean
  /** The default as written (`true`, `"3.5.9"`), when there is one. */
  default?: string
}

/** What the project's layers ask of every cluster.yaml. */
export interface LayerContract {
  /** Variables of 1-prerequisites (empty when the layer has no .tf files). */
  variables: LayerVariable[]
  /** The layers with .tf files: each needs its `backends.<layer>` entry. */
  backends: ('prerequisites' | 'kops')[]
  /** A .tf file whose variables cannot be read (`file:line:column: message`); checks that need them are skipped. */
  broken?: string
  /** Every text read, so results that depend on the contract are keyed on it. */
  fingerprint: string
}

export const PREREQUISITES_LAYER = '1-prerequisites'
/** Each layer's directory, by the name of its entry under cluster.yaml `backends:`. */
export const LAYER_DIRS = { prerequisites: PREREQUISITES_LAYER, kops: '2-kops' } as const
const LAYERS = (['prerequisites', 'kops'] as const).map((backend) => ({ dir: LAYER_DIRS[backend], backend }))

const SHAPES: Record<string, Shape> = { string: 'string', number: 'number', bool: 'bool', list: 'list', set: 'list', tuple: 'list', map: 'map', object: 'map', any: 'any' }

// The attributes written directly in a block body (depth 1): name → the expression's tokens.
function attributes(tokens: Token[], from: number): { attrs: Map<string, Token[]>; end: number } {
  const attrs = new Map<string, Token[]>()
  let depth = 0
  let current: Token[] | undefined
  let i = from
  for (; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'open') depth++
    if (t.kind === 'close' && --depth === 0) break
    if (depth === 1 && t.kind === 'newline') current = undefined
    else if (depth === 1 && !current && t.kind === 'ident' && tokens[i + 1]?.kind === 'equals') attrs.set(t.text, (current = [])), i++
    else if (current && t.kind !== 'comment') current.push(t)
  }
  return { attrs, end: i }
}

/** The `variable` blocks of one .tf file, or why it cannot be read. */
export function declaredVariables(file: string, text: string): { ok: true; variables: LayerVariable[] } | { ok: false; error: string } {
  const lexed = lex(text)
  if (!lexed.ok) return { ok: false, error: `${file}:${lexed.error}` }
  const tokens = lexed.tokens.filter((t) => t.kind !== 'comment')
  const variables: LayerVariable[] = []
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const block = depth === 0 && t.kind === 'ident' && t.text === 'variable' && tokens[i + 1]?.kind === 'string' && tokens[i + 2]?.text === '{'
    if (!block) {
      depth += t.kind === 'open' ? 1 : t.kind === 'close' ? -1 : 0
      continue
    }
    const { attrs, end } = attributes(tokens, i + 2)
    const type = (attrs.get('type') ?? []).map((x) => x.text).join('')
    const name = tokens[i + 1].text.slice(1, -1)
    if (!/^[A-Za-z_][\w-]*$/.test(name)) return { ok: false, error: `${file}:${lineColumn(text, tokens[i + 1].start)}: variable name ${tokens[i + 1].text} cannot be read` }
    const fallback = attrs.get('default')?.map((x) => x.text).join('')
    const shape = SHAPES[/^\w+/.exec(type)?.[0] ?? 'any'] ?? 'any'
    variables.push({ name, type: type || 'any', shape, required: fallback === undefined, ...(fallback === undefined ? {} : { default: fallback }) })
    i = end
  }
  return { ok: true, variables }
}

/**
 * The contract of the project's layers, read through `list` (file names of a directory) and `read`
 * (a file's text), or undefined when the project has neither layer (a graph of its own).
 */
export async function readLayerContract(list: (dir: string) => Promise<string[]>, read: (path: string) => Promise<string | undefined>): Promise<LayerContract | undefined> {
  const contract: LayerContract = { variables: [], backends: [], fingerprint: '' }
  for (const layer of LAYERS) {
    const files = (await list(layer.dir)).filter((f) => f.endsWith('.tf')).sort()
    const texts = await Promise.all(files.map((f) => read(`${layer.dir}/${f}`)))
    if (!texts.some((t) => t !== undefined)) continue
    contract.backends.push(layer.backend)
    files.forEach((f, i) => (contract.fingerprint += `${layer.dir}/${f}\0${texts[i] ?? ''}\0`))
    if (layer.dir !== PREREQUISITES_LAYER) continue
    for (const [i, f] of files.entries()) {
      const found = texts[i] === undefined ? undefined : declaredVariables(`${layer.dir}/${f}`, texts[i])
      if (found?.ok) contract.variables.push(...found.variables)
      else if (found) contract.broken ??= found.error
    }
  }
  return contract.backends.length ? contract : undefined
}

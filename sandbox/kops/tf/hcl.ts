// A tiny HCL model and a writer that formats it like `terraform fmt` (as kOps's kubernetes.tf is):
// two-space indents, `=` aligned across runs of consecutive one-line attributes (a block or a
// multi-line map ends a run), map keys quoted, one blank line between top-level blocks.

/** An HCL value: string, number, bool, raw expression, one-line list, or multi-line map. */
export type HclValue =
  | { kind: 'str'; text: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'expr'; text: string }
  | { kind: 'list'; items: HclValue[] }
  | { kind: 'map'; entries: Array<[string, HclValue]> }

/** An attribute or a nested block. */
export type HclItem = { kind: 'attr'; name: string; value: HclValue } | { kind: 'block'; type: string; labels: string[]; body: HclItem[] }

/** A string literal. */
export const str = (text: string): HclValue => ({ kind: 'str', text })
/** A number literal. */
export const num = (value: number): HclValue => ({ kind: 'num', value })
/** A bool literal. */
export const bool = (value: boolean): HclValue => ({ kind: 'bool', value })
/** A raw expression (reference, function call). */
export const expr = (text: string): HclValue => ({ kind: 'expr', text })
/** A list (written on one line). */
export const hlist = (items: HclValue[]): HclValue => ({ kind: 'list', items })
/** A list of string literals. */
export const strs = (items: readonly string[]): HclValue => hlist(items.map(str))
/** A map with its keys sorted bytewise, as kOps writes tags. */
export const hmap = (entries: Array<[string, HclValue]>): HclValue => ({ kind: 'map', entries: [...entries].sort(([a], [b]) => cmp(a, b)) })
/** A map of string values. */
export const strMap = (entries: Array<[string, string]>): HclValue => hmap(entries.map(([k, v]) => [k, str(v)]))
/** An attribute. */
export const attr = (name: string, value: HclValue): HclItem => ({ kind: 'attr', name, value })
/** A block. */
export const block = (type: string, labels: string[], body: HclItem[]): HclItem => ({ kind: 'block', type, labels, body })

/** Bytewise comparison (Go's sort.Strings). */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const itemName = (i: HclItem): string => (i.kind === 'attr' ? i.name : i.type)

/** Items sorted by name as kOps's writer emits them (stable: repeated blocks keep their order). */
export const sortedBody = (items: HclItem[]): HclItem[] => [...items].sort((a, b) => cmp(itemName(a), itemName(b)))

/** An HCL quoted string. */
export function quote(s: string): string {
  const body = s
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t')
    .replaceAll('${', '$${')
    .replaceAll('%{', '%%{')
  return `"${body}"`
}

const multiline = (v: HclValue): boolean => v.kind === 'map'

function inline(v: HclValue): string {
  switch (v.kind) {
    case 'str':
      return quote(v.text)
    case 'num':
      return String(v.value)
    case 'bool':
      return String(v.value)
    case 'expr':
      return v.text
    case 'list':
      return `[${v.items.map(inline).join(', ')}]`
    case 'map':
      throw new Error('a map is not written inline')
  }
}

interface Line {
  key: string
  value: HclValue
}

// Writes `key = value` lines; one-line runs are aligned, maps open their own lines.
function writeAssignments(lines: Line[], pad: string, out: string[]): void {
  let run: Line[] = []
  const flush = (): void => {
    const width = Math.max(0, ...run.map((l) => l.key.length))
    for (const l of run) out.push(`${pad}${l.key.padEnd(width)} = ${inline(l.value)}`)
    run = []
  }
  for (const l of lines) {
    if (!multiline(l.value)) {
      run.push(l)
      continue
    }
    flush()
    out.push(`${pad}${l.key} = {`)
    if (l.value.kind === 'map') writeAssignments(l.value.entries.map(([k, v]) => ({ key: quote(k), value: v })), `${pad}  `, out)
    out.push(`${pad}}`)
  }
  flush()
}

function writeBody(items: HclItem[], pad: string, out: string[]): void {
  let run: Line[] = []
  for (const item of items) {
    if (item.kind === 'attr') {
      run.push({ key: item.name, value: item.value })
      continue
    }
    writeAssignments(run, pad, out)
    run = []
    writeBlock(item, pad, out)
  }
  writeAssignments(run, pad, out)
}

function writeBlock(b: Extract<HclItem, { kind: 'block' }>, pad: string, out: string[]): void {
  out.push(`${pad}${[b.type, ...b.labels.map(quote)].join(' ')} {`)
  writeBody(b.body, `${pad}  `, out)
  out.push(`${pad}}`)
}

/** A whole file: top-level blocks separated by blank lines, ending with a newline. */
export function writeFile(blocks: HclItem[]): string {
  return blocks
    .map((b) => {
      const out: string[] = []
      if (b.kind === 'block') writeBlock(b, '', out)
      else writeAssignments([{ key: b.name, value: b.value }], '', out)
      return out.join('\n')
    })
    .join('\n\n')
    .concat('\n')
}

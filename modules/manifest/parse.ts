// Splitting a manifest into its YAML documents, each with its kind, keeping every node's position.
// A syntax error (or a key written twice) makes the stream unreadable: only those are reported.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node } from 'yaml'
import { child, locate, text, type At, type Source } from './nodes.ts'
import type { Findings } from './problem.ts'

export interface ManifestDoc {
  /** The document's mapping; its owner position is the `kind:` key. */
  root: At
  kind?: string
}

/** The documents of a stream, or undefined after reporting its syntax errors (rule `yaml`). */
export function parseStream(file: string, text: string, f: Findings): ManifestDoc[] | undefined {
  const counter = new LineCounter()
  const src: Source = { file, text, counter }
  // Duplicate keys are found below, to point at the second one as kOps's YAML reader does.
  const parsed = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false })
  const docs = Array.isArray(parsed) ? parsed : []
  // Only the first error: those after it are mostly its echoes (one bad indent upsets every line after).
  const error = docs.flatMap((d) => d.errors)[0]
  if (error !== undefined) {
    // An error found at the end of the stream (an unclosed quote) is shown after the last character.
    const at = locate(src, Math.min(error.pos[0], text.trimEnd().length))
    f.error(at, 'yaml', error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), 'fix the YAML syntax')
    return undefined
  }
  // An alias is written `*name`: a stream without a `*` has none to resolve (most manifests).
  const aliases = text.includes('*')
  if (docs.map((d) => duplicateKeys(src, d, f) + (aliases ? resolveAliases(src, d, f) : 0)).some((n) => n > 0)) return undefined
  return docs.flatMap((d) => located(src, d.contents as Node | null, f))
}

// Reports each key written twice in one mapping, at the second (go-yaml's wording); returns the count.
function duplicateKeys(src: Source, doc: Document, f: Findings): number {
  let count = 0
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>()
      for (const { key } of map.items) {
        if (!isScalar(key) || key.range == null) continue
        const name = String(key.value)
        const first = seen.get(name)
        if (first === undefined) seen.set(name, key.range[0])
        else {
          count++
          const message = `mapping key ${JSON.stringify(name)} already defined at line ${locate(src, first).line}`
          f.error(locate(src, key.range[0]), 'yaml', message, 'remove or rename one of the two keys')
        }
      }
    },
  })
  return count
}

// `*name` is read as the value anchored `&name` (problems in it are shown at the anchor). The anchor
// is visited first, so its own aliases are resolved already; a circular one is left alone. Returns
// the count of aliases to no anchor of the document, reported as go-yaml does.
function resolveAliases(src: Source, doc: Document, f: Findings): number {
  let unknown = 0
  visit(doc, {
    Alias(key, alias, path) {
      const target = alias.resolve(doc)
      const parent = path[path.length - 1]
      if (target === undefined) {
        unknown++
        f.error(locate(src, alias.range?.[0] ?? 0), 'yaml', `unknown anchor '${alias.source}' referenced`, `define &${alias.source} earlier in the same document`)
      }
      if (target === undefined || path.includes(target)) return
      if (isPair(parent) && key === 'value') parent.value = target
      else if (isSeq(parent) && typeof key === 'number') parent.items[key] = target
      return visit.SKIP
    },
  })
  return unknown
}

// One document: skipped when empty (a stray `---`), reported when it is no mapping.
function located(src: Source, node: Node | null, f: Findings): ManifestDoc[] {
  if (node === null || (isScalar(node) && node.value === null)) return []
  const start = node.range?.[0] ?? 0
  if (!isMap(node)) {
    const found = isSeq(node) ? 'a list' : 'a single value'
    const message = `a kOps manifest document must be a mapping (apiVersion, kind, metadata, spec), found ${found}`
    f.error(locate(src, start), 'document-not-mapping', message, 'write each object as "key: value" lines, separated by ---')
    return []
  }
  const bare: At = { src, node, path: '', start, owner: start }
  const kindAt = child(bare, 'kind')
  const root: At = { ...bare, owner: kindAt?.owner ?? start }
  return [{ root, kind: text(kindAt) }]
}

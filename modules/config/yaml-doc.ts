// YAML parsing that keeps positions, so a problem in a settings file is reported at its
// file:line:column with the offending line.
import { LineCounter, parseDocument, isMap, isNode, visit, type Document } from 'yaml'
import type { Failure, Location } from '../diag/mod.ts'
import { MAX_SETTINGS_BYTES, tooLarge } from './settings-size.ts'

export interface YamlFile {
  value: unknown
  /** Where the key at `path` is written (or its node), or the file's start when it is absent. */
  locate(path: readonly (string | number)[]): Location
  /** Where the value at `path` starts (a wrong value is pointed at, not its key); else as locate. */
  locateValue(path: readonly (string | number)[]): Location
  /** The text of one line (1-based), for excerpts. */
  line(n: number): string | undefined
}

export function parseYaml(file: string, text: string): { ok: true; doc: YamlFile } | { ok: false; failure: Failure } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a text longer than a third of the limit is measured.
  const bytes = text.length > MAX_SETTINGS_BYTES / 3 ? Buffer.byteLength(text, 'utf8') : 0
  if (bytes > MAX_SETTINGS_BYTES) return { ok: false, failure: tooLarge(file, bytes) }
  const counter = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false })
  const lines = text.split('\n')
  const at = (offset: number): Location => ({ file, ...counter.linePos(offset), column: counter.linePos(offset).col })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    // An error found at the end of the file (an unclosed quote) is shown after the last character.
    const loc = at(Math.min(e.pos[0], text.trimEnd().length))
    const detail = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
    return { ok: false, failure: { reason: 'bad-config', at: pick(loc), detail, source: lines[loc.line - 1] } }
  }
  const locate = (path: readonly (string | number)[]): Location => {
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
    const pair = isMap(parent) ? parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === path[path.length - 1]) : undefined
    const node = pair?.key ?? doc.getIn(path, true)
    const offset = isNode(node) && node.range ? node.range[0] : 0
    return pick(at(offset))
  }
  const locateValue = (path: readonly (string | number)[]): Location => {
    const node = doc.getIn(path, true)
    return isNode(node) && node.range ? pick(at(node.range[0])) : locate(path)
  }
  let value: unknown
  try {
    value = doc.toJS()
  } catch (error) {
    if (!/alias/i.test((error as Error).message)) throw error
    // yaml refuses to expand aliases past a limit (an "alias bomb": 9 levels of 9 aliases is 9^9 nodes).
    const loc = firstAlias(doc) ?? 0
    const detail = `its aliases (*name) expand to too many nodes (${(error as Error).message})`
    const hint = 'write the values out instead of nesting aliases: tasks settings need few aliases, if any.'
    const where = pick(at(loc))
    return { ok: false, failure: { reason: 'bad-config', at: where, detail, source: lines[where.line - 1], hint } }
  }
  return { ok: true, doc: { value, locate, locateValue, line: (n) => lines[n - 1] } }
}

/** Where the document's first alias is written, if it has one. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0]
      return visit.BREAK
    },
  })
  return offset
}

const pick = (l: Location): Location => ({ file: l.file, line: l.line, column: l.column })

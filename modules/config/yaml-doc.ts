// YAML parsing that keeps positions, so a problem in a settings file is reported at its
// file:line:column with the offending line.
import { LineCounter, parseDocument, isMap, isNode, type Document } from 'yaml'
import type { Failure, Location } from '../diag/mod.ts'

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
  return { ok: true, doc: { value: doc.toJS(), locate, locateValue, line: (n) => lines[n - 1] } }
}

const pick = (l: Location): Location => ({ file: l.file, line: l.line, column: l.column })

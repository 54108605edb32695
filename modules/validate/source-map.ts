// Where a line of a rendered manifest came from in its template. The template is rendered once
// with an invisible line marker at the start of every template line outside `<% %>` tags; the
// markers are then stripped, leaving the exact rendering plus, per rendered line, its template line.
import type { Location } from '../diag/mod.ts'
import { tagRanges } from '../template/mod.ts'

const OPEN = '\u0001'
const CLOSE = '\u0002'
const MARKERS = /\u0001(\d+)\u0002/g

/** The template with `\u0001N\u0002` at the start of each literal line N (1-based). */
export function markTemplate(template: string): string {
  const ranges = tagRanges(template)
  let out = ''
  let line = 1
  let r = 0
  let start = 0
  for (let i = 0; i <= template.length; i++) {
    if (i === start) {
      while (r < ranges.length && ranges[r][1] <= i) r++
      const inside = r < ranges.length && ranges[r][0] < i && i < ranges[r][1]
      if (!inside) out += `${OPEN}${line}${CLOSE}`
    }
    if (i === template.length) break
    out += template[i]
    if (template[i] === '\n') {
      line++
      start = i + 1
    }
  }
  return out
}

export interface SourceMap {
  /** The rendering without markers: byte for byte what the template renders. */
  text: string
  /** Template line (1-based) of each rendered line (index 0 is rendered line 1). */
  lines: number[]
}

/** Strips the markers of a marked rendering; a line without its own marker (a multi-line value)
 * belongs to the template line of the marker before it. */
export function unmark(rendered: string): SourceMap {
  const lines: number[] = []
  let last = 1
  const text = rendered
    .split('\n')
    .map((raw) => {
      for (const m of raw.matchAll(MARKERS)) last = Number(m[1])
      lines.push(last)
      return raw.replace(MARKERS, '')
    })
    .join('\n')
  return { text, lines }
}

/**
 * A location in the rendering, moved to the template. The column is kept where the rendered line
 * and the template line agree up to it (literal text); else it points at the line's first tag.
 */
export function toTemplate(map: SourceMap, template: string, file: string, at: Location): Location {
  const line = map.lines[at.line - 1] ?? 1
  const source = template.split('\n')[line - 1] ?? ''
  const rendered = map.text.split('\n')[at.line - 1] ?? ''
  const literal = source.indexOf('<%') < 0 ? source.length : source.indexOf('<%')
  const prefix = rendered.slice(0, at.column - 1)
  const same = at.column - 1 <= literal && source.startsWith(prefix)
  const tag = source.indexOf('<%')
  return { file, line, column: same ? at.column : tag >= 0 ? tag + 1 : 1 }
}

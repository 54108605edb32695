// Where the `<% … %>` tags of an eta template are, and where an offset is as a line and column:
// shared by the template's own diagnostics and by validation, which maps renderings back to lines.

/** Where a tag that opens at `from` closes: after `%>`, skipping JavaScript strings and comments
 * (which may hold `%>`), as eta's parser does. */
function tagEnd(template: string, from: number): number {
  let i = from + 2
  while (i < template.length) {
    const c = template[i]
    if (c === '%' && template[i + 1] === '>') return i + 2
    if (c === '"' || c === "'" || c === '`') {
      i++
      while (i < template.length && template[i] !== c) i += template[i] === '\\' ? 2 : 1
    } else if (c === '/' && template[i + 1] === '*') {
      const close = template.indexOf('*/', i + 2)
      i = close < 0 ? template.length : close + 1
    } else if (c === '/' && template[i + 1] === '/') {
      const nl = template.indexOf('\n', i)
      i = nl < 0 ? template.length : nl - 1
    }
    i++
  }
  return template.length
}

/** Offsets of every `<% … %>` tag, so markers are only put into literal text. */
export function tagRanges(template: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  for (let open = template.indexOf('<%'); open >= 0; ) {
    const end = tagEnd(template, open)
    ranges.push([open, end])
    open = template.indexOf('<%', end)
  }
  return ranges
}

/** Line and column (1-based) of an offset in a text. */
export function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

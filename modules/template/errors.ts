// Template errors pointed at the template's own line: eta's debug mode names the line of a runtime
// error; a syntax error inside a tag is found by checking each tag's expression on its own.
import type { Failure, Location } from '../diag/mod.ts'
import { position } from './tags.ts'

const TAG = /<%([=~-]?)([\s\S]*?)[-_]?%>/g

/** The first `<%= … %>` whose expression is not valid JavaScript (or that is never closed), if any. */
function badInterpolation(template: string): { offset: number; detail: string } | undefined {
  for (const m of template.matchAll(TAG)) {
    // The tag's match runs into the next tag: this one has no `%>` of its own.
    if (m[2].includes('<%')) return { offset: m.index ?? 0, detail: 'this tag is not closed: there is no "%>" before the next "<%"' }
    if (m[1] !== '=' && m[1] !== '~') continue
    try {
      new Function('it', `return (${m[2]})`)
    } catch (error) {
      return { offset: m.index ?? 0, detail: `syntax error in the expression: ${(error as Error).message}` }
    }
  }
  // The last tag opened and never closed, with no tag after it to run into.
  const open = template.lastIndexOf('<%')
  if (open >= 0 && !template.includes('%>', open)) return { offset: open, detail: 'this tag is not closed: there is no "%>" after it' }
  return undefined
}

/** The first tag on a line, for the caret; column 1 when the line has none. */
function tagColumn(template: string, line: number): number {
  const text = template.split('\n')[line - 1] ?? ''
  const at = text.indexOf('<%')
  return at >= 0 ? at + 1 : 1
}

export function locateTemplateError(error: Error, template: string, file: string): Failure {
  const runtime = /^line (\d+)\n[\s\S]*?\n\n([\s\S]*)$/.exec(error.message)
  if (runtime) {
    const line = Number(runtime[1])
    const at: Location = { file, line, column: tagColumn(template, line) }
    return { reason: 'template-error', at, detail: `${error.name}: ${runtime[2].trim()}`, source: template.split('\n')[line - 1] }
  }
  const bad = badInterpolation(template)
  if (bad) {
    const { line, column } = position(template, bad.offset)
    return { reason: 'template-error', at: { file, line, column }, detail: bad.detail, source: template.split('\n')[line - 1] }
  }
  const first = error.message.split('\n').find((l) => l.trim()) ?? String(error)
  const detail = `${first.trim()}: ${error.message.split('\n').slice(1).find((l) => l.trim())?.trim() ?? 'check that every <% %> block is closed'}`
  return { reason: 'template-error', at: { file, line: 1, column: 1 }, detail }
}

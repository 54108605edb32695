// A small HCL (native syntax) tokenizer: just enough structure to find top-level blocks safely.
// Strings, heredocs and their `${…}`/`%{…}` templates become single tokens, so braces, quotes and
// keywords inside them (or inside comments) never count as structure.

/** One token: its kind, its range in the source (string offsets, end exclusive), and its text. */
export interface Token {
  kind: 'ident' | 'string' | 'heredoc' | 'comment' | 'newline' | 'open' | 'close' | 'equals' | 'other'
  start: number
  end: number
  text: string
}

/** The tokens of a whole file, or why it could not be read (with line:column). */
export type Lexed = { ok: true; tokens: Token[] } | { ok: false; error: string }

/** The 1-based `line:column` of a string offset. */
export function lineColumn(src: string, offset: number): string {
  const before = src.slice(0, offset)
  const line = before.split('\n').length
  return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`
}

const IDENT = /[\p{L}_][\p{L}\p{N}_-]*/uy
const HEREDOC_START = /<<(-?)([\p{L}_][\p{L}\p{N}_-]*)\r?\n/uy
const CLOSERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' }

interface Scan {
  src: string
  pos: number
  /** The first problem found; scanning stops there. */
  error?: string
}

// Records the first problem and moves to the end of the input, which ends every scanning loop.
function fail(s: Scan, offset: number, message: string): void {
  s.error ??= `${lineColumn(s.src, offset)}: ${message}`
  s.pos = s.src.length
}

/** Tokenizes `src`; brackets must balance and strings, heredocs and comments must be closed. */
export function lex(src: string): Lexed {
  const tokens: Token[] = []
  const s: Scan = { src, pos: 0 }
  scanCode(s, undefined, tokens)
  return s.error === undefined ? { ok: true, tokens } : { ok: false, error: s.error }
}

// Scans expressions and bodies. Inside a `${`/`%{` interpolation (`template` is its offset), stops
// after the `}` that closes it.
function scanCode(s: Scan, template: number | undefined, out: Token[] | undefined): void {
  const open: number[] = []
  const push = (kind: Token['kind'], start: number) => out?.push({ kind, start, end: s.pos, text: s.src.slice(start, s.pos) })
  while (s.pos < s.src.length) {
    const start = s.pos
    const c = s.src[start]
    const two = s.src.slice(start, start + 2)
    if (c === ' ' || c === '\t' || c === '\r') s.pos++
    else if (c === '}' && template !== undefined && open.length === 0) return void s.pos++
    else if (c === '}' || c === ']' || c === ')') closeBracket(s, open) && push('close', start)
    else push(scanToken(s, c, two, open), start)
  }
  if (open.length > 0) fail(s, open[open.length - 1], `"${s.src[open[open.length - 1]]}" is never closed`)
  else if (template !== undefined) fail(s, template, `the interpolation "${s.src.slice(template, template + 2)}" is never closed`)
}

// Scans one token starting at `c` (not whitespace, not a closing bracket); returns its kind.
function scanToken(s: Scan, c: string, two: string, open: number[]): Token['kind'] {
  if (c === '\n') return (s.pos++, 'newline')
  if (c === '#' || two === '//') return (skipLine(s), 'comment')
  if (two === '/*') return (skipBlockComment(s), 'comment')
  if (c === '"') return (scanQuoted(s), 'string')
  if (two === '<<' && scanHeredoc(s)) return 'heredoc'
  if (Object.hasOwn(CLOSERS, c)) return (open.push(s.pos++), 'open')
  if (c === '=' && two !== '==' && two !== '=>') return (s.pos++, 'equals')
  if (matchAt(IDENT, s)) return 'ident'
  s.pos += two === '==' || two === '=>' ? 2 : 1
  return 'other'
}

function closeBracket(s: Scan, open: number[]): boolean {
  const c = s.src[s.pos]
  const opener = open.pop()
  if (opener === undefined) fail(s, s.pos, `unexpected "${c}" with no matching opening bracket`)
  else if (CLOSERS[s.src[opener]] !== c) fail(s, s.pos, `"${c}" does not close the "${s.src[opener]}" opened at ${lineColumn(s.src, opener)}`)
  else return (s.pos++, true)
  return false
}

function matchAt(re: RegExp, s: Scan): RegExpExecArray | null {
  re.lastIndex = s.pos
  const m = re.exec(s.src)
  if (m) s.pos = re.lastIndex
  return m
}

function skipLine(s: Scan): void {
  const nl = s.src.indexOf('\n', s.pos)
  s.pos = nl < 0 ? s.src.length : nl
}

function skipBlockComment(s: Scan): void {
  const end = s.src.indexOf('*/', s.pos + 2)
  if (end < 0) fail(s, s.pos, 'the comment "/*" is never closed')
  else s.pos = end + 2
}

// Steps over one piece of template text: an escaped `$${`/`%%{`, a whole `${…}`/`%{…}`
// interpolation (an expression, which may hold strings, braces and newlines), or one character.
function stepTemplate(s: Scan): void {
  const three = s.src.slice(s.pos, s.pos + 3)
  const two = three.slice(0, 2)
  if (three === '$${' || three === '%%{') s.pos += 3
  else if (two === '${' || two === '%{') {
    s.pos += 2
    scanCode(s, s.pos - 2, undefined)
  } else s.pos++
}

// A quoted string: backslash escapes, templates, and no raw newline before the closing quote.
function scanQuoted(s: Scan): void {
  const start = s.pos++
  while (s.pos < s.src.length) {
    const c = s.src[s.pos]
    if (c === '"') return void s.pos++
    if (c === '\n' || (c === '\\' && (s.src[s.pos + 1] ?? '\n') === '\n')) break
    if (c === '\\') s.pos += 2
    else stepTemplate(s)
  }
  fail(s, start, 'the string is never closed on its line')
}

// `<<EOF` / `<<-EOF` up to the line holding only the marker (indentation allowed, as HCL does).
// Heredoc text has templates but no backslash escapes.
function scanHeredoc(s: Scan): boolean {
  const start = s.pos
  const m = matchAt(HEREDOC_START, s)
  if (!m) return false
  const closing = new RegExp(`[ \\t]*${m[2]}(?=\\r?\\n|$)`, 'y')
  while (s.pos < s.src.length) {
    if (matchAt(closing, s)) return true
    while (s.pos < s.src.length && s.src[s.pos] !== '\n') stepTemplate(s)
    s.pos++
  }
  fail(s, start, `the heredoc "<<${m[1]}${m[2]}" has no closing "${m[2]}" line`)
  return true
}

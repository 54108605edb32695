// Terraform diagnostics (errors and warnings) and their plain rendering, as `-no-color` prints
// them: `\nError: <summary>\n\n[  on FILE line N, in BLOCK:\n  NNNN: code\n\n]<detail>\n`. The
// simulator always prints this plain form, also without -no-color (no boxes, no colour codes).
// Detail text is word-wrapped at 78 columns like Terraform on a non-terminal (lines that start
// with a space are left alone).

/** Where a diagnostic points: a config file, a line, that line's text, and the enclosing block. */
export interface Subject {
  file: string
  line: number
  text: string
  context?: string
}

/** One diagnostic: severity, one-line summary, free-text detail and an optional source location. */
export interface Diagnostic {
  severity: 'error' | 'warning'
  summary: string
  detail: string
  subject?: Subject
}

/** An expected failure: the diagnostics to print; main() prints them and exits 1 (or `exitCode`). */
export class TfError extends Error {
  diags: Diagnostic[]
  exitCode: number
  constructor(diags: Diagnostic[], exitCode = 1) {
    super(diags.map((d) => d.summary).join('; '))
    this.diags = diags
    this.exitCode = exitCode
  }
}

/** An error diagnostic. */
export const errorDiag = (summary: string, detail = '', subject?: Subject): Diagnostic => ({ severity: 'error', summary, detail, subject })

/** A warning diagnostic. */
export const warningDiag = (summary: string, detail = ''): Diagnostic => ({ severity: 'warning', summary, detail })

/** Throws a TfError with one error diagnostic. */
export function fail(summary: string, detail = '', subject?: Subject): never {
  throw new TfError([errorDiag(summary, detail, subject)])
}

/** The terminal width Terraform assumes when its output is not a terminal. */
export const COLUMNS = 78

/** One diagnostic in Terraform's plain form (DiagnosticPlain). */
export function renderDiagnostic(d: Diagnostic): string {
  let out = d.severity === 'error' ? '\nError: ' : '\nWarning: '
  out += `${d.summary}\n\n`
  if (d.subject) {
    const s = d.subject
    out += `  on ${s.file} line ${s.line}${s.context ? `, in ${s.context}` : ''}:\n`
    out += `${String(s.line).padStart(4)}: ${s.text}\n\n`
  }
  if (d.detail) {
    for (const line of d.detail.split('\n')) out += `${line.startsWith(' ') ? line : wrapString(line, COLUMNS - 1)}\n`
  }
  return out
}

/** Terraform's format.WordWrap: wraps each line that does not start with a space. */
export function wordWrap(text: string, width = COLUMNS): string {
  return text.split('\n').map((l) => (l.startsWith(' ') ? l : wrapString(l, width - 1))).join('\n')
}

/** mitchellh/go-wordwrap WrapString: breaks at whitespace so lines stay within `lim` where possible. */
export function wrapString(s: string, lim: number): string {
  let buf = ''
  let current = 0
  let word = ''
  let space = ''
  const flush = (): void => {
    current += space.length + word.length
    buf += space + word
    space = ''
    word = ''
  }
  for (const ch of s) {
    if (ch === '\n') {
      if (word === '') {
        if (current + space.length <= lim) buf += space
        space = ''
      } else flush()
      buf += ch
      current = 0
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (space === '' || word !== '') flush()
      space += ch
    } else {
      word += ch
      if (current + space.length + word.length > lim && word.length < lim) {
        buf += '\n'
        current = 0
        space = ''
      }
    }
  }
  if (word === '') {
    if (current + space.length <= lim) buf += space
  } else buf += space + word
  return buf
}

/** Prints diagnostics: errors to stderr, warnings to stdout (as Terraform does). */
export function printDiagnostics(diags: readonly Diagnostic[], io: { stdout: (t: string) => void; stderr: (t: string) => void }): void {
  for (const d of diags) (d.severity === 'error' ? io.stderr : io.stdout)(renderDiagnostic(d))
}

/** Turns a thrown value into diagnostics: a TfError's own, anything else as an internal error. */
export function diagnosticsOf(e: unknown): Diagnostic[] {
  if (e instanceof TfError) return e.diags
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e)
  return [errorDiag('Internal error in the terraform simulator', msg)]
}

// `terraform fmt [-check] [-diff] [-list=false] [-write=false] [-recursive] [TARGET...]` with the
// simulator's documented notion of "unformatted": CR characters (CRLF), trailing whitespace, tabs in
// indentation, or not ending in exactly one newline (missing final newline, trailing blank lines).
// Alignment of `=` and indentation depth are NOT checked. Exit 0 (clean), 3 (-check, some files
// need formatting), 2 (a file does not parse; diagnostic on stderr).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { parseFile } from '../lang/config.ts'
import type { Ctx } from '../state/context.ts'
import { TfError, fail, type Diagnostic } from '../render/diag.ts'
import { flags } from './flags.ts'
import { lcs } from '../render/render-diff.ts'

const EXTENSIONS = ['.tf', '.tfvars', '.tftest.hcl']
const SPEC = { check: 'bool', diff: 'bool', list: 'bool', write: 'bool', recursive: 'bool', 'no-color': 'bool' } as const

/** The formatted text of a file under the simulator's rules. */
export function formatText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => {
    const indent = /^[ \t]*/.exec(l)?.[0] ?? ''
    return (indent.replace(/\t/g, '  ') + l.slice(indent.length)).replace(/[ \t]+$/, '')
  })
  while (lines.length && lines[lines.length - 1] === '') lines.pop()
  return lines.length ? `${lines.join('\n')}\n` : ''
}

function listDir(dir: string, recursive: boolean): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      if (recursive && !name.startsWith('.')) out.push(...listDir(full, true))
    } else if (EXTENSIONS.some((e) => name.endsWith(e))) out.push(full)
  }
  return out
}

function filesOf(ctx: Ctx, target: string, recursive: boolean): Array<{ full: string; shown: string }> {
  if (target === '-') fail('Unsupported option', 'The terraform simulator cannot format standard input.')
  const full = resolve(ctx.dir, target)
  if (!existsSync(full)) fail(`No file or directory at ${target}`, `There is no file or directory at ${target}.`)
  if (!statSync(full).isDirectory()) {
    if (!EXTENSIONS.some((e) => full.endsWith(e))) fail('Only .tf, .tfvars, and .tftest.hcl files can be processed with terraform fmt')
    return [{ full, shown: target }]
  }
  return listDir(full, recursive).map((f) => ({ full: f, shown: join(target, relative(full, f)) }))
}

function unifiedDiff(shown: string, before: string, after: string): string {
  const lines = lcs(before.replace(/\r/g, '').split('\n'), after.split('\n'), (a, b) => a === b)
  const body = lines.map((l) => `${l.op}${l.v}`).join('\n')
  return `--- old/${shown}\n+++ new/${shown}\n${body}\n`
}

/** Runs `terraform fmt`. */
export async function fmtCommand(ctx: Ctx, args: string[]): Promise<number> {
  const f = flags('fmt', args, SPEC)
  const check = f.bool('check', false)
  const write = !check && f.bool('write', true)
  const list = f.bool('list', true)
  const targets = f.positionals.length ? f.positionals : ['.']
  const files = targets.flatMap((t) => filesOf(ctx, t, f.bool('recursive', false)))
  const diags: Diagnostic[] = []
  let changed = 0
  for (const { full, shown } of files) {
    const text = readFileSync(full, 'utf8')
    try {
      await parseFile(basename(full).replace(/\.tftest\.hcl$/, '.tf'), text)
    } catch (e) {
      if (!(e instanceof TfError)) throw e
      diags.push(...e.diags)
      continue
    }
    const formatted = formatText(text)
    if (formatted === text) continue
    changed++
    if (list) ctx.out(`${shown}\n`)
    if (f.bool('diff', false)) ctx.out(unifiedDiff(shown, text, formatted))
    if (write) writeFileSync(full, formatted)
  }
  if (diags.length) {
    ctx.report(diags)
    return 2
  }
  return check && changed ? 3 : 0
}

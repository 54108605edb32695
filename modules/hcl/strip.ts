// Post-processing of the kubernetes.tf that `kops update cluster --target terraform` writes: the
// provider and terraform settings belong to our 2-kops layer, so kOps's own copies are removed.
import { lex, type Token } from './lexer.ts'

/** The stripped text and what was removed (in file order), or why the file could not be read. */
export type StripResult = { ok: true; text: string; removed: string[] } | { ok: false; error: string }

/** Provider aliases referenced by `provider = NAME.ALIAS` attributes, sorted and unique. */
export type AliasesResult = { ok: true; aliases: string[] } | { ok: false; error: string }

/** Where the missing provider configurations belong, for the wording of `checkAliases`. */
export interface Layer {
  name: string
  configFile: string
}

interface Found {
  start: number
  end: number
  name: string
}

/**
 * Removes every top-level `provider "aws" { … }` block, the `terraform { … }` block and the legacy
 * `terraform = { … }` attribute, keeping every other byte. An item alone on its lines goes with
 * those lines plus one blank line after it (an item ending the file takes the blank line before
 * it instead); items separated only by blank lines go as one run. A comment after the closing
 * brace goes with the item, comments above it stay; an item sharing its first line with something
 * else loses only its own text. Errors carry `line:column`.
 */
export function stripKopsTerraform(text: string): StripResult {
  const lexed = lex(text)
  if (!lexed.ok) return lexed
  const found = findRemovable(lexed.tokens)
  let out = ''
  let from = 0
  for (const [start, end] of removalRanges(text, found)) {
    out += text.slice(from, start)
    from = end
  }
  return { ok: true, text: out + text.slice(from), removed: found.map((f) => f.name) }
}

// The top-level items to remove, found on the token stream (so strings and comments never match).
function findRemovable(tokens: Token[]): Found[] {
  const found: Found[] = []
  let depth = 0
  let lineStart = true
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'newline') lineStart = true
    if (t.kind === 'newline' || t.kind === 'comment') continue
    const hit = depth === 0 && lineStart ? matchRemovable(tokens, i) : undefined
    if (hit) {
      found.push(hit.found)
      i = hit.close
    } else if (t.kind === 'open') depth++
    else if (t.kind === 'close') depth--
    lineStart = false
  }
  return found
}

// `terraform {`, `terraform = {` or `provider "aws" {` starting at token i.
function matchRemovable(tokens: Token[], i: number): { found: Found; close: number } | undefined {
  const [a, b] = following(tokens, i, 2)
  const word = tokens[i].kind === 'ident' ? tokens[i].text : ''
  let open: number | undefined
  let name = word
  if (word === 'terraform' && isBrace(tokens[a])) open = a
  else if (word === 'terraform' && tokens[a]?.kind === 'equals' && isBrace(tokens[b])) {
    open = b
    name = 'terraform (legacy = form)'
  } else if (word === 'provider' && /^(aws|"aws")$/.test(tokens[a]?.text ?? '') && isBrace(tokens[b])) {
    open = b
    const alias = blockAlias(tokens, b)
    name = alias === undefined ? 'provider "aws"' : `provider "aws" (alias ${alias})`
  }
  if (open === undefined) return undefined
  const close = matchingClose(tokens, open)
  // A comment after the closing brace, on its line, goes with the item.
  const last = tokens[close + 1]?.kind === 'comment' ? close + 1 : close
  return { found: { start: tokens[i].start, end: tokens[last].end, name }, close: last }
}

const isBrace = (t: Token | undefined): boolean => t?.kind === 'open' && t.text === '{'

// The indexes of the next `n` tokens after i on the same line, skipping comments.
function following(tokens: Token[], i: number, n: number): number[] {
  const out: number[] = []
  for (let j = i + 1; j < tokens.length && out.length < n && tokens[j].kind !== 'newline'; j++) {
    if (tokens[j].kind !== 'comment') out.push(j)
  }
  return out
}

// The lexer guarantees balance, so the matching close bracket always exists.
function matchingClose(tokens: Token[], open: number): number {
  let depth = 0
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j].kind === 'open') depth++
    else if (tokens[j].kind === 'close' && --depth === 0) return j
  }
  return tokens.length - 1
}

// The `alias = "NAME"` attribute directly in the block opened at token `open`.
function blockAlias(tokens: Token[], open: number): string | undefined {
  const close = matchingClose(tokens, open)
  let depth = 0
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j]
    if (t.kind === 'open') depth++
    else if (t.kind === 'close') depth--
    else if (depth === 0 && t.kind === 'ident' && t.text === 'alias' && startsLine(tokens, j)) {
      const [eq, value] = following(tokens, j, 2)
      if (tokens[eq]?.kind === 'equals' && tokens[value]?.kind === 'string') return tokens[value].text.slice(1, -1)
    }
  }
  return undefined
}

// True when only comments separate token j from the previous newline or opening brace.
function startsLine(tokens: Token[], j: number): boolean {
  for (let k = j - 1; k >= 0; k--) {
    if (tokens[k].kind !== 'comment') return tokens[k].kind === 'newline' || isBrace(tokens[k])
  }
  return true
}

const BLANK = /^[ \t\r]*$/
const BLANK_LINE = /[ \t\r]*\n/y

// Byte ranges to cut, per the rule documented on `stripKopsTerraform`.
function removalRanges(src: string, found: Found[]): Array<[number, number]> {
  const runs: Array<[number, number, boolean]> = []
  for (const f of found) {
    const [start, end, whole] = wholeLines(src, f.start, f.end)
    const last = runs[runs.length - 1]
    if (last && last[2] && whole && /^\s*$/.test(src.slice(last[1], start))) last[1] = end
    else runs.push([start, end, whole])
  }
  return runs.map(([start, end, whole]) => (whole ? withBlankLine(src, start, end) : [start, end]))
}

// The item's whole lines when nothing else shares them, else exactly its bytes.
function wholeLines(src: string, start: number, end: number): [number, number, boolean] {
  const lineStart = src.lastIndexOf('\n', start - 1) + 1
  const newline = src.indexOf('\n', end)
  const lineEnd = newline < 0 ? src.length : newline + 1
  const whole = BLANK.test(src.slice(lineStart, start)) && BLANK.test(src.slice(end, newline < 0 ? src.length : newline))
  return whole ? [lineStart, lineEnd, true] : [start, end, false]
}

function withBlankLine(src: string, start: number, end: number): [number, number] {
  BLANK_LINE.lastIndex = end
  if (BLANK_LINE.test(src)) return [start, BLANK_LINE.lastIndex]
  if (!/^\s*$/.test(src.slice(end)) || start === 0) return [start, end]
  const previous = src.lastIndexOf('\n', start - 2) + 1
  return BLANK.test(src.slice(previous, start - 1)) ? [previous, end] : [start, end]
}

/** The `NAME.ALIAS` values of `provider = NAME.ALIAS` attributes (e.g. `aws.files`), sorted, unique. */
export function providerAliasesReferenced(text: string): AliasesResult {
  const lexed = lex(text)
  if (!lexed.ok) return lexed
  const tokens = lexed.tokens
  const aliases = new Set<string>()
  tokens.forEach((t, j) => {
    if (t.kind !== 'ident' || t.text !== 'provider' || !startsLine(tokens, j)) return
    const [eq, name, dot, alias] = following(tokens, j, 4).map((k) => tokens[k])
    if (eq?.kind === 'equals' && name?.kind === 'ident' && dot?.text === '.' && alias?.kind === 'ident') {
      aliases.add(`${name.text}.${alias.text}`)
    }
  })
  return { ok: true, aliases: [...aliases].sort() }
}

const DEFAULT_LAYER: Layer = { name: '2-kops', configFile: '2-kops/config.tf' }

/**
 * Undefined when every provider alias kubernetes.tf references is in `defined` (`aws.files`
 * style); otherwise one message naming each missing alias and the provider block to add.
 */
export function checkAliases(text: string, defined: string[], layer: Layer = DEFAULT_LAYER): string | undefined {
  const referenced = providerAliasesReferenced(text)
  if (!referenced.ok) return `kubernetes.tf cannot be read: ${referenced.error}`
  const missing = referenced.aliases.filter((a) => !defined.includes(a))
  if (missing.length === 0) return undefined
  const blocks = missing.map((a) => `provider "${a.split('.')[0]}" { alias = "${a.split('.')[1]}" }`)
  const noun = missing.length === 1 ? 'provider' : 'providers'
  return `kubernetes.tf references ${noun} ${listing(missing)}, which ${layer.name} does not configure; add ${listing(blocks)} to ${layer.configFile}`
}

// "a", "a and b", "a, b and c".
function listing(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

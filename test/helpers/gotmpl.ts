// A small interpreter for the subset of Go text/template (+ sprig's `replace`) that the seed's
// cluster template uses, so tests can render the Go template without Go or kOps. It runs as
// `kops toolbox template` does: values decoded from JSON (numbers are float64), missing map keys
// are errors (kops sets missingkey=error by default, --fail-on-missing). Anything outside the
// subset throws: a test must never pass because a construct was silently skipped.
//
// Supported: text; {{ pipeline }} whose commands are `.a.b`, `.`, `$`, `$.a.b`, `$x.a`, "strings",
// `raw strings`, and the functions not / index / replace; `|` pipes; {{ if P }} / {{ else }} /
// {{ end }}; {{ range P }}, {{ range $x := P }}, {{ range $i, $x := P }} (maps in sorted key order,
// with an {{ else }} branch). Not supported (throws): trim markers, comments, with/define/template/
// block, else-if, variable declarations outside range, parentheses, numbers, true/false/nil.

/** A value inside the template: JSON data (numbers are Go float64) or a Go int (range indexes). */
type Value = unknown
type Operand = { kind: 'field'; base: string; path: string[] } | { kind: 'string'; value: string } | { kind: 'func'; name: string }
type Pipeline = Operand[][]
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'print'; pipe: Pipeline; line: number }
  | { kind: 'if'; pipe: Pipeline; then: Node[]; else: Node[]; line: number }
  | { kind: 'range'; vars: string[]; pipe: Pipeline; body: Node[]; else: Node[]; line: number }

/** One word of an action: space, "string", `raw`, := | ,, $var.path, .field.path, name, or anything else (rejected). */
const TOKEN = /\s+|("(?:[^"\\\n]|\\.)*")|(`[^`]*`)|(:=|[|,])|(\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?)|([A-Za-z_][A-Za-z0-9_]*)|(.)/gy
/** Keywords and constants outside the subset. */
const UNSUPPORTED = new Set(['with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false'])

/** Splits a source into text and `{{ … }}` actions (quotes inside an action may hold `}}`). */
function lex(src: string): Array<{ text: string } | { action: string; line: number }> {
  const parts: Array<{ text: string } | { action: string; line: number }> = []
  let at = 0
  while (at < src.length) {
    const open = src.indexOf('{{', at)
    if (open < 0) { parts.push({ text: src.slice(at) }); break }
    if (open > at) parts.push({ text: src.slice(at, open) })
    const line = src.slice(0, open).split('\n').length
    let i = open + 2
    while (i < src.length && !src.startsWith('}}', i)) {
      const quote = src[i]
      if (quote === '"' || quote === '`') {
        i++
        while (i < src.length && src[i] !== quote) i += src[i] === '\\' && quote === '"' ? 2 : 1
      }
      i++
    }
    if (i >= src.length) throw new Error(`gotmpl: line ${line}: unclosed action`)
    const action = src.slice(open + 2, i)
    if (/^-\s/.test(action) || /\s-$/.test(action)) throw new Error(`gotmpl: line ${line}: trim markers {{- -}} are not supported`)
    if (/^\s*\/\*/.test(action)) throw new Error(`gotmpl: line ${line}: comments are not supported`)
    parts.push({ action, line })
    at = i + 2
  }
  return parts
}

/** The words of one action: strings decoded, punctuation and names kept as written. */
function words(action: string, line: number): Array<{ word: string; string?: string }> {
  const out: Array<{ word: string; string?: string }> = []
  for (const m of action.matchAll(TOKEN)) {
    if (m[7] !== undefined) throw new Error(`gotmpl: line ${line}: unsupported character ${JSON.stringify(m[7])} in {{${action}}}`)
    if (m[1] !== undefined) {
      if (/(^|[^\\])(\\\\)*\\\//.test(m[1])) throw new Error(`gotmpl: line ${line}: bad escape in ${m[1]}`)
      try { out.push({ word: m[1], string: JSON.parse(m[1]) as string }) } catch { throw new Error(`gotmpl: line ${line}: unsupported escape in ${m[1]}`) }
    } else if (m[2] !== undefined) out.push({ word: m[2], string: m[2].slice(1, -1) })
    else if (m[0].trim()) out.push({ word: m[0] })
  }
  return out
}

/** Commands separated by `|`; each is a function name and arguments, or one value. */
function pipeline(ws: Array<{ word: string; string?: string }>, line: number): Pipeline {
  if (ws.length === 0) throw new Error(`gotmpl: line ${line}: missing value`)
  const commands: Pipeline = [[]]
  for (const w of ws) {
    const cmd = commands[commands.length - 1]
    if (w.string !== undefined) cmd.push({ kind: 'string', value: w.string })
    else if (w.word === '|') { if (cmd.length === 0) throw new Error(`gotmpl: line ${line}: empty command`); commands.push([]) }
    else if (w.word.startsWith('.') || w.word.startsWith('$')) {
      const [base, ...path] = w.word.startsWith('.') ? ['.', ...w.word.split('.').slice(1).filter(Boolean)] : w.word.split('.')
      cmd.push({ kind: 'field', base, path })
    } else if (/^[A-Za-z_]/.test(w.word) && !UNSUPPORTED.has(w.word) && !['if', 'range', 'else', 'end'].includes(w.word)) {
      if (cmd.length > 0) throw new Error(`gotmpl: line ${line}: a function (${w.word}) as an argument is not supported`)
      cmd.push({ kind: 'func', name: w.word })
    } else throw new Error(`gotmpl: line ${line}: unsupported ${JSON.stringify(w.word)}`)
  }
  if (commands[commands.length - 1].length === 0) throw new Error(`gotmpl: line ${line}: empty command`)
  return commands
}

/** Parses actions into a tree; returns the nodes and the action that ended the list. */
function parse(parts: ReturnType<typeof lex>, pos: { i: number }, inside: string | undefined): { nodes: Node[]; end: string | undefined } {
  const nodes: Node[] = []
  while (pos.i < parts.length) {
    const part = parts[pos.i++]
    if ('text' in part) { nodes.push({ kind: 'text', text: part.text }); continue }
    const ws = words(part.action, part.line)
    const head = ws[0]?.string === undefined ? ws[0]?.word : undefined
    if (head === 'end' || head === 'else') {
      if (ws.length > 1) throw new Error(`gotmpl: line ${part.line}: {{${part.action}}} is not supported`)
      if (!inside) throw new Error(`gotmpl: line ${part.line}: unexpected {{${head}}}`)
      return { nodes, end: head }
    }
    if (head && UNSUPPORTED.has(head)) throw new Error(`gotmpl: line ${part.line}: {{ ${head} }} is not supported`)
    if (head === 'if' || head === 'range') {
      let rest = ws.slice(1)
      const vars: string[] = []
      const decl = rest.findIndex((w) => w.word === ':=')
      if (decl >= 0) {
        if (head === 'if') throw new Error(`gotmpl: line ${part.line}: variables in if are not supported`)
        const names = rest.slice(0, decl).map((w) => w.word).join(' ')
        if (!/^\$\w+( , \$\w+)?$/.test(names)) throw new Error(`gotmpl: line ${part.line}: bad range variables: ${names}`)
        vars.push(...names.split(' , '))
        rest = rest.slice(decl + 1)
      }
      const pipe = pipeline(rest, part.line)
      const body = parse(parts, pos, head)
      const other = body.end === 'else' ? parse(parts, pos, head) : { nodes: [], end: 'end' }
      if (other.end !== 'end') throw new Error(`gotmpl: line ${part.line}: {{ ${head} }} is not closed by {{ end }}`)
      nodes.push(head === 'if'
        ? { kind: 'if', pipe, then: body.nodes, else: other.nodes, line: part.line }
        : { kind: 'range', vars, pipe, body: body.nodes, else: other.nodes, line: part.line })
      continue
    }
    if (ws.some((w) => w.word === ':=')) throw new Error(`gotmpl: line ${part.line}: variable declarations are not supported`)
    nodes.push({ kind: 'print', pipe: pipeline(ws, part.line), line: part.line })
  }
  if (inside) throw new Error(`gotmpl: {{ ${inside} }} is not closed by {{ end }}`)
  return { nodes, end: undefined }
}

/** A JSON object, which Go sees as map[string]interface{}. */
const isMap = (v: Value): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Go's truth: false, 0, "", nil and empty slices or maps are false; any other map is true. */
export function goTruth(v: Value): boolean {
  if (v === null || v === undefined) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'bigint') return v !== 0n
  if (typeof v === 'string') return v.length > 0
  if (Array.isArray(v)) return v.length > 0
  return Object.keys(v as object).length > 0
}

/** A float64 as fmt's %v prints it: shortest digits, exponent form below 1e-4 or from 1e6 on. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  const [mantissa, e] = x.toExponential().split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  const sign = x < 0 ? '-' : ''
  const digits = mantissa.replace(/^-/, '').replace('.', '')
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  return digits.length <= exp + 1 ? `${sign}${digits.padEnd(exp + 1, '0')}` : `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

/** Map keys in Go's order (byte-wise on UTF-8). */
const sortedKeys = (m: Record<string, Value>): string[] => Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

/** fmt's %v of a value; `nested` values print nil as <nil>, the action's own nil as <no value>. */
export function goPrint(v: Value, nested = false): string {
  if (v === null || v === undefined) return nested ? '<nil>' : '<no value>'
  if (typeof v === 'string') return v
  if (typeof v === 'number') return goFloat(v)
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v)) return `[${v.map((x) => goPrint(x, true)).join(' ')}]`
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goPrint(v[k], true)}`).join(' ')}]`
  throw new Error(`gotmpl: cannot print ${typeof v}`)
}

/** strings.Replace(s, old, new, -1): an empty `old` inserts `new` around every character. */
export function goReplace(s: string, old: string, replacement: string): string {
  if (old === '') return replacement + Array.from(s).join(replacement) + (s ? replacement : '')
  return s.split(old).join(replacement)
}

/** Calls one of the functions the template uses (Go builtins not and index, sprig's replace). */
function call(name: string, args: Value[], line: number): Value {
  const fail = (why: string): never => { throw new Error(`gotmpl: line ${line}: ${name}: ${why}`) }
  switch (name) {
    case 'not':
      if (args.length !== 1) fail(`wants 1 argument, got ${args.length}`)
      return !goTruth(args[0])
    case 'replace': // sprig: replace OLD NEW SRC
      if (args.length !== 3) fail(`wants 3 arguments, got ${args.length}`)
      if (args.some((a) => typeof a !== 'string')) fail(`expected strings, got ${args.map((a) => goPrint(a)).join(', ')}`)
      return goReplace(args[2] as string, args[0] as string, args[1] as string)
    case 'index': {
      if (args.length === 0) fail('wants an item')
      let item = args[0]
      for (const key of args.slice(1)) {
        if (isMap(item) && typeof key === 'string') item = Object.hasOwn(item, key) ? item[key] : null // a missing key is Go's zero value, not an error
        else if (Array.isArray(item) && typeof key === 'bigint') item = key >= 0n && key < BigInt(item.length) ? item[Number(key)] : fail(`index out of range: ${key}`)
        else fail(`cannot index ${goPrint(item)} with ${goPrint(key)}`)
      }
      return item
    }
  }
  return fail('unknown function')
}

/** The variables in scope: `$` and the range variables around the current action. */
type Scope = Map<string, Value>

/** `.a.b`, `$.a.b` or `$x.a`: a field chain from dot or a variable, with missingkey=error. */
function lookup(op: Extract<Operand, { kind: 'field' }>, dot: Value, scope: Scope, line: number): Value {
  if (op.base !== '.' && !scope.has(op.base)) throw new Error(`gotmpl: line ${line}: undefined variable ${op.base}`)
  let v = op.base === '.' ? dot : scope.get(op.base)
  for (const name of op.path) {
    if (isMap(v)) {
      if (!Object.hasOwn(v, name)) throw new Error(`gotmpl: line ${line}: map has no entry for key "${name}"`)
      v = v[name]
    } else if (v === null || v === undefined) throw new Error(`gotmpl: line ${line}: nil pointer evaluating .${name}`)
    else throw new Error(`gotmpl: line ${line}: can't evaluate field ${name} in ${goPrint(v)}`)
  }
  return v
}

/** A pipeline's value: each command's result is passed as the next command's last argument. */
function evaluate(pipe: Pipeline, dot: Value, scope: Scope, line: number): Value {
  let piped: { value: Value } | undefined
  for (const [first, ...rest] of pipe) {
    const arg = (op: Operand): Value => {
      if (op.kind === 'string') return op.value
      if (op.kind === 'field') return lookup(op, dot, scope, line)
      throw new Error(`gotmpl: line ${line}: function ${op.name} as an argument`)
    }
    if (first.kind === 'func') {
      piped = { value: call(first.name, [...rest.map(arg), ...(piped ? [piped.value] : [])], line) }
    } else {
      if (rest.length > 0 || piped) throw new Error(`gotmpl: line ${line}: can't give argument to non-function`)
      piped = { value: arg(first) }
    }
  }
  return piped?.value
}

/** Walks the tree, appending output; `range` sets dot (and its variables) per element. */
function execute(nodes: Node[], dot: Value, scope: Scope, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text)
    else if (node.kind === 'print') out.push(goPrint(evaluate(node.pipe, dot, scope, node.line)))
    else if (node.kind === 'if') execute(goTruth(evaluate(node.pipe, dot, scope, node.line)) ? node.then : node.else, dot, scope, out)
    else {
      const list = evaluate(node.pipe, dot, scope, node.line)
      let entries: Array<[Value, Value]>
      if (Array.isArray(list)) entries = list.map((x, i) => [BigInt(i), x])
      else if (isMap(list)) entries = sortedKeys(list).map((k) => [k, list[k]])
      else if (list === null || list === undefined) entries = []
      else throw new Error(`gotmpl: line ${node.line}: range can't iterate over ${goPrint(list)}`)
      if (entries.length === 0) execute(node.else, dot, scope, out)
      for (const [key, value] of entries) {
        const inner = new Map(scope)
        if (node.vars.length === 1) inner.set(node.vars[0], value)
        if (node.vars.length === 2) inner.set(node.vars[0], key).set(node.vars[1], value)
        execute(node.body, value, inner, out)
      }
    }
  }
}

/** Renders a Go template with `data` as both `.` and `$`. Throws on anything outside the subset. */
export function renderGoTemplate(src: string, data: Value): string {
  const { nodes } = parse(lex(src), { i: 0 }, undefined)
  const out: string[] = []
  execute(nodes, data, new Map([['$', data]]), out)
  return out.join('')
}

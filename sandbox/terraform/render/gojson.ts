// JSON the way Terraform (Go's encoding/json) writes it: HTML-safe string escapes (`<` → \u003c),
// numbers without exponents, optional 2-space indentation, and either sorted keys (maps, cty
// values) or insertion order (Go structs). Pre-rendered fragments pass through as RawJson.

/** Already-encoded compact JSON, emitted verbatim (Go's json.RawMessage). */
export class RawJson {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/** How to marshal: sort object keys (maps) or keep insertion order (structs); indent for MarshalIndent. */
export interface MarshalOptions {
  sortKeys?: boolean
  indent?: string
}

const HEX = '0123456789abcdef'

/** A string as Go's encoding/json writes it (escapeHTML on). */
export function goString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`
    else out += ch
  }
  return `${out}"`
}

/** A number the way cty writes it (big.Float 'f' format): never an exponent. */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot encode ${n} as JSON`)
  if (Number.isInteger(n)) return BigInt(n).toString()
  const s = String(n)
  if (!s.includes('e')) return s
  const digits = Math.min(100, Math.max(0, -Math.floor(Math.log10(Math.abs(n))) + 17))
  return n.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '')
}

/** Go-style JSON text of a plain value (objects, arrays, strings, numbers, bools, null, RawJson). */
export function marshal(value: unknown, opts: MarshalOptions = {}): string {
  return encode(value, opts, 0)
}

function encode(v: unknown, opts: MarshalOptions, depth: number): string {
  if (v === null || v === undefined) return 'null'
  if (v instanceof RawJson) return v.text
  if (typeof v === 'string') return goString(v)
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (Array.isArray(v)) return encodeList(v.map((x) => encode(x, opts, depth + 1)), '[', ']', opts, depth)
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>
    let keys = Object.keys(obj).filter((k) => obj[k] !== undefined)
    if (opts.sortKeys) keys = keys.sort(compareStrings)
    const sep = opts.indent ? ': ' : ':'
    return encodeList(keys.map((k) => goString(k) + sep + encode(obj[k], opts, depth + 1)), '{', '}', opts, depth)
  }
  throw new Error(`cannot encode ${typeof v} as JSON`)
}

function encodeList(items: string[], open: string, close: string, opts: MarshalOptions, depth: number): string {
  if (items.length === 0) return open + close
  if (!opts.indent) return open + items.join(',') + close
  const inner = opts.indent.repeat(depth + 1)
  return `${open}\n${items.map((i) => inner + i).join(',\n')}\n${opts.indent.repeat(depth)}${close}`
}

/** Byte-order string comparison (Go's sort.Strings), for sorting keys. */
export function compareStrings(a: string, b: string): number {
  const ba = Buffer.from(a)
  const bb = Buffer.from(b)
  return Buffer.compare(ba, bb)
}

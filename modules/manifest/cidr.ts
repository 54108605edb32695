// CIDR and IP parsing for IPv4 and IPv6, as Go's net.ParseCIDR accepts them, with containment,
// overlap and the canonical form kOps insists on (no bits set after the prefix).

export interface Cidr {
  family: 4 | 6
  /** The address as written (not masked). */
  ip: bigint
  prefix: number
}

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128)

/** Dotted decimal: four 0–255 numbers without leading zeros (Go rejects `10.01.0.0`). */
export function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  let ip = 0n
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined
    ip = (ip << 8n) | BigInt(p)
  }
  return ip
}

// Hex groups of 1–4 digits; the last may be an embedded IPv4 address (two groups' worth).
function groups(s: string): number[] | undefined {
  if (s === '') return []
  const out: number[] = []
  const parts = s.split(':')
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIPv4(p)
      if (v4 === undefined) return undefined
      out.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16))
    else return undefined
  }
  return out
}

/** Colon-hex IPv6 with at most one `::` (no zone). */
export function parseIPv6(s: string): bigint | undefined {
  const halves = s.split('::')
  if (halves.length > 2 || (halves.length === 2 && halves[0].includes('.'))) return undefined
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const all = [...head, ...Array<number>(missing).fill(0), ...tail]
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)
}

/** An IP address of either family, or undefined. */
export function parseIP(s: string): { family: 4 | 6; ip: bigint } | undefined {
  const v4 = parseIPv4(s)
  if (v4 !== undefined) return { family: 4, ip: v4 }
  const v6 = s.includes(':') ? parseIPv6(s) : undefined
  return v6 === undefined ? undefined : { family: 6, ip: v6 }
}

/** `ADDRESS/PREFIX`, or undefined when Go's net.ParseCIDR would fail. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/')
  if (slash < 0) return undefined
  const addr = parseIP(s.slice(0, slash))
  const len = s.slice(slash + 1)
  if (addr === undefined || !/^\d{1,3}$/.test(len) || Number(len) > bits(addr.family)) return undefined
  return { ...addr, prefix: Number(len) }
}

const hostMask = (c: Cidr): bigint => (1n << BigInt(bits(c.family) - c.prefix)) - 1n

/** The network of a CIDR: its address with the bits after the prefix cleared. */
export const network = (c: Cidr): Cidr => ({ ...c, ip: c.ip & ~hostMask(c) })

/** True when no bits are set after the prefix (`10.0.0.0/16`, not `10.0.0.1/16`). */
export const isCanonical = (c: Cidr): boolean => (c.ip & hostMask(c)) === 0n

/** True when `inner` lies inside `outer` (same family, at least as long a prefix). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false
  return network(outer).ip === network({ ...inner, prefix: outer.prefix }).ip
}

/** True when two CIDRs share any address. */
export const overlaps = (a: Cidr, b: Cidr): boolean => contains(a, b) || contains(b, a)

// Eight lowercase hex groups, without leading zeros.
function formatIPv6(ip: bigint): string {
  const g = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn))
  // The longest run of two or more zero groups (the first on ties) becomes `::`, as Go prints it.
  let best = { at: -1, len: 1 }
  for (let i = 0; i < 8; i++) {
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > best.len) best = { at: i, len: j - i }
    i = j
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':')
  if (best.at < 0) return hex(g)
  return `${hex(g.slice(0, best.at))}::${hex(g.slice(best.at + best.len))}`
}

/** An address as Go prints it (an IPv4-mapped IPv6 address prints as IPv4). */
export function formatIP(family: 4 | 6, ip: bigint): string {
  if (family === 6 && ip >> 32n !== 0xffffn) return formatIPv6(ip)
  const v4 = ip & 0xffffffffn
  return [24n, 16n, 8n, 0n].map((s) => String((v4 >> s) & 0xffn)).join('.')
}

export const formatCidr = (c: Cidr): string => `${formatIP(c.family, c.ip)}/${c.prefix}`

// Built-in functions: the registry and dispatcher (arity checks, unknown propagation, error
// wording), plus the string, encoding, file and network functions. Only the functions the
// configurations fed to the simulator call are implemented (the repository's layers, the
// kOps-generated kubernetes.tf, the tests' fixtures); other Terraform functions fail with
// "Unsupported function", and names Terraform does not know with "Call to unknown function", as
// real Terraform does.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { fail } from '../render/diag.ts'
import { COLLECTION_FUNCTIONS, FnError, type FnDef } from './functions-collections.ts'
import { marshal } from '../render/gojson.ts'
import { UNKNOWN, Unknown, asString, plain, whollyKnown, withType, type Value } from './values.ts'

/** Every function name real Terraform has, for telling "unsupported here" from "unknown". */
const TERRAFORM_FUNCTIONS = `abs abspath alltrue anytrue base64decode base64encode base64gzip base64sha256 base64sha512 basename
bcrypt can ceil chomp chunklist cidrhost cidrnetmask cidrsubnet cidrsubnets coalesce coalescelist compact concat contains
csvdecode dirname distinct element endswith file filebase64 filebase64sha256 filebase64sha512 fileexists filemd5 fileset
filesha1 filesha256 filesha512 flatten floor format formatdate formatlist indent index issensitive join jsondecode jsonencode
keys length log lookup lower matchkeys max md5 merge min nonsensitive one parseint pathexpand plantimestamp pow range regex
regexall replace reverse rsadecrypt sensitive setintersection setproduct setsubtract setunion sha1 sha256 sha512 signum slice
sort split startswith strcontains strrev substr sum templatefile textdecodebase64 textencodebase64 timeadd timecmp timestamp
title tobool tolist tomap tonumber toset tostring transpose trim trimprefix trimspace trimsuffix try type upper urlencode
uuid uuidv5 values yamldecode yamlencode zipmap`.split(/\s+/)

const str = (v: Value): string => {
  const s = asString(v)
  if (s === undefined) throw new FnError('a string is required')
  return s
}
const num = (v: Value): number => {
  const n = typeof v === 'string' ? Number(v) : v
  if (typeof n !== 'number' || Number.isNaN(n)) throw new FnError('a number is required')
  return n
}
const strList = (items: string[]): Value[] => withType(items, ['list', 'string'])
function readFile(path: string, baseDir: string): Buffer {
  const full = isAbsolute(path) ? path : resolve(baseDir, path)
  if (!existsSync(full) || statSync(full).isDirectory()) {
    throw new FnError(`no file exists at "${path}"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource`)
  }
  return readFileSync(full)
}

/** file(): a file's text, which must be valid UTF-8. */
export function fileText(path: string, baseDir: string): string {
  const data = readFile(path, baseDir)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    throw new FnError(`contents of "${path}" are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`)
  }
}

function format(args: Value[]): string {
  const [fmt, ...rest] = args
  let n = 0
  return str(fmt).replace(/%([-+ #0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%'
    if (n >= rest.length) throw new FnError(`not enough arguments for "%${verb}" at ${n}`)
    const v = rest[n++]
    let s: string
    if (verb === 'd') s = String(Math.trunc(num(v)))
    else if (verb === 'f') s = num(v).toFixed(prec === undefined ? 6 : Number(prec))
    else if (verb === 'q') s = JSON.stringify(str(v))
    else if (verb === 't') s = String(v === true || v === 'true')
    else if (verb === 's' || verb === 'v') s = asString(v) ?? marshal(plain(v), { sortKeys: true })
    else throw new FnError(`unrecognized format character '${verb}'`)
    if (width && s.length < Number(width)) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') ? '0' : ' ')
    return s
  })
}

function goRegex(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags)
  } catch (e) {
    throw new FnError(`invalid regular expression: ${(e as Error).message}`)
  }
}

function regex([p, s]: Value[]): Value {
  const m = goRegex(str(p)).exec(str(s))
  if (!m) throw new FnError('pattern did not match any part of the given string')
  if (m.groups) return { ...m.groups } as Record<string, Value>
  return m.length > 1 ? strList(m.slice(1).map((g) => g ?? '')) : m[0]
}

function replace([s, from, to]: Value[]): string {
  const f = str(from)
  if (f.length > 1 && f.startsWith('/') && f.endsWith('/')) return str(s).replace(goRegex(f.slice(1, -1), 'g'), str(to).replace(/\$\{(\w+)\}/g, '$$$1'))
  return str(s).split(f).join(str(to))
}

function ipv4(cidr: string): { addr: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr)
  if (!m) throw new FnError(`invalid CIDR expression: ${cidr} (the simulator supports IPv4 only)`)
  return { addr: ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0, bits: Number(m[5]) }
}
const dotted = (a: number): string => [24, 16, 8, 0].map((s) => (a >>> s) & 255).join('.')

function cidrsubnet([prefix, newbits, netnum]: Value[]): string {
  const { addr, bits } = ipv4(str(prefix))
  const nb = bits + num(newbits)
  if (nb > 32) throw new FnError(`insufficient address space to extend prefix of ${bits} by ${num(newbits)}`)
  const base = bits === 0 ? 0 : (addr & (~0 << (32 - bits))) >>> 0
  return `${dotted((base + num(netnum) * 2 ** (32 - nb)) >>> 0)}/${nb}`
}

const F = (min: number, max: number, impl: FnDef['impl']): FnDef => ({ min, max, impl })

/** All implemented functions, by name. */
export const FUNCTIONS: Record<string, FnDef> = {
  ...COLLECTION_FUNCTIONS,
  format: F(1, Infinity, format),
  join: F(2, Infinity, ([sep, ...ls]) => ls.flatMap((l) => (Array.isArray(l) ? l : [])).map(str).join(str(sep))),
  split: F(2, 2, ([sep, s]) => strList(str(s).split(str(sep)))),
  lower: F(1, 1, ([s]) => str(s).toLowerCase()),
  upper: F(1, 1, ([s]) => str(s).toUpperCase()),
  replace: F(3, 3, replace),
  regex: F(2, 2, regex),
  jsonencode: F(1, 1, ([v]) => marshal(plain(v), { sortKeys: true })),
  jsondecode: F(1, 1, ([s]) => { try { return JSON.parse(str(s)) as Value } catch (e) { throw new FnError(`invalid JSON: ${(e as Error).message}`) } }),
  file: F(1, 1, ([p], dir) => fileText(str(p), dir)),
  filebase64: F(1, 1, ([p], dir) => readFile(str(p), dir).toString('base64')),
  cidrsubnet: F(3, 3, cidrsubnet),
}

/** Calls a built-in function with evaluated arguments, as Terraform would. */
export function callFunction(name: string, args: Value[], baseDir: string): Value {
  const def = FUNCTIONS[name]
  if (!def) {
    if (TERRAFORM_FUNCTIONS.includes(name)) fail('Unsupported function', `The terraform simulator does not implement the function "${name}". Supported functions: ${Object.keys(FUNCTIONS).sort().join(', ')}, try, can, templatefile.`)
    fail('Call to unknown function', `There is no function named "${name}".`)
  }
  if (args.length < def.min) fail('Not enough function arguments', `Function "${name}" expects ${def.min} argument(s). Missing value for argument ${args.length + 1}.`)
  if (args.length > def.max) fail('Too many function arguments', `Function "${name}" expects only ${def.max} argument(s).`)
  if (args.some((a) => a instanceof Unknown) || (!def.partial && !args.every(whollyKnown))) return UNKNOWN
  try {
    return def.impl(args, baseDir)
  } catch (e) {
    if (e instanceof FnError) fail('Error in function call', `Call to function "${name}" failed: ${e.message}.`)
    throw e
  }
}

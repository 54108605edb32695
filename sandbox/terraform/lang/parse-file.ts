// One configuration file parsed to hcl2json's JSON form, with a cache: hcl2json is a WebAssembly
// module (about a second of CPU to load), so parses are kept by the text's digest in memory and on
// disk, in one directory per parser version shared by every sandbox of the repository.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SANDBOX_CACHE_DIR } from '../../common/state-dir.ts'
import { TfError, errorDiag, fail } from '../render/diag.ts'

const parsed = new Map<string, string>()

/** The installed hcl2json's version, or undefined if its package.json cannot be read. */
function parserVersion(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@cdktf/hcl2json/package.json')
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown }
    return typeof version === 'string' ? version : undefined
  } catch {
    return undefined
  }
}

/**
 * Where parses are kept on disk: beside every sandbox, not in one (a parse is a function of the
 * text and the parser, so the parser's version names the directory), and a new sandbox does not
 * load hcl2json's WebAssembly again — about a second of CPU per miss. No disk cache when the
 * parser's version is unknown.
 */
const VERSION = parserVersion()
export const HCL_CACHE = VERSION === undefined ? undefined : join(SANDBOX_CACHE_DIR, `hcl2json-${VERSION}`)

/**
 * Parses one file to hcl2json's JSON form; syntax errors become Terraform-style diagnostics.
 * hcl2json (a WebAssembly module, slow to load) is imported only on a cache miss; results are
 * kept by content hash in memory and, with `cacheDir`, on disk. The disk cache is only a speed-up:
 * an unreadable entry is parsed again, and one that cannot be written is not kept.
 */
export async function parseFile(file: string, text: string, cacheDir: string | undefined = HCL_CACHE): Promise<Record<string, unknown>> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text) as Record<string, unknown>
    } catch (e) {
      return fail('Invalid JSON', `${file}: ${(e as Error).message}`)
    }
  }
  const key = createHash('sha256').update(text).digest('hex')
  const path = cacheDir ? join(cacheDir, `${key}.json`) : undefined
  // Each caller gets its own copy (callers may change what they get): parsed from the kept text.
  const kept = parsed.get(key) ?? (path ? readCached(path) : undefined)
  const doc = kept === undefined ? undefined : jsonObject(kept)
  if (doc) {
    parsed.set(key, kept!)
    return doc
  }
  const { parse } = await import('@cdktf/hcl2json')
  let fresh: Record<string, unknown>
  try {
    fresh = await parse(file, text)
  } catch (e) {
    throw hclError(String((e as Error).message ?? e), { [file]: text })
  }
  const json = JSON.stringify(fresh)
  parsed.set(key, json)
  if (path) writeCached(path, json)
  return fresh
}

/** A cached parse's text, if it can be read (a damaged one fails to parse and is made again). */
function readCached(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

const jsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** Keeps a parse, written whole (temporary file, then rename); a failure only loses the speed-up. */
function writeCached(path: string, json: string): void {
  const tmp = `${path}.${process.pid}`
  try {
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(tmp, json)
    renameSync(tmp, path)
  } catch {
    try {
      rmSync(tmp, { force: true })
    } catch {
      // Nothing was written there either.
    }
  }
}

/** Turns hcl2json's "parse config: [f.tf:1,14-15: Summary; Detail]" into a diagnostic. */
export function hclError(message: string, texts: Record<string, string>): TfError {
  const m = /([^\s[]+):(\d+),\d+(?:-\d+)?: ([^;]+);\s*([\s\S]*?)\]?$/.exec(message)
  if (!m) return new TfError([errorDiag('Invalid configuration', message)])
  const line = Number(m[2])
  const text = texts[m[1]]?.split('\n')[line - 1] ?? ''
  return new TfError([errorDiag(m[3].trim(), m[4].trim(), { file: m[1], line, text })])
}

// Content hashes of input files, reusing a stat cache (size, mtime, inode) so that an unchanged
// tree is stat-ed but not re-read.
import { join } from 'node:path'
import type { FileSystem } from '../fs/mod.ts'
import { sha256 } from './canonical.ts'

interface StatEntry {
  size: number
  mtimeMs: number
  ino: number
  hash: string
  /** When the hash was taken: an entry is trusted only for files older than that (racy-git rule). */
  hashedAt: number
}

/** A file modified this close to hashing time may change again within one mtime tick. */
const RACY_MS = 2000

export class FileHasher {
  #fs: FileSystem
  #root: string
  #now: () => number
  #entries: Record<string, StatEntry>
  #dirty = false
  /** Files read (not served from the stat cache) since creation; benchmarks and tests read it. */
  reads = 0

  constructor(fs: FileSystem, root: string, now: () => number, entries: Record<string, StatEntry> = {}) {
    this.#fs = fs
    this.#root = root
    this.#now = now
    this.#entries = entries
  }

  /** Loads the stat cache from `file`; a missing or unreadable one starts empty. */
  static async load(fs: FileSystem, root: string, file: string, now: () => number): Promise<FileHasher> {
    try {
      const entries = JSON.parse(await fs.readText(file))
      if (entries && typeof entries === 'object' && !Array.isArray(entries)) return new FileHasher(fs, root, now, entries)
    } catch {
      // A missing or corrupt stat cache only costs re-reading files.
    }
    return new FileHasher(fs, root, now)
  }

  async save(file: string): Promise<void> {
    if (this.#dirty) await this.#fs.writeAtomic(file, JSON.stringify(this.#entries))
    this.#dirty = false
  }

  /** Hash of one file (path relative to the root), or "missing". */
  async hash(path: string): Promise<string> {
    const abs = join(this.#root, path)
    const st = await this.#fs.stat(abs)
    if (!st || st.isDirectory) return 'missing'
    const e = this.#entries[path]
    if (e && e.size === st.size && e.mtimeMs === st.mtimeMs && e.ino === st.ino && st.mtimeMs < e.hashedAt - RACY_MS) {
      return e.hash
    }
    const hashedAt = this.#now()
    const hash = sha256(await this.#fs.readBytes(abs))
    this.reads++
    this.#entries[path] = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, hash, hashedAt }
    this.#dirty = true
    return hash
  }

  /** Hashes of every file the patterns name, keyed by path relative to the root. */
  async hashAll(patterns: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    for (const pattern of patterns) {
      const paths = await expand(this.#fs, this.#root, pattern)
      for (const path of paths) out[path] = await this.hash(path)
    }
    return out
  }
}

const isGlob = (segment: string): boolean => /[*?]/.test(segment)

function globToRegExp(pattern: string): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += pattern[i + 2] === '/' ? 2 : 1
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

async function walk(fs: FileSystem, root: string, dir: string, out: string[]): Promise<void> {
  for (const name of await fs.list(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name
    const st = await fs.stat(join(root, rel))
    if (st?.isDirectory) await walk(fs, root, rel, out)
    else if (st) out.push(rel)
  }
}

/**
 * The files a pattern names, sorted: a file, every file under a directory, or the matches of a
 * glob (`*`, `**`, `?`). A plain path that does not exist is kept, so it hashes as "missing".
 */
export async function expand(fs: FileSystem, root: string, pattern: string): Promise<string[]> {
  const segments = pattern.split('/')
  const globAt = segments.findIndex(isGlob)
  if (globAt < 0) {
    const st = await fs.stat(join(root, pattern))
    if (!st?.isDirectory) return [pattern]
    const out: string[] = []
    await walk(fs, root, pattern, out)
    return out
  }
  const base = segments.slice(0, globAt).join('/')
  const all: string[] = []
  await walk(fs, root, base, all)
  const re = globToRegExp(pattern)
  return all.filter((p) => re.test(p)).sort()
}

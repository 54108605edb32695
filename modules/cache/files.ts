// Content hashes of input files, reusing a stat cache (size, mtime, ctime, inode) so that an unchanged
// tree is stat-ed but not re-read. Each file is stat-ed once: the stat taken while listing is the
// one compared with the cache and recorded. File system calls run side by side, a bounded number
// at a time, and come back in a fixed order whatever order they finish in.
import { join } from 'node:path'
import type { FileStat, FileSystem } from '../fs/mod.ts'
import { sha256 } from './canonical.ts'

interface StatEntry {
  size: number
  mtimeMs: number
  /** ctime and inode catch an in-place edit of the same size whose mtime was put back. */
  ctimeMs?: number
  ino: number
  hash: string
  /** When the hash was taken: an entry is trusted only for files older than that (racy-git rule). */
  hashedAt: number
}

/** A file modified this close to hashing time may change again within one mtime tick. */
const RACY_MS = 2000

/**
 * File system calls in flight at once, across every caller of one hasher (and its snapshots):
 * enough to keep the thread pool busy, far below the open-file limit.
 */
export const IO_LIMIT = 64

type Limit = <T>(work: () => Promise<T>) => Promise<T>

/** Runs async work at most `n` at a time, the waiting in the order they asked. */
function limiter(n: number): Limit {
  let active = 0
  let waiting: (() => void)[] = []
  let next = 0
  const done = (): void => {
    active--
    if (next === waiting.length) return
    const start = waiting[next++]
    if (next === waiting.length) (waiting = []), (next = 0)
    start()
  }
  const begin = <T>(work: () => Promise<T>): Promise<T> => {
    active++
    let p: Promise<T>
    try {
      p = work()
    } catch (error) {
      p = Promise.reject(error)
    }
    p.then(done, done)
    return p
  }
  return (work) => (active < n ? begin(work) : new Promise((resolve, reject) => waiting.push(() => begin(work).then(resolve, reject))))
}

/** The files a pattern names, in order, each with the stat taken while finding it (undefined: nothing there). */
type Found = Map<string, FileStat | undefined>

/** What expanding a pattern needs: the port's stat and list, possibly limited and remembered. */
interface Lister {
  stat(abs: string): Promise<FileStat | undefined>
  list(dir: string): Promise<string[]>
}

/** State every view of one hasher shares: the stat cache, its counters, the limit on calls in flight. */
interface Shared {
  fs: FileSystem
  root: string
  now: () => number
  /** Path relative to the root → what it was when last hashed (a Map: any path is a safe key). */
  entries: Map<string, StatEntry>
  dirty: boolean
  reads: number
  limit: Limit
}

/**
 * What a snapshot (or one hashAll call) has seen: each directory listed, each path stat-ed, each
 * pattern expanded and each file hashed once.
 */
interface Memo {
  stats: Map<string, Promise<FileStat | undefined>>
  lists: Map<string, Promise<string[]>>
  expansions: Map<string, Promise<Found>>
  hashes: Map<string, Promise<string>>
}

const newMemo = (): Memo => ({ stats: new Map(), lists: new Map(), expansions: new Map(), hashes: new Map() })

/** The port's stat and list, at most IO_LIMIT in flight, each answer kept in `memo` if there is one. */
function lister({ fs, limit }: Shared, memo: Memo | undefined): Lister {
  return {
    stat: (abs) => remembered(memo?.stats, abs, () => limit(() => fs.stat(abs))),
    list: (dir) => remembered(memo?.lists, dir, () => limit(() => fs.list(dir))),
  }
}

function remembered<T>(memo: Map<string, Promise<T>> | undefined, key: string, make: () => Promise<T>): Promise<T> {
  if (!memo) return make()
  let value = memo.get(key)
  if (!value) memo.set(key, (value = make()))
  return value
}

const isTrusted = (e: StatEntry | undefined, st: FileStat): e is StatEntry =>
  !!e && e.size === st.size && e.mtimeMs === st.mtimeMs && e.ctimeMs === st.ctimeMs && e.ino === st.ino && st.mtimeMs < e.hashedAt - RACY_MS

export class FileHasher {
  #s: Shared
  #memo: Memo | undefined

  constructor(fs: FileSystem, root: string, now: () => number, entries: Record<string, StatEntry> = {}) {
    this.#s = { fs, root, now, entries: new Map(Object.entries(entries)), dirty: false, reads: 0, limit: limiter(IO_LIMIT) }
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

  /** Files read (not served from the stat cache) by this hasher and its snapshots; benchmarks and tests read it. */
  get reads(): number {
    return this.#s.reads
  }

  /**
   * A view for a phase in which nothing writes under the root (gathering facts for a plan): each
   * directory is listed, each path stat-ed, each pattern expanded and each file hashed at most once,
   * however many stages and clusters name it. It shares the stat cache, `reads` and `save` with
   * this hasher. Drop it once anything may write (a stage runs): it would keep answering from
   * what it saw first, while this hasher looks again on every call.
   */
  snapshot(): FileHasher {
    const view = new FileHasher(this.#s.fs, this.#s.root, this.#s.now)
    view.#s = this.#s
    view.#memo = newMemo()
    return view
  }

  async save(file: string): Promise<void> {
    if (this.#s.dirty) await this.#s.fs.writeAtomic(file, JSON.stringify(Object.fromEntries(this.#s.entries)))
    this.#s.dirty = false
  }

  /** Hash of one file (path relative to the root), or "missing". */
  async hash(path: string): Promise<string> {
    const io = lister(this.#s, this.#memo)
    return remembered(this.#memo?.hashes, path, async () => this.#hashStat(path, await io.stat(join(this.#s.root, path))))
  }

  /**
   * Hashes of every file the patterns name, keyed by path relative to the root, in pattern order.
   * Patterns that overlap share their listings and stats: one call looks at each path once.
   */
  async hashAll(patterns: readonly string[]): Promise<Record<string, string>> {
    const memo = this.#memo ?? (patterns.length > 1 ? newMemo() : undefined)
    const io = lister(this.#s, memo)
    const expansions = await Promise.all(patterns.map((p) => remembered(memo?.expansions, p, () => findAll(io, this.#s.root, p))))
    const files: Found = expansions.length === 1 ? expansions[0] : new Map()
    if (expansions.length > 1) for (const found of expansions) for (const [path, st] of found) if (!files.has(path)) files.set(path, st)
    const paths = [...files.keys()]
    const hashes = paths.map((path) => {
      const st = files.get(path)
      return this.#memo ? remembered(this.#memo.hashes, path, async () => this.#hashStat(path, st)) : this.#hashStat(path, st)
    })
    // Served from the stat cache, a hash is there at once: wait only when some file must be read.
    const done = hashes.every((h): h is string => typeof h === 'string') ? hashes : await Promise.all(hashes)
    return Object.fromEntries(paths.map((path, i) => [path, done[i]]))
  }

  /** Hash of a file from the stat just taken: the stat cache's when it still matches (at once), else read. */
  #hashStat(path: string, st: FileStat | undefined): string | Promise<string> {
    const s = this.#s
    if (!st || st.isDirectory) {
      // Forgotten, so the stat cache does not keep deleted files forever.
      if (s.entries.delete(path)) s.dirty = true
      return 'missing'
    }
    const e = s.entries.get(path)
    return isTrusted(e, st) ? e.hash : this.#read(path, st)
  }

  async #read(path: string, st: FileStat): Promise<string> {
    const s = this.#s
    // Taken before reading: content read afterwards is at least this new.
    const hashedAt = s.now()
    const hash = sha256(await s.limit(() => s.fs.readBytes(join(s.root, path))))
    s.reads++
    s.entries.set(path, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, hash, hashedAt })
    s.dirty = true
    return hash
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

type Listed = [path: string, stat: FileStat][]

/** Every file under `dir` with its stat: entries in listed (sorted) order, a subdirectory's files in its place. */
async function walk(io: Lister, root: string, dir: string): Promise<Listed> {
  const abs = join(root, dir)
  const names = await io.list(abs)
  const under = abs.endsWith('/') ? abs : `${abs}/`
  const stats = await Promise.all(names.map((name) => io.stat(under + name)))
  const nested: (Listed | Promise<Listed>)[] = []
  names.forEach((name, i) => {
    const st = stats[i] // undefined: gone between listing and stat
    const rel = dir ? `${dir}/${name}` : name
    if (st?.isDirectory) nested.push(walk(io, root, rel))
    else if (st) nested.push([[rel, st]])
  })
  return (await Promise.all(nested)).flat()
}

const byPath = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The files a pattern names, with their stats: a file, every file under a directory (in walk
 * order), or the matches of a glob (`*`, `**`, `?`), sorted. A plain path that does not exist
 * is kept (with no stat), so it hashes as "missing".
 */
async function findAll(io: Lister, root: string, pattern: string): Promise<Found> {
  const segments = pattern.split('/')
  const globAt = segments.findIndex(isGlob)
  if (globAt < 0) {
    const st = await io.stat(join(root, pattern))
    return st?.isDirectory ? new Map(await walk(io, root, pattern)) : new Map([[pattern, st]])
  }
  const re = globToRegExp(pattern)
  const all = await walk(io, root, segments.slice(0, globAt).join('/'))
  return new Map(all.filter(([p]) => re.test(p)).sort(byPath))
}

/**
 * The files a pattern names, as `FileHasher.hashAll` sees them: a file, every file under a
 * directory, or the sorted matches of a glob (`*`, `**`, `?`). A plain path that does not exist
 * is kept, so it hashes as "missing".
 */
export async function expand(fs: FileSystem, root: string, pattern: string): Promise<string[]> {
  const limit = limiter(IO_LIMIT)
  const io: Lister = { stat: (abs) => limit(() => fs.stat(abs)), list: (dir) => limit(() => fs.list(dir)) }
  return [...(await findAll(io, root, pattern)).keys()]
}

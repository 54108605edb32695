// The real file system behind the port, on node:fs (also what Deno's Node compatibility runs).
import { createWriteStream, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs'
import { link, mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FileStat, FileSystem, LogSink } from './port.ts'

let tmpCounter = 0
const tmpName = (path: string): string => `${path}.${process.pid}.${++tmpCounter}.tmp`

/** Directories this process made or found: each is made once, not once per write. */
const made = new Set<string>()
async function ensureDir(dir: string): Promise<void> {
  if (made.has(dir)) return
  await mkdir(dir, { recursive: true })
  made.add(dir)
}

/**
 * Runs `op`, which creates something in `path`'s directory, after making that directory; once
 * more when it failed with ENOENT because the directory was removed since it was made or found
 * (by hand, or between runs of one long-lived process).
 */
async function inDir<T>(path: string, op: () => Promise<T>): Promise<T> {
  const dir = dirname(path)
  await ensureDir(dir)
  try {
    return await op()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    made.delete(dir)
    await ensureDir(dir)
    return op()
  }
}

/** Removes a temporary file after a failed write: a failure leaves the directory as it was. */
const discard = (tmp: string): Promise<void> => unlink(tmp).catch(() => {})

async function exclusiveWrite(path: string, data: string, mode: number | undefined): Promise<boolean> {
  try {
    await writeFile(path, data, { flag: 'wx', mode: mode ?? 0o644 })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

export const nodeFileSystem: FileSystem = {
  readText: (path) => readFile(path, 'utf8'),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  // Synchronous on purpose: a stat is microseconds of syscall, an async one a thread-pool round
  // trip; the stat cache makes one per input file (2,000 files: ~15 ms instead of ~50 ms).
  async stat(path): Promise<FileStat | undefined> {
    const s = statSync(path, { throwIfNoEntry: false })
    return s && { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, isDirectory: s.isDirectory(), mode: s.mode & 0o777 }
  },
  async list(dir) {
    try {
      return (await readdir(dir)).sort()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return []
      throw error
    }
  },
  async writeAtomic(path, data, mode) {
    const tmp = tmpName(path)
    try {
      await inDir(path, () => writeFile(tmp, data, mode === undefined ? {} : { mode }))
      await rename(tmp, path)
    } catch (error) {
      await discard(tmp)
      throw error
    }
  },
  async remove(path) {
    await rm(path, { force: true, recursive: true })
    for (const dir of made) if (dir === path || dir.startsWith(`${path}/`)) made.delete(dir)
  },
  async createExclusive(path, data, mode) {
    // Written and flushed under a private name first, then linked: link() fails with EEXIST when
    // the name is taken, and whoever reads `path` sees the whole content or nothing.
    const tmp = tmpName(path)
    const file = await inDir(path, () => open(tmp, 'wx', mode ?? 0o644))
    try {
      await file.writeFile(data)
      await file.sync()
    } catch (error) {
      await file.close().catch(() => {})
      await discard(tmp)
      throw error
    }
    await file.close().catch(async (error: unknown) => {
      await discard(tmp)
      throw error
    })
    try {
      await link(tmp, path)
      return true
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return false
      // A file system without hard links: the exclusive create alone (not atomic with the content).
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return exclusiveWrite(path, data, mode)
      throw error
    } finally {
      await discard(tmp)
    }
  },
  async openLog(path): Promise<LogSink> {
    // Resolves once the file is open; a log that cannot be opened is the stage's failure, not a crash.
    const opened = () => new Promise<WriteStream>((resolve, reject) => {
      const stream = createWriteStream(path)
      stream.once('open', () => resolve(stream))
      stream.once('error', reject)
    })
    const stream = await inDir(path, opened)
    stream.on('error', () => {})
    return {
      write: (text) => void stream.write(text),
      close: () => new Promise((resolve) => stream.end(resolve)),
    }
  },
  removeSync(path) {
    try {
      rmSync(path, { force: true })
    } catch {
      // Best effort: this runs on the way out of a forced exit.
    }
  },
  writeAtomicSync(path, data) {
    const tmp = tmpName(path)
    try {
      writeFileSync(tmp, data)
      renameSync(tmp, path)
    } catch (error) {
      rmSync(tmp, { force: true })
      throw error
    }
  },
}

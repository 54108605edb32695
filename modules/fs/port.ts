// The file-system port: everything the engine reads or writes goes through it, so tests can
// swap it and faults can be injected.

export interface FileStat {
  size: number
  mtimeMs: number
  /** Inode change time: moves on every write, even one whose mtime is put back (optional for fakes). */
  ctimeMs?: number
  ino: number
  isDirectory: boolean
  /** Permission bits (`mode & 0o777`), e.g. to warn about a key others can read (optional for fakes). */
  mode?: number
}

/** An append-only log file; `close` resolves once everything is on disk. */
export interface LogSink {
  write(text: string): void
  close(): Promise<void>
}

export interface FileSystem {
  readText(path: string): Promise<string>
  readBytes(path: string): Promise<Uint8Array>
  /** undefined when nothing is at `path`. */
  stat(path: string): Promise<FileStat | undefined>
  /** Entry names of a directory, sorted; empty when it does not exist. */
  list(dir: string): Promise<string[]>
  /** Writes through a temporary file and a rename, creating parent directories; `mode` e.g. 0o600. */
  writeAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void>
  remove(path: string): Promise<void>
  /**
   * Creates a file only if nothing is there (parents created); false when it already exists.
   * Atomic with its content: a reader sees nothing or all of `data`, never a half-written file
   * (the node implementation writes a temporary file, then links it to `path`).
   */
  createExclusive(path: string, data: string, mode?: number): Promise<boolean>
  /** Truncates and opens a log file, creating parent directories. */
  openLog(path: string): Promise<LogSink>
  /**
   * Removes a file synchronously, ignoring every error: for the last moment of a forced exit
   * (a second Ctrl-C), when nothing asynchronous will run any more. Optional for test doubles.
   */
  removeSync?(path: string): void
  /**
   * writeAtomic done synchronously, for small records that a forced exit must not race (a lock's
   * record: an asynchronous rename still in flight could recreate a lock just removed). Optional.
   */
  writeAtomicSync?(path: string, data: string): void
}

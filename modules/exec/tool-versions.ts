// Tool versions for cache keys, without costing a process per run: a binary's version is read
// once and remembered under the state directory, keyed by its resolved path, size and mtime.
import { basename, delimiter, isAbsolute, join } from 'node:path'
import type { FileSystem } from '../fs/mod.ts'
import type { ToolRunner } from './ports.ts'

/** The arguments that make each tool print its version; anything else gets `--version`. */
const VERSION_ARGS: Record<string, string[]> = {
  terraform: ['version'],
  kops: ['version', '--short'],
}

interface Remembered {
  stamp: string
  version: string
}

export class ToolVersions {
  #fs: FileSystem
  #runner: ToolRunner
  #file: string
  #remembered: Record<string, Remembered> | undefined
  #memo = new Map<string, Promise<string>>()
  /** Version processes started by this instance; tests and benchmarks read it. */
  spawned = 0

  /** `file` is where versions are remembered. */
  constructor(fs: FileSystem, runner: ToolRunner, file: string) {
    this.#fs = fs
    this.#runner = runner
    this.#file = file
  }

  /**
   * The version of `tool` (a name looked up on `searchPath`, or an absolute path): its first line
   * of version output, or "not-found". Asked once per run for each tool and path.
   */
  version(tool: string, searchPath: string): Promise<string> {
    const memoKey = `${searchPath}\0${tool}`
    let p = this.#memo.get(memoKey)
    if (!p) this.#memo.set(memoKey, (p = this.#lookup(tool, searchPath)))
    return p
  }

  /** The file a tool name resolves to on `searchPath` (as a shell would find it), if any. */
  async locate(tool: string, searchPath: string): Promise<string | undefined> {
    return (await this.#resolve(tool, searchPath))?.path
  }

  async #resolve(tool: string, searchPath: string): Promise<{ path: string; stamp: string } | undefined> {
    const candidates = isAbsolute(tool) ? [tool] : searchPath.split(delimiter).filter(Boolean).map((d) => join(d, tool))
    for (const path of candidates) {
      const st = await this.#fs.stat(path)
      if (st && !st.isDirectory) return { path, stamp: `${st.size}:${st.mtimeMs}:${st.ino}` }
    }
    return undefined
  }

  async #load(): Promise<Record<string, Remembered>> {
    if (!this.#remembered) {
      try {
        this.#remembered = JSON.parse(await this.#fs.readText(this.#file)) as Record<string, Remembered>
      } catch {
        this.#remembered = {}
      }
    }
    return this.#remembered
  }

  async #lookup(tool: string, searchPath: string): Promise<string> {
    const found = await this.#resolve(tool, searchPath)
    if (!found) return 'not-found'
    const remembered = await this.#load()
    const hit = remembered[found.path]
    if (hit && hit.stamp === found.stamp) return hit.version
    this.spawned++
    const args = VERSION_ARGS[basename(tool)] ?? ['--version']
    const out = await this.#runner.run(
      { tool: found.path, args, cwd: process.cwd(), env: { PATH: searchPath } },
      { onOutput: () => {}, signal: new AbortController().signal },
    )
    const version = `${out.stdout}\n${out.stderr}`.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown'
    // A failed version call (a broken install) is not remembered: the next run asks again.
    if (out.exitCode !== 0) return version
    remembered[found.path] = { stamp: found.stamp, version }
    await this.#fs.writeAtomic(this.#file, JSON.stringify(remembered, null, 2))
    return version
  }
}

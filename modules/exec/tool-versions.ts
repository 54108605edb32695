// Tool versions for cache keys, without costing a process per run: a binary's version is read
// once and remembered under the state directory, keyed by its resolved path, size and mtime.
import { delimiter, isAbsolute, join } from 'node:path'
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
  #path: string
  #file: string
  #remembered: Record<string, Remembered> | undefined
  #memo = new Map<string, Promise<string>>()
  /** Version processes started by this instance; tests and benchmarks read it. */
  spawned = 0

  /** `searchPath` is the PATH to resolve tool names on; `file` is where versions are remembered. */
  constructor(fs: FileSystem, runner: ToolRunner, searchPath: string, file: string) {
    this.#fs = fs
    this.#runner = runner
    this.#path = searchPath
    this.#file = file
  }

  /** The tool's version (its first line of version output), "not-found" when it is not on PATH. */
  version(tool: string): Promise<string> {
    let p = this.#memo.get(tool)
    if (!p) this.#memo.set(tool, (p = this.#lookup(tool)))
    return p
  }

  async #resolve(tool: string): Promise<{ path: string; stamp: string } | undefined> {
    const candidates = isAbsolute(tool) ? [tool] : this.#path.split(delimiter).filter(Boolean).map((d) => join(d, tool))
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

  async #lookup(tool: string): Promise<string> {
    const found = await this.#resolve(tool)
    if (!found) return 'not-found'
    const remembered = await this.#load()
    const hit = remembered[found.path]
    if (hit && hit.stamp === found.stamp) return hit.version
    this.spawned++
    const args = VERSION_ARGS[tool] ?? ['--version']
    const out = await this.#runner.run(
      { tool: found.path, args, cwd: process.cwd(), env: {} },
      { onOutput: () => {}, signal: new AbortController().signal },
    )
    const version = `${out.stdout}\n${out.stderr}`.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown'
    remembered[found.path] = { stamp: found.stamp, version }
    await this.#fs.writeAtomic(this.#file, JSON.stringify(remembered, null, 2))
    return version
  }
}

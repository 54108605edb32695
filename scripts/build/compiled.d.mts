// Types of compiled.mjs (plain JavaScript, so it runs before any loader), for TypeScript callers.

export declare const FORMAT: number
/** The root of the package compiled.mjs belongs to. */
export declare const PACKAGE_ROOT: string
/** TASKS_BUILD_DIR, or .tasks/build in the package root. */
export declare function cacheDir(env?: Record<string, string | undefined>): string

export interface CompileOptions {
  /** The build's directory name under the cache. */
  key: string
  /** Absolute paths of the entry points. */
  entries: string[]
  /** Entries' output paths mirror their paths below it (default: the package root). */
  outbase?: string
  /** Source path → URL of a compiled module already in use, imported instead of bundling a copy. */
  shared?: Record<string, string>
  /** Packages bundled into the build instead of imported from node_modules. */
  inline?: string[]
  /** The cache directory (default: cacheDir()). */
  cache?: string
  /** Loads esbuild. */
  esbuild?: () => Promise<unknown>
  /** Called once the outputs are written, before they are published. */
  afterWrite?: (dir: string) => void
}

export interface Manifest {
  format: number
  key: string
  entries: string[]
  shared: Record<string, string>
  /** Packages bundled into the build. */
  inline: string[]
  /** How many times this key was built (1 for the first build). */
  builds: number
  /** When this build was made (ms since the epoch). */
  built: number
  /** The build's directory name (a digest of its contents). */
  dir: string
  /** Entry path → its output, relative to the build directory. */
  outputs: Record<string, string>
  /** Every output file, relative to the build directory → its size. */
  files: Record<string, number>
  /** File → [size, mtimeMs] when it was read. */
  inputs: Record<string, [number, number]>
  /** Earlier build directories → when they stopped being current. */
  retired: Record<string, number>
  /** Set when the build could not be linked: the next start remakes it. */
  broken?: true
}

export interface Build {
  /** Absolute path of the build directory. */
  dir: string
  manifest: Manifest
  /** Whether this call built it. */
  fresh: boolean
  /** File URL of an entry's output. */
  url(entry: string): string
  /** Every entry's source path → its output URL. */
  urls(): Record<string, string>
}

export declare function compiled(options: CompileOptions): Promise<{ ok: true; build: Build } | { ok: false; reason: string }>

/** Imports an entry of a build; `undefined` (and the build marked broken) when it cannot be linked. */
export declare function importBuild(build: Build, entry: string): Promise<Record<string, unknown> | undefined>

/** Registers tsx's loader (once). */
export declare function fromSource(): Promise<void>

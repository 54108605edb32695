// The compiled-entry cache: the bins import an esbuild build of their TypeScript entry points
// instead of registering tsx, whose off-thread loader hooks every module goes through.
// A build lives in <cache>/<key>/<id>/ (default cache: <package root>/.tasks/build) and is
// described by <cache>/<key>/manifest.json; it is reused while every file it was built from
// has the size and mtime recorded there, and rebuilt (build.mjs, loaded only then) otherwise.
// Plain JavaScript on node: builtins only, so it runs before any loader and costs a few stats.
import { readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Bumped when the shape of a build or of its manifest changes: older manifests are stale. */
export const FORMAT = 1

/** The directory of the package.json nearest above `dir`. */
function packageRoot(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (statSync(join(d, 'package.json'), { throwIfNoEntry: false })?.isFile()) return d
    if (dirname(d) === d) return dir
  }
}

/** The root of the package this file belongs to (the one whose bin is running). */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)))

/** Where builds are kept: TASKS_BUILD_DIR, or .tasks/build in the package root (git-ignored). */
export const cacheDir = (env = process.env) => env.TASKS_BUILD_DIR || join(PACKAGE_ROOT, '.tasks', 'build')

/**
 * @typedef {object} CompileOptions
 * @property {string} key       the build's directory name under the cache
 * @property {string[]} entries absolute paths of the entry points (TypeScript or JavaScript)
 * @property {string} [outbase] entries' output paths mirror their paths below it (default: the package root)
 * @property {Record<string, string>} [shared] source path → URL of a compiled module already in use
 *   (another build's entry): imported from there instead of bundling a second copy, so both builds
 *   share one instance of it (classes, module state)
 * @property {string[]} [inline] packages bundled into the build instead of imported from
 *   node_modules: a start then resolves and reads one file, not the package's dozens (for
 *   packages the build's modules alone use, so no other copy of them is ever loaded beside it)
 * @property {string} [cache]   the cache directory (default: cacheDir())
 * @property {() => Promise<unknown>} [esbuild] loads esbuild (tests pass a failing one)
 * @property {(dir: string) => void} [afterWrite] called once the outputs are written, before they
 *   are published (tests stop a build half-way with it)
 */

/**
 * @typedef {object} Manifest
 * @property {number} format
 * @property {string} key
 * @property {string[]} entries
 * @property {Record<string, string>} shared
 * @property {string[]} inline
 * @property {number} builds    how many times this key was built (1 for the first build)
 * @property {number} built     when this build was made (ms since the epoch)
 * @property {string} dir       the build's directory name (a digest of its contents)
 * @property {Record<string, string>} outputs entry path → its output, relative to the build directory
 * @property {Record<string, number>} files every output file, relative to the build directory → its size
 * @property {Record<string, [number, number]>} inputs file → [size, mtimeMs] when it was read
 * @property {Record<string, number>} retired earlier build directories → when they stopped being current
 */

/**
 * @typedef {object} Build
 * @property {string} dir       absolute path of the build directory
 * @property {Manifest} manifest
 * @property {boolean} fresh    whether this call built it
 * @property {(entry: string) => string} url  file URL of an entry's output
 * @property {() => Record<string, string>} urls every entry's source path → its output URL
 */

/**
 * The build of `options.entries`, made now when missing or stale. Never throws: a failure (no
 * esbuild, a syntax error, an unwritable cache) is `{ ok: false, reason }`, and the caller runs
 * the sources through tsx instead.
 * @param {CompileOptions} options
 * @returns {Promise<{ ok: true, build: Build } | { ok: false, reason: string }>}
 */
export async function compiled(options) {
  try {
    const o = normalize(options)
    const current = readManifest(o)
    if (current && isFresh(current, o)) return { ok: true, build: toBuild(current, o, false) }
    const { build } = await import('./build.mjs')
    return { ok: true, build: toBuild(await build(o, current), o, true) }
  } catch (error) {
    const message = String(error?.message ?? error).trim().replace(/\s*\n\s*/g, ' ')
    return { ok: false, reason: message.length > 400 ? `${message.slice(0, 400)}…` : message }
  }
}

function normalize(options) {
  const entries = options.entries.map((e) => realpathSync.native(e))
  const outbase = options.outbase ? realpathSync.native(options.outbase) : PACKAGE_ROOT
  return { ...options, entries, outbase, shared: options.shared ?? {}, inline: options.inline ?? [], cache: options.cache ?? cacheDir() }
}

/** @returns {Manifest | undefined} */
function readManifest(o) {
  try {
    const m = JSON.parse(readFileSync(join(o.cache, o.key, 'manifest.json'), 'utf8'))
    return m && typeof m === 'object' && m.format === FORMAT ? m : undefined
  } catch {
    return undefined
  }
}

/** Same entries, same shared modules, every input unchanged and the entries' outputs in place. */
function isFresh(m, o) {
  if (m.broken || !m.files || !m.inputs || !o.entries.every((e) => typeof m.outputs?.[e] === 'string')) return false
  if (JSON.stringify(m.entries) !== JSON.stringify(o.entries)) return false
  if (JSON.stringify(m.shared) !== JSON.stringify(o.shared)) return false
  if (JSON.stringify(m.inline ?? []) !== JSON.stringify(o.inline)) return false
  for (const [file, [size, mtimeMs]] of Object.entries(m.inputs)) {
    const s = statSync(file, { throwIfNoEntry: false })
    if (s === undefined || s.size !== size || s.mtimeMs !== mtimeMs) return false
  }
  // Other output files are not checked on every start (stats are not free): a build that lost
  // one fails to link, and importBuild() marks it broken so the next start remakes it.
  const dir = join(o.cache, o.key, m.dir)
  return o.entries.every((e) => statSync(join(dir, m.outputs[e]), { throwIfNoEntry: false })?.size === m.files[m.outputs[e]])
}

/** @returns {Build} */
function toBuild(manifest, o, fresh) {
  const dir = join(o.cache, o.key, manifest.dir)
  const url = (entry) => {
    const out = manifest.outputs[entry] ?? manifest.outputs[realpathSync.native(entry)]
    if (out === undefined) throw new Error(`${entry} is not an entry point of build "${o.key}"`)
    return pathToFileURL(join(dir, out)).href
  }
  const urls = () => Object.fromEntries(manifest.entries.map((e) => [e, url(e)]))
  return { dir, manifest, fresh, url, urls }
}

/**
 * Imports an entry of a build. A build that cannot be linked (one of its files removed) is marked
 * broken, so the next start remakes it, and `undefined` is returned: none of its code ran, and the
 * caller runs the sources instead. Any other error is the module's own, and is thrown.
 * @param {Build} build
 * @param {string} entry
 */
export async function importBuild(build, entry) {
  try {
    return await import(build.url(entry))
  } catch (error) {
    // A file of the build is gone. Node says ERR_MODULE_NOT_FOUND; some loaders (ts-node's, under
    // tap) rethrow the same message with no code at all.
    const gone = /MODULE_NOT_FOUND$/.test(String(error?.code)) || /^Cannot find module /.test(String(error?.message))
    if (!gone || !String(error.message).includes(build.dir)) throw error
    try {
      const file = join(build.dir, '..', 'manifest.json')
      const tmp = `${file}.tmp-${process.pid}-broken`
      writeFileSync(tmp, JSON.stringify({ ...build.manifest, broken: true }))
      renameSync(tmp, file)
    } catch {
      // Not ours to write: the build stays as it is.
    }
    return undefined
  }
}

let tsx
/** Registers tsx's loader (once): the way to run the sources when there is no build. */
export function fromSource() {
  tsx ??= import('tsx/esm/api').then(({ register }) => void register())
  return tsx
}

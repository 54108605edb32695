// The esbuild plugin of the compiled-entry cache. It keeps a compiled module behaving as its
// source does wherever the build is written:
// - import.meta.url (and .dirname, .filename) is the source file's, not the output's;
// - packages stay external, imported by name when the cache resolves the name to the same file
//   the source would, by file URL otherwise (a graph module in another project), except those the
//   build inlines (`inline`: bundled like the sources, so starting costs no module resolution);
// - a module another build already compiled (`shared`) is imported from there, not copied;
// - file: URLs are accepted as import paths, as Node accepts them.
// It also records each source file's size and mtime as they were when esbuild read it.
import { open } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { dirname, extname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' }
const SELF = Symbol('resolving')
const isBare = (path) => !/^(\.\.?(\/|$)|\/|file:)/.test(path)

/**
 * @param {{ keyDir: string, shared: Record<string, string>, inline?: readonly string[], inputs: Map<string, [number, number]> }} options
 */
export function sourcePlugin({ keyDir, shared, inline = [], inputs }) {
  return {
    name: 'tasks-compiled',
    setup(b) {
      // Resolves with esbuild's own resolver (this plugin skipped); undefined when it cannot.
      const resolveWith = async (path, args, resolveDir) => {
        const r = await b.resolve(path, { kind: args.kind, importer: args.importer, resolveDir, pluginData: SELF })
        return r.errors.length ? undefined : r
      }
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === SELF || args.kind === 'entry-point') return undefined
        const path = args.path.startsWith('file:') ? fileURLToPath(args.path) : args.path
        if (path.startsWith('node:') || isBuiltin(path)) return { path, external: true }
        if (isBare(path)) return packageImport(path, args)
        const r = await resolveWith(path, args, args.resolveDir)
        if (!r) return path === args.path ? undefined : { path }
        if (shared[r.path] !== undefined) return { path: shared[r.path], external: true }
        return { path: r.path }
      })
      // A package is external: by its name when that resolves from the cache as it does from the
      // importer (the usual case: one node_modules), else by the file the importer would get.
      const packageImport = async (name, args) => {
        const fromSource = await resolveWith(name, args, args.resolveDir)
        if (!fromSource || fromSource.external) return { path: name, external: true }
        if (inline.includes(packageName(name))) return { path: fromSource.path }
        const fromCache = await resolveWith(name, args, keyDir)
        if (fromCache?.path === fromSource.path) return { path: name, external: true }
        return { path: pathToFileURL(fromSource.path).href, external: true }
      }
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[extname(args.path)]
        if (!loader) return undefined
        const file = await open(args.path)
        let text
        try {
          const s = await file.stat()
          inputs.set(args.path, [s.size, s.mtimeMs])
          text = await file.readFile('utf8')
        } finally {
          await file.close()
        }
        return { contents: sourceMeta(text, args.path), loader, resolveDir: dirname(args.path) }
      })
    },
  }
}

/** The package a bare import names: `yaml` for `yaml/util`, `@scope/pkg` for `@scope/pkg/x`. */
export const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/** `import.meta.url`, `.dirname` and `.filename` replaced by the source file's. */
export function sourceMeta(text, file) {
  if (!text.includes('import.meta')) return text
  const values = { url: pathToFileURL(file).href, dirname: dirname(file), filename: file }
  return text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) => JSON.stringify(values[k]))
}

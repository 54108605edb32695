// No import cycles in modules/: every static `import … from './x.ts'` and `export … from` of every
// modules/**/*.ts (type-only ones included; dynamic `import()` is how a command loads lazily, and
// is left out) makes an edge; each cycle found is listed as `a.ts → b.ts → a.ts`.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'modules')

/** Every .ts file under `dir`, as absolute paths. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return tsFiles(path)
    return e.name.endsWith('.ts') ? [path] : []
  })
}

/** The relative modules a file imports or re-exports at its top level, resolved to absolute paths. */
function staticImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const specifiers = source.statements.flatMap((s) => {
    const spec = ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ? s.moduleSpecifier : undefined
    return spec && ts.isStringLiteral(spec) && spec.text.startsWith('.') ? [spec.text] : []
  })
  return specifiers.map((spec) => resolve(dirname(file), spec))
}

/** Each cycle once (from its first file in sort order), by depth-first search over the import edges. */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found = new Map<string, string[]>()
  const done = new Set<string>()
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file)
    if (at >= 0) {
      const cycle = path.slice(at)
      const first = cycle.indexOf([...cycle].sort()[0])
      const turned = [...cycle.slice(first), ...cycle.slice(0, first)]
      found.set(turned.join('\n'), [...turned, turned[0]])
      return
    }
    if (done.has(file)) return
    for (const next of edges.get(file) ?? []) visit(next, [...path, file])
    done.add(file)
  }
  for (const file of [...edges.keys()].sort()) visit(file, [])
  return [...found.values()]
}

t.test('cycles() finds each cycle once, from its first file', async (t) => {
  const edges = new Map([
    ['b.ts', ['a.ts']],
    ['a.ts', ['b.ts', 'c.ts']],
    ['c.ts', ['d.ts']],
    ['d.ts', ['c.ts']],
    ['e.ts', ['a.ts']],
  ])
  t.same(cycles(edges).map((c) => c.join(' → ')), ['a.ts → b.ts → a.ts', 'c.ts → d.ts → c.ts'])
  t.same(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), [])
})

t.test('staticImports() reads import and export-from statements, type-only too, not import()', async (t) => {
  const text = [
    "import { a } from './a.ts'",
    "import type {\n  B,\n} from '../b/mod.ts'",
    "export * from './c.ts'",
    "export type { D } from './d.ts'",
    "import { readFileSync } from 'node:fs'",
    "const later = () => import('./e.ts')",
    "// import { f } from './f.ts'",
  ].join('\n')
  t.same(staticImports('/m/x/y.ts', text), ['/m/x/a.ts', '/m/b/mod.ts', '/m/x/c.ts', '/m/x/d.ts'])
})

t.test('no import cycles in modules/', async (t) => {
  const files = tsFiles(MODULES)
  const edges = new Map(files.map((f) => [f, staticImports(f, readFileSync(f, 'utf8'))]))
  const shown = cycles(edges).map((c) => c.map((f) => relative(MODULES, f)).join(' → '))
  t.same(shown, [], shown.length ? `import cycles:\n${shown.join('\n')}` : 'none')
})

// No import cycles in modules/: every static `import … from './x.ts'` and `export … from` of every
// modules/**/*.ts (type-only ones included; dynamic `import()` is how a command loads lazily, and
// is left out) makes an edge; each cycle found is listed as `a.ts → b.ts → a.ts`.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { cycles, tsFiles } from './helpers/import-cycles.ts'

const MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'modules')

/** The relative modules a file imports or re-exports at its top level, resolved to absolute paths. */
function staticImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const specifiers = source.statements.flatMap((s) => {
    const spec = ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ? s.moduleSpecifier : undefined
    return spec && ts.isStringLiteral(spec) && spec.text.startsWith('.') ? [spec.text] : []
  })
  return specifiers.map((spec) => resolve(dirname(file), spec))
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

// No import cycles in the sandbox: every relative `import`, `export … from` and dynamic `import()`
// of every sandbox .ts file outside test/ is an edge (a dynamic one too: the auto-apply once
// re-entered the terraform CLI through one); each cycle found is listed as `a.ts → b.ts → a.ts`.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cycles, tsFiles } from '../../test/helpers/import-cycles.ts'

const SANDBOX = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The relative modules a file imports (statically or not) or re-exports, as absolute paths. */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.[^']*)'/g)].map((m) => m[1])
  return specs.map((spec) => resolve(dirname(file), spec))
}

t.test('cycles finds each loop once, from its smallest file', async (t) => {
  const edges = new Map([['b', ['c']], ['c', ['a', 'b']], ['a', ['b']], ['d', ['a']]])
  t.same(cycles(edges).map((c) => c.join(' ')).sort(), ['a b c a', 'b c b'])
  t.same(importsOf('/x/y.ts', "import { a } from './a.ts'\nexport * from '../b.ts'\nconst m = await import('./c.ts')\nimport 'node:fs'"), ['/x/a.ts', '/b.ts', '/x/c.ts'])
})

t.test('the sandbox has no import cycles', async (t) => {
  const files = tsFiles(SANDBOX, ['test', 'node_modules'])
  const edges = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]))
  const shown = cycles(edges).map((c) => c.map((f) => relative(SANDBOX, f)).join(' → '))
  t.same(shown, [])
})

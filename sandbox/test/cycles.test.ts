// No import cycles in the sandbox: every relative `import`, `export … from` and dynamic `import()`
// of every sandbox .ts file outside test/ is an edge (a dynamic one too: the auto-apply once
// re-entered the terraform CLI through one); each cycle found is listed as `a.ts → b.ts → a.ts`.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SANDBOX = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Every .ts file under `dir` but the tests, as absolute paths. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'test' || e.name === 'node_modules' ? [] : tsFiles(path)
    return e.name.endsWith('.ts') ? [path] : []
  })
}

/** The relative modules a file imports (statically or not) or re-exports, as absolute paths. */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.[^']*)'/g)].map((m) => m[1])
  return specs.map((spec) => resolve(dirname(file), spec))
}

/** Every cycle of the graph, each once, as the files along it (first file repeated at the end). */
function cycles(edges: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>()
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node)
    if (at >= 0) {
      const loop = path.slice(at)
      const start = loop.indexOf([...loop].sort()[0])
      const canonical = [...loop.slice(start), ...loop.slice(0, start)]
      found.set(canonical.join('\n'), [...canonical, canonical[0]])
      return
    }
    for (const next of edges.get(node) ?? []) visit(next, [...path, node])
  }
  for (const node of edges.keys()) visit(node, [])
  return [...found.values()]
}

t.test('cycles finds each loop once, from its smallest file', async (t) => {
  const edges = new Map([['b', ['c']], ['c', ['a', 'b']], ['a', ['b']], ['d', ['a']]])
  t.same(cycles(edges).map((c) => c.join(' ')).sort(), ['a b c a', 'b c b'])
  t.same(importsOf('/x/y.ts', "import { a } from './a.ts'\nexport * from '../b.ts'\nconst m = await import('./c.ts')\nimport 'node:fs'"), ['/x/a.ts', '/b.ts', '/x/c.ts'])
})

t.test('the sandbox has no import cycles', async (t) => {
  const files = tsFiles(SANDBOX)
  const edges = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]))
  const shown = cycles(edges).map((c) => c.map((f) => relative(SANDBOX, f)).join(' → '))
  t.same(shown, [])
})

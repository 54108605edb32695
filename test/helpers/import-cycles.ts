// Import-cycle checks shared by modules/ and the sandbox: the files to read and the cycle search.
// Each test decides what counts as an edge (modules/ leaves lazy import() out; the sandbox does not).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Every .ts file under `dir`, as absolute paths, skipping directories named in `skip`. */
export function tsFiles(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return skip.includes(e.name) ? [] : tsFiles(path, skip)
    return e.name.endsWith('.ts') ? [path] : []
  })
}

/** Each cycle once (from its first file in sort order), by depth-first search over the import edges. */
export function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
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

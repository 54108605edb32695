// `tasks validate` runs on every commit: the modules it loads must not pull in the progress
// display (listr2); `tasks --help` loads the project graph, which must not pull in the template
// engine or the YAML parser. Checked on the static import graph from each entry point; those
// libraries are only reached through dynamic import() when a command really uses them.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { REPO } from '../helpers/repo-copy.ts'

/** Every package a module reaches through static imports, with the chain that reaches it. */
function staticPackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>()
  const seen = new Set<string>()
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec), [...chain, spec])
      else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, [...chain, spec])
    }
  }
  visit(entry, [])
  return packages
}

t.test('the CLI entry reaches no package statically: help and graph load only tasks.ts and what it imports', async (t) => {
  t.same([...staticPackages(join(REPO, 'scripts/tasks.ts')).keys()], [])
})

t.test('the project graph (tasks.ts) reaches no package statically: the template engine and the YAML parser load on first use', async (t) => {
  t.same([...staticPackages(join(REPO, 'tasks.ts')).keys()], [])
})

t.test('the validate command itself reaches only yaml and eta', async (t) => {
  const reached = staticPackages(join(REPO, 'modules/cli/validate.ts'))
  t.same([...reached.keys()].sort(), ['eta', 'yaml'])
})

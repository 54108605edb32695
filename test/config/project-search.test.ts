// findProject's search is cosmiconfig's (modules/config/project.ts), with tasks' own loaders: it
// must find what a plain cosmiconfig search finds. Each layout is searched both ways, from a
// directory below the root, and the results compared.
// (It tests modules/config/project.ts: test/config/ is where it belongs.)
import t from 'tap'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cosmiconfig } from 'cosmiconfig'
import { DEFAULT_SETTINGS, findProject } from '../../modules/config/mod.ts'
import { parseYaml } from '../../modules/config/yaml-doc.ts'

const yamlLoader = (file: string, text: string): unknown => {
  const parsed = parseYaml(file, text)
  if (!parsed.ok) throw Object.assign(new Error('bad-config'), { failure: parsed.failure })
  return parsed.doc.value ?? {}
}

/** The search findProject did with cosmiconfig before, as the reference. */
const reference = () =>
  cosmiconfig('tasks', {
    searchPlaces: ['package.json', '.tasksrc', '.tasksrc.yaml', '.tasksrc.yml', '.tasksrc.json', 'tasks.ts'],
    searchStrategy: 'project',
    cache: false,
    loaders: { '.ts': () => ({}), '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader },
  })

function tree(t: Tap, files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tasks-search-')))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'a', 'b'), { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}
type Tap = { teardown(fn: () => void): void }

/** What findProject should say, given cosmiconfig's result. */
async function expected(from: string): Promise<unknown> {
  let found
  try {
    found = await reference().search(from)
  } catch (error) {
    const failure = (error as { failure?: { reason: string } }).failure
    return failure ? { ok: false, reason: failure.reason } : { throws: (error as Error).message }
  }
  if (!found) return { ok: false, reason: 'no-project' }
  return {
    ok: true,
    root: dirname(found.filepath),
    configFile: found.filepath.endsWith('tasks.ts') ? undefined : found.filepath,
    settings: { ...DEFAULT_SETTINGS, ...(found.config as object) },
  }
}

async function actual(from: string): Promise<unknown> {
  try {
    const r = await findProject(from)
    return r.ok ? { ok: true, ...r.project } : { ok: false, reason: r.failure.reason }
  } catch (error) {
    return { throws: (error as Error).message }
  }
}

const LAYOUTS: Record<string, Record<string, string>> = {
  'tasks.ts at the root': { 'tasks.ts': 'export default {}\n', 'package.json': '{"type": "module"}\n' },
  '.tasksrc.yaml': { '.tasksrc.yaml': 'concurrency: 2\n', 'tasks.ts': 'x\n' },
  '.tasksrc.yml': { '.tasksrc.yml': 'stateDir: state\n' },
  '.tasksrc without extension': { '.tasksrc': 'clustersDir: c\n' },
  '.tasksrc.json': { '.tasksrc.json': '{"concurrency": 3}\n' },
  'a tasks key in package.json': { 'package.json': '{"tasks": {"graph": "graph.ts"}}\n' },
  'a null tasks key is no settings': { 'package.json': '{"tasks": null}\n', 'tasks.ts': 'x\n' },
  'an empty settings file is skipped': { '.tasksrc.yaml': '  \n', 'tasks.ts': 'x\n' },
  'a comment-only settings file is empty settings': { '.tasksrc.yaml': '# nothing\n', 'tasks.ts': 'x\n' },
  'an empty tasks.ts marks nothing': { 'tasks.ts': '\n' },
  'the nearest package.json ends the search': { 'tasks.ts': 'x\n', 'a/package.json': '{}\n' },
  'so does a package.yaml': { 'tasks.ts': 'x\n', 'a/package.yaml': 'name: x\n' },
  'settings below win': { 'tasks.ts': 'x\n', 'a/b/.tasksrc.yaml': 'concurrency: 5\n' },
  'package.json comes first': { 'package.json': '{"tasks": {"concurrency": 7}}\n', '.tasksrc.yaml': 'concurrency: 8\n' },
  'a directory named like a place': { '.tasksrc/x': '', 'tasks.ts': 'x\n' },
  'a YAML error': { '.tasksrc.yaml': 'a: "unclosed\n' },
  'an unknown setting': { '.tasksrc.yaml': 'concurency: 2\n' },
  '$import is cosmiconfig’s': { '.tasksrc.json': '{"$import": "base.json", "concurrency": 2}\n', 'base.json': '{"stateDir": "s"}\n' },
  'a JSON error (cosmiconfig throws; tasks locates it)': { '.tasksrc.json': '{"concurrency": \n' },
  'package.json that is not an object': { 'package.json': '[1]\n', 'tasks.ts': 'x\n' },
  'nothing at all': {},
}

/** Layouts whose settings findProject rejects after the search (cosmiconfig's result is compared first). */
const REJECTED: Record<string, unknown> = {
  'a YAML error': { ok: false, reason: 'bad-config' },
  'a JSON error (cosmiconfig throws; tasks locates it)': { throws: /JSON Error/ },
  'an unknown setting': { ok: true, settings: { concurency: 2 } },
}

for (const [name, files] of Object.entries(LAYOUTS)) {
  t.test(name, async (t) => {
    const root = tree(t, files)
    const from = join(root, 'a', 'b')
    const want = await expected(from)
    const got = await actual(from)
    if (name in REJECTED) {
      t.match(want, REJECTED[name])
      t.same(got, { ok: false, reason: 'bad-config' })
    } else t.same(got, want)
  })
}

t.test('a meta config in the working directory is cosmiconfig’s', async (t) => {
  const root = tree(t, { '.config/config.json': '{"cosmiconfig": {"searchPlaces": ["custom.yaml"]}}\n', 'custom.yaml': 'concurrency: 9\n', 'tasks.ts': 'x\n' })
  const cwd = process.cwd()
  process.chdir(root)
  t.teardown(() => process.chdir(cwd))
  t.same(await actual(root), await expected(root))
  t.match(await actual(root), { ok: true, configFile: join(root, 'custom.yaml'), settings: { concurrency: 9 } })
})

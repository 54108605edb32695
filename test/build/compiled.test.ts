// The compiled-entry cache (scripts/build/compiled.mjs) on tiny temporary entries: built once,
// reused while its inputs are unchanged, rebuilt when one changes, never half-published, and a
// failure is a value (the bins then run the sources through tsx).
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compiled, importBuild, type CompileOptions, type Manifest } from '../../scripts/build/compiled.mjs'

/** A directory holding `files`, and a cache directory beside them. */
function project(t: Tap, files: Record<string, string>): { dir: string; cache: string; options: (o?: Partial<CompileOptions>) => CompileOptions } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tasks-compiled-')))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const cache = join(dir, '.cache')
  return { dir, cache, options: (o) => ({ key: 'k', entries: [join(dir, 'main.ts')], outbase: dir, cache, ...o }) }
}
type Tap = { teardown(fn: () => void): void }

const TINY = {
  'main.ts': "import { n } from './dep.ts'\nexport const value: number = n * 2\nexport const url: string = import.meta.url\n",
  'dep.ts': 'export const n: number = 21\n',
}

async function build(options: CompileOptions) {
  const r = await compiled(options)
  if (!r.ok) throw new Error(`build failed: ${r.reason}`)
  return r.build
}

const manifest = (cache: string, key = 'k'): Manifest => JSON.parse(readFileSync(join(cache, key, 'manifest.json'), 'utf8'))

t.test('built on the first run, reused on the second', async (t) => {
  const { dir, cache, options } = project(t, TINY)
  const first = await build(options())
  t.equal(first.fresh, true)
  t.equal(first.manifest.builds, 1)
  t.same(Object.keys(first.manifest.inputs).filter((f) => f.startsWith(dir)).sort(), [join(dir, 'dep.ts'), join(dir, 'main.ts')])
  const mod = await import(first.url(join(dir, 'main.ts')))
  t.equal(mod.value, 42)
  t.equal(mod.url, pathToFileURL(join(dir, 'main.ts')).href, 'import.meta.url is the source file')

  const second = await build(options())
  t.equal(second.fresh, false)
  t.same(manifest(cache), first.manifest, 'the manifest is untouched: same build, same timestamp')
})

t.test('rebuilt after an input changes, its contents or only its mtime', async (t) => {
  const { dir, cache, options } = project(t, TINY)
  const first = await build(options())
  writeFileSync(join(dir, 'dep.ts'), 'export const n: number = 50\n')
  const second = await build(options())
  t.equal(second.fresh, true)
  t.equal(manifest(cache).builds, 2)
  t.not(second.dir, first.dir, 'new contents, new directory')
  t.equal((await import(second.url(join(dir, 'main.ts')))).value, 100)

  const { mtime } = statSync(join(dir, 'main.ts'))
  utimesSync(join(dir, 'main.ts'), mtime, new Date(mtime.getTime() - 60_000))
  const third = await build(options())
  t.equal(third.fresh, true)
  t.equal(manifest(cache).builds, 3)
  t.equal(third.dir, second.dir, 'same contents, same directory')
})

t.test('a different set of entries or of shared modules is a different build', async (t) => {
  const { dir, options } = project(t, { ...TINY, 'other.ts': 'export const o = 1\n' })
  await build(options())
  t.equal((await build(options({ entries: [join(dir, 'main.ts'), join(dir, 'other.ts')] }))).fresh, true)
  t.equal((await build(options({ shared: { [join(dir, 'x.ts')]: 'file:///x.mjs' } }))).fresh, true)
})

t.test('a failed build is a reason, not an exception', async (t) => {
  const { dir, cache, options } = project(t, { ...TINY, 'main.ts': 'export const = 1\n' })
  const r = await compiled(options())
  t.equal(r.ok, false)
  t.same(r, { ok: false, reason: 'Build failed with 1 error: main.ts:1:13: ERROR: Expected identifier but found "="' })
  t.notOk(existsSync(join(cache, 'k', 'manifest.json')))

  const missing = await compiled(options({ esbuild: () => Promise.reject(new Error("Cannot find package 'esbuild'")) }))
  t.same(missing, { ok: false, reason: "Cannot find package 'esbuild'" })
  t.same(await compiled(options({ entries: [join(dir, 'nope.ts')] })), { ok: false, reason: `ENOENT: no such file or directory, realpath '${join(dir, 'nope.ts')}'` })
})

t.test('a build that stops half-way is never used', async (t) => {
  const { dir, cache, options } = project(t, TINY)
  const crash = await compiled(options({
    afterWrite: (tmp) => {
      writeFileSync(join(tmp, 'main.mjs'), 'export const value = "half"') // a torn write
      throw new Error('killed')
    },
  }))
  t.same(crash, { ok: false, reason: 'killed' })
  t.notOk(existsSync(join(cache, 'k', 'manifest.json')), 'nothing published')
  t.same(readdirSync(join(cache, 'k')).filter((n) => !n.startsWith('.tmp-')), [], 'only the temporary directory is left')

  const next = await build(options())
  t.equal(next.fresh, true)
  t.equal(next.manifest.builds, 1)
  t.equal((await import(next.url(join(dir, 'main.ts')))).value, 42)
})

t.test('an unreadable manifest, or one whose outputs are gone, is rebuilt', async (t) => {
  const { dir, cache, options } = project(t, TINY)
  const first = await build(options())
  writeFileSync(join(cache, 'k', 'manifest.json'), '{"format": 1, "ent')
  t.equal((await build(options())).fresh, true)
  rmSync(join(first.dir, 'main.mjs'))
  const again = await build(options())
  t.equal(again.fresh, true)
  t.equal((await import(`${again.url(join(dir, 'main.ts'))}?again`)).value, 42)
})

t.test('a build that cannot be linked is not run, and is made again next time', async (t) => {
  const { dir, cache, options } = project(t, { ...TINY, 'other.ts': "import { n } from './dep.ts'\nexport const o = n\n" })
  const entries = [join(dir, 'main.ts'), join(dir, 'other.ts')]
  const first = await build(options({ entries }))
  const chunks = readdirSync(join(first.dir, 'chunks')).filter((f) => f.endsWith('.mjs'))
  t.equal(chunks.length, 1, 'dep.ts is shared by both entries')
  rmSync(join(first.dir, 'chunks', chunks[0]))
  t.equal(await importBuild(first, join(dir, 'main.ts')), undefined)
  t.equal(manifest(cache).broken, true)
  const second = await build(options({ entries }))
  t.match(second, { fresh: true, dir: first.dir, manifest: { builds: 2 } })
  t.ok(existsSync(join(first.dir, 'chunks', chunks[0])), 'the directory is complete again')
  // (This process remembers the failed import of that URL: a new one imports it.)
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `console.log((await import(${JSON.stringify(second.url(join(dir, 'main.ts')))})).value)`], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
  t.equal(r.stdout, '42\n', r.stderr)
})

t.test('concurrent first builds publish one directory', async (t) => {
  const { cache, options } = project(t, TINY)
  const builds = await Promise.all([build(options()), build(options()), build(options())])
  t.same(new Set(builds.map((b) => b.dir)).size, 1)
  t.same(readdirSync(join(cache, 'k')).sort(), [builds[0].manifest.dir, 'manifest.json'])
})

t.test('a shared module is imported from the build that has it, not copied', async (t) => {
  const { dir, cache, options } = project(t, {
    'lib.ts': 'export class Token {}\nexport const made = new Token()\n',
    'user.ts': "import { made, Token } from './lib.ts'\nexport const same = made instanceof Token\nexport { made }\n",
  })
  const lib = await build(options({ key: 'lib', entries: [join(dir, 'lib.ts')] }))
  const user = await build(options({ key: 'user', entries: [join(dir, 'user.ts')], shared: lib.urls() }))
  const [a, b] = await Promise.all([import(lib.url(join(dir, 'lib.ts'))), import(user.url(join(dir, 'user.ts')))])
  t.equal(b.made, a.made, 'one instance of lib.ts')
  t.ok(readFileSync(join(user.dir, 'user.mjs'), 'utf8').includes(`from${JSON.stringify(lib.url(join(dir, 'lib.ts')))}`))
  t.equal(manifest(cache, 'user').inputs[join(dir, 'lib.ts')], undefined, 'lib.ts is not an input of user')
})

t.test('packages stay external: by name when the cache resolves them alike, by file otherwise', async (t) => {
  const { dir, options } = project(t, {
    'main.ts': "import { id } from 'tiny-pkg'\nexport const value = id\n",
    'node_modules/tiny-pkg/package.json': '{"name": "tiny-pkg", "type": "module", "exports": "./index.js"}\n',
    'node_modules/tiny-pkg/index.js': "export const id = 'tiny'\n",
  })
  const near = await build(options())
  t.ok(readFileSync(join(near.dir, 'main.mjs'), 'utf8').includes('from"tiny-pkg"'))
  t.equal((await import(near.url(join(dir, 'main.ts')))).value, 'tiny')

  const far = mkdtempSync(join(tmpdir(), 'tasks-compiled-cache-'))
  t.teardown(() => rmSync(far, { recursive: true, force: true }))
  const away = await build(options({ cache: far }))
  t.ok(readFileSync(join(away.dir, 'main.mjs'), 'utf8').includes(`from"${pathToFileURL(join(dir, 'node_modules/tiny-pkg/index.js')).href}"`))
  t.equal((await import(away.url(join(dir, 'main.ts')))).value, 'tiny')
})

t.test('an inlined package is bundled into the build, CommonJS requiring builtins included, and its files are inputs', async (t) => {
  const { dir, cache, options } = project(t, {
    'main.ts': "import { id } from 'cjs-pkg'\nimport { sep } from 'cjs-pkg/sub'\nexport const value = `${id}${sep}`\n",
    'node_modules/cjs-pkg/package.json': '{"name": "cjs-pkg", "exports": {".": "./index.js", "./sub": "./sub.js"}}\n',
    'node_modules/cjs-pkg/index.js': "const { basename } = require('node:path')\nexports.id = basename('/x/inlined')\n",
    'node_modules/cjs-pkg/sub.js': "exports.sep = require('path').sep\n",
  })
  const b = await build(options({ inline: ['cjs-pkg'] }))
  const out = readFileSync(join(b.dir, 'main.mjs'), 'utf8')
  t.notOk(/from\s*"cjs-pkg/.test(out), 'no import of the package by name')
  t.equal((await import(b.url(join(dir, 'main.ts')))).value, 'inlined/')
  const inputs = Object.keys(manifest(cache).inputs)
  t.ok(inputs.includes(join(dir, 'node_modules/cjs-pkg/index.js')) && inputs.includes(join(dir, 'node_modules/cjs-pkg/sub.js')), 'the package files are inputs')
  t.same(manifest(cache).inline, ['cjs-pkg'])
  // The same entries without inlining are another build.
  const external = await build(options())
  t.not(external.dir, b.dir)
  t.ok(readFileSync(join(external.dir, 'main.mjs'), 'utf8').includes('from"cjs-pkg"'))
})

t.test("inlining next to a source's own top-level require: no clash, with or without CommonJS inlined", async (t) => {
  const own = "import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\nexport const sep: string = require('node:path').sep\n"
  for (const [kind, pkg] of [
    ['CommonJS', { 'node_modules/p/package.json': '{"name": "p", "exports": "./index.js"}\n', 'node_modules/p/index.js': "exports.id = require('node:os').EOL.length\n" }],
    ['ESM', { 'node_modules/p/package.json': '{"name": "p", "type": "module", "exports": "./index.js"}\n', 'node_modules/p/index.js': 'export const id = 1\n' }],
  ] as const) {
    const { dir, options } = project(t, { 'main.ts': `${own}export { id } from 'p'\n`, ...pkg })
    const b = await build(options({ inline: ['p'] }))
    const m = await import(b.url(join(dir, 'main.ts')))
    t.same([m.sep, m.id], ['/', 1], `${kind} inlined`)
  }
})

t.test('stack traces map to the sources once source maps are on', async (t) => {
  const { dir, options } = project(t, { 'main.ts': "type N = number\nconst n: N = 1\n\nexport function where(): string {\n  return new Error('here').stack ?? ''\n}\nvoid n\n" })
  const b = await build(options())
  const script = `process.setSourceMapsEnabled(true); const m = await import(${JSON.stringify(b.url(join(dir, 'main.ts')))}); console.log(m.where())`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, `${join(dir, 'main.ts')}:5:10`)
})

t.test('build directories retired over an hour ago and the builds of deleted entries are removed', async (t) => {
  const { dir, cache, options } = project(t, { ...TINY, 'gone.ts': 'export {}\n' })
  const first = await build(options())
  await build(options({ key: 'gone', entries: [join(dir, 'gone.ts')] }))
  writeFileSync(join(dir, 'dep.ts'), 'export const n = 1\n')
  const second = await build(options())
  t.equal(second.manifest.retired[first.manifest.dir], second.manifest.built, 'the old build is kept for now')
  t.ok(existsSync(first.dir))

  // An hour later (the retirement time moved back), the next build removes it.
  writeFileSync(join(cache, 'k', 'manifest.json'), JSON.stringify({ ...second.manifest, retired: { [first.manifest.dir]: 0 } }))
  writeFileSync(join(dir, 'dep.ts'), 'export const n = 2\n')
  rmSync(join(dir, 'gone.ts'))
  const third = await build(options())
  t.notOk(existsSync(first.dir), 'removed')
  t.same(Object.keys(third.manifest.retired), [second.manifest.dir])
  t.notOk(existsSync(join(cache, 'gone')), 'the build of a deleted entry is removed')
})

// The simulators' shims run their compiled build (the cache the tasks bin uses), built on the
// first call and reused after; without one they run from source, answering the same.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

t.setTimeout(300_000)

const BIN = (tool: string) => fileURLToPath(new URL(`../../sandbox/bin/${tool}`, import.meta.url))

function run(tool: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(BIN(tool), args, { encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

t.test('terraform and kops share one build, made on the first call', async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'tasks-build-'))
  t.teardown(() => rmSync(cache, { recursive: true, force: true }))
  const manifest = () => JSON.parse(readFileSync(join(cache, 'sandbox', 'manifest.json'), 'utf8'))
  const env = { TASKS_BUILD_DIR: cache }
  const terraform = run('terraform', ['version'], env)
  t.match(terraform, { code: 0, stdout: /^Terraform v\d+\.\d+\.\d+\n/, stderr: '' })
  const first = manifest()
  t.equal(first.builds, 1)
  const kops = run('kops', ['version'], env)
  t.match(kops, { code: 0, stdout: /^Client version: /, stderr: '' })
  t.same(manifest(), first, 'reused')

  const off = { TASKS_BUILD_CACHE: 'off' }
  t.same(run('terraform', ['version'], off), terraform, 'the sources answer the same')
  t.same(run('kops', ['version'], off), kops)
})

t.test('an unknown tool fails as it did', async (t) => {
  const bad = spawnSync(process.execPath, [fileURLToPath(new URL('../../sandbox/common/bin.mjs', import.meta.url)), 'helm'], { encoding: 'utf8' })
  t.not(bad.status, 0)
  t.match(bad.stderr, /helm\/main\.ts/)
})

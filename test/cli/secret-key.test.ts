// .tasks/secret.key keys the digests of sensitive outputs: an empty or malformed one is replaced
// (with one warning), one that others can read is named with the command that fixes it.
import t from 'tap'
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { makeProject, runCli } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const KEY = /^[0-9a-f]{64}\n$/
const DONE = '1 cluster: 1 ok, 0 failed\n'

function withKey(content: string, mode: number): string {
  const root = makeProject(fixtureFiles({ '.tasks/secret.key': content }))
  chmodSync(join(root, '.tasks/secret.key'), mode)
  return root
}

t.test('an empty key is replaced by a new one, with one warning', async (t) => {
  const root = withKey('', 0o600)
  const r = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(r.code, 0)
  t.equal(r.stderr, `warning: .tasks/secret.key was empty: made a new key (stages that use sensitive outputs run again once)\n${DONE}`)
  const file = join(root, '.tasks/secret.key')
  t.match(readFileSync(file, 'utf8'), KEY)
  t.equal(statSync(file).mode & 0o777, 0o600)
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).stderr, DONE, 'warned once')
})

t.test('a short or malformed key is replaced too', async (t) => {
  const root = withKey('abc123\n', 0o600)
  const r = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(r.stderr, `warning: .tasks/secret.key is not a key tasks made (64 hex digits; it holds 6 characters): made a new key (stages that use sensitive outputs run again once)\n${DONE}`)
  t.match(readFileSync(join(root, '.tasks/secret.key'), 'utf8'), KEY)
})

t.test('a key that group or others can read: a warning naming it, its mode and the fix; the key is kept', async (t) => {
  const key = `${'ab'.repeat(32)}\n`
  const root = withKey(key, 0o644)
  const r = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(r.code, 0)
  t.equal(r.stderr, `warning: .tasks/secret.key can be read by others (mode 0644), and it keys the digests of sensitive outputs; run: chmod 600 ${join(root, '.tasks/secret.key')}\n${DONE}`)
  t.equal(readFileSync(join(root, '.tasks/secret.key'), 'utf8'), key, 'kept as it is')
  chmodSync(join(root, '.tasks/secret.key'), 0o600)
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).stderr, DONE)
})

t.test('TASKS_SECRET_KEY: one key for every runner, used as given and never written; a malformed one is not used', async (t) => {
  const shared = 'ab'.repeat(32)
  const root = makeProject(fixtureFiles())
  const r = await runCli(root, ['push', '--cluster', 'a'], { env: { PATH: process.env.PATH, TASKS_SECRET_KEY: shared } })
  t.same([r.code, r.stderr], [0, DONE])
  t.notOk(existsSync(join(root, '.tasks/secret.key')), 'not written to the state directory')
  // Records keyed with it: the same digests on any machine with the same key (here: the same record key again).
  const recorded = readFileSync(join(root, '.tasks/cache/a/render.json'), 'utf8')
  const again = makeProject(fixtureFiles())
  t.equal((await runCli(again, ['push', '--cluster', 'a'], { env: { PATH: process.env.PATH, TASKS_SECRET_KEY: shared } })).code, 0)
  t.equal(JSON.parse(readFileSync(join(again, '.tasks/cache/a/render.json'), 'utf8')).key, JSON.parse(recorded).key)
  const bad = await runCli(makeProject(fixtureFiles()), ['push', '--cluster', 'a'], { env: { PATH: process.env.PATH, TASKS_SECRET_KEY: 'nope' } })
  t.equal(bad.stderr, `warning: TASKS_SECRET_KEY is not a key tasks made (64 hex digits; it holds 4 characters): using .tasks/secret.key instead\n${DONE}`)
})

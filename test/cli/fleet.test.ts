// Many clusters: selection by glob, --all and --changed (on a real git repository), and the
// concurrency limit.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const NAMES = Array.from({ length: 12 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`)

function fleet() {
  const files = fixtureFiles()
  delete files['clusters/a/cluster.yaml']
  delete files['clusters/b/cluster.yaml']
  for (const n of NAMES) {
    files[`clusters/${n}/cluster.yaml`] = 'region: eu-west-1\n'
    files[`clusters/${n}/values.json`] = '{"version":"1.29.7"}'
  }
  return makeProject(files)
}

const names = (stdout: string) => (JSON.parse(stdout) as { clusters: { name: string }[] }).clusters.map((c) => c.name)
const dryNames = (stdout: string) => stdout.split('\n').filter((l) => /^c\d\d:$/.test(l)).map((l) => l.slice(0, -1))

t.test('globs and --all select from twelve clusters', async (t) => {
  const root = fleet()
  t.same(names((await runCli(root, ['push', '--cluster', 'c0*', '--json'])).stdout), NAMES.slice(0, 9))
  t.same(names((await runCli(root, ['push', '--cluster', 'c1?,c01', '--json'])).stdout), ['c10', 'c11', 'c12', 'c01'])
  t.same(names((await runCli(root, ['push', '--all', '--json'])).stdout), NAMES)
  t.same(await runCli(root, ['push', '--cluster', 'prod-*']), { code: 2, stdout: '', stderr: `--cluster 'prod-*' matches no cluster; known clusters are ${NAMES.join(', ')}.\n` })
})

t.test('--concurrency bounds how many clusters run at once', async (t) => {
  const root = fleet()
  let running = 0
  let most = 0
  let limit = 3
  const tools = scriptedTools(async () => {
    most = Math.max(most, ++running)
    // Each call is held until `limit` run at once (or a bounded number of event-loop turns pass),
    // so whether the limit is reached does not depend on how fast the rest of a run is.
    for (let i = 0; i < 5_000 && running < limit && most < limit; i++) await new Promise((r) => setImmediate(r))
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
    running--
    return { exitCode: 0, stdout: '', stderr: '' }
  })
  const r = await runCli(root, ['push', '--all', '--concurrency', '3', '--json'], { ports: { tools } })
  t.equal(r.code, 0)
  t.equal(tools.calls.length, 12, 'every cluster ran')
  t.equal(most, 3, 'three at a time, never more')
  writeFileSync(join(root, '.tasksrc.yaml'), 'concurrency: 2\n')
  most = 0
  limit = 2
  await runCli(root, ['push', '--all', '--force=push'], { ports: { tools } })
  t.equal(most, 2, 'the default comes from the settings')
})

t.test('--changed selects clusters whose inputs changed in git', async (t) => {
  const root = fleet()
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } })
  git('init', '-q')
  git('add', '-A')
  git('commit', '-qm', 'fleet')
  const changed = async (...more: string[]) => dryNames((await runCli(root, ['push', '--changed', '--dry-run', ...more], { ports: { tools: processRunner } })).stdout)
  const none = await runCli(root, ['push', '--changed', '--dry-run'], { ports: { tools: processRunner } })
  t.same(none, { code: 0, stdout: '', stderr: 'No cluster changed since HEAD: nothing to do.\n' }, 'nothing changed: nothing to do, exit 0')
  appendFileSync(join(root, 'clusters/c05/cluster.yaml'), '# edited\n')
  writeFileSync(join(root, 'clusters/c07/notes.md'), 'untracked\n')
  appendFileSync(join(root, 'clusters/c09/cluster.yaml'), '# staged\n')
  git('add', 'clusters/c09/cluster.yaml')
  t.same(await changed(), ['c05', 'c07', 'c09'], 'unstaged, untracked and staged changes count')
  t.same(await changed('--cluster', 'c0[5-7]'), ['c05', 'c07'], 'within a glob')
  git('add', '-A')
  git('commit', '-qm', 'edits')
  t.same(await changed('--since', 'HEAD~1'), ['c05', 'c07', 'c09'], 'since a revision')
  appendFileSync(join(root, 'tasks.ts'), '// shared\n')
  t.same(await changed(), NAMES, 'a shared input changes every cluster')
  const bad = await runCli(root, ['push', '--since', 'no-such-ref', '--dry-run'], { ports: { tools: processRunner } })
  t.equal(bad.code, 2)
  t.match(bad.stderr, /^Cannot tell which clusters changed since no-such-ref: fatal: .*\nhint: --changed needs a git checkout/)
})

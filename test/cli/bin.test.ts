// The real `tasks` bin as a user runs it: a separate process, real signals, real tools.
import t from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GRAPH_API, makeProject } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

// Real processes, some of which compile the CLI first: slow on a busy machine.
t.setTimeout(300_000)

const BIN = fileURLToPath(new URL('../../scripts/bin/tasks.mjs', import.meta.url))
const REPO = fileURLToPath(new URL('../..', import.meta.url))

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts the bin; `onStderr` sees stderr as it grows and may act on the child. */
function tasks(args: string[], cwd: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void, env: Record<string, string> = {}): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      onStderr?.(stderr, child)
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

t.test('help works from a subdirectory of the repository', async (t) => {
  const r = await tasks(['help'], join(REPO, 'clusters/demo'))
  t.equal(r.code, 0)
  t.match(r.stdout, /^Usage: tasks <target>\.\.\./)
  t.match(r.stdout, /\n {2}cluster-update +Outputs → render → kops replace → kops update \(kubernetes\.tf\); asks before it writes the state store\n/)
  t.equal(r.stderr, '')
})

t.test('an unknown target exits 2 with a suggestion and no stack', async (t) => {
  const r = await tasks(['cluster-updte'], REPO)
  t.same(r, { code: 2, stdout: '', stderr: 'Unknown target "cluster-updte" (did you mean "cluster-update"?).\nhint: run "tasks help" to list the targets.\n' })
})

// SIGHUP (a closed terminal, a dropped SSH session) is handled as SIGTERM is, exiting 128+1.
const EXIT_OF = { SIGINT: 130, SIGTERM: 130, SIGHUP: 129 }
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) t.test(`${signal} stops the running tool, releases the lock, records nothing for the stage and exits ${EXIT_OF[signal]}`, async (t) => {
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('wait', {",
      "    kind: 'write',",
      // The tool writes its pid, says it started, then waits to be stopped.
      "    commands: (ctx) => [{ tool: process.execPath, args: ['-e', \"require('fs').writeFileSync('pid', String(process.pid)); console.log(['wai', 'ting'].join('')); setInterval(() => {}, 1000)\"], cwd: ctx.root, env: {} }],",
      '  })',
      "  .target('wait', { description: 'Wait', stages: ['wait'] })",
      '',
    ].join('\n'),
    'clusters/x/cluster.yaml': 'region: eu-west-1\n',
    'package.json': '{"type":"module"}\n',
  })
  let sent = false
  const r = await tasks(['wait', '--renderer', 'verbose'], root, (text, child) => {
    if (!sent && text.includes('waiting')) {
      sent = true
      child.kill(signal)
    }
  })
  t.equal(r.code, EXIT_OF[signal], r.stderr)
  t.notOk(existsSync(join(root, '.tasks/cache/x/wait.json')), 'nothing recorded')
  t.notOk(existsSync(join(root, '.tasks/locks/x.lock')), 'the lock was released')
  t.match(r.stderr, /✖ x: wait interrupted\n/)
  t.match(r.stderr, /\n1 cluster: 0 ok, 0 failed, 1 interrupted\n$/)
  const pid = Number(readFileSync(join(root, 'pid'), 'utf8'))
  t.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the tool process is gone')
  t.throws(() => process.kill(-pid, 0), { code: 'ESRCH' }, 'so is its process group')
})

/** A build cache of the test's own (TASKS_BUILD_DIR), removed when it ends. */
function buildCache(t: Tap): { env: { TASKS_BUILD_DIR: string }; manifest: (key: string) => { builds: number; built: number; dir: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-build-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const manifest = (key: string) => JSON.parse(readFileSync(join(dir, key === 'graph' ? graphKey(dir) : key, 'manifest.json'), 'utf8'))
  return { env: { TASKS_BUILD_DIR: dir }, manifest }
}
type Tap = { teardown(fn: () => void): void }
const graphKey = (cache: string): string => {
  const keys = readdirSync(cache).filter((k) => k.startsWith('graph-'))
  if (keys.length !== 1) throw new Error(`expected one graph build, found ${keys.join(', ') || 'none'}`)
  return keys[0]
}

t.test('the compiled CLI and graph are built on the first run, reused after, and print what the sources print', async (t) => {
  const cache = buildCache(t)
  const first = await tasks(['help'], REPO, undefined, cache.env)
  const cli = cache.manifest('cli')
  const graph = cache.manifest('graph')
  t.match(cli, { builds: 1 })
  t.match(graph, { builds: 1 })
  const second = await tasks(['graph', '--format', 'json'], REPO, undefined, cache.env)
  t.same(cache.manifest('cli'), cli, 'the CLI build is reused')
  t.same(cache.manifest('graph'), graph, 'the graph build is reused')
  // The graph module imports the CLI build's modules instead of carrying its own copy.
  const graphOut = readFileSync(join(cache.env.TASKS_BUILD_DIR, graphKey(cache.env.TASKS_BUILD_DIR), graph.dir, 'tasks.mjs'), 'utf8')
  t.match(graphOut, `/cli/${cli.dir}/modules/graph/mod.mjs"`)

  const off = { TASKS_BUILD_CACHE: 'off' }
  t.same(first, await tasks(['help'], REPO, undefined, off))
  t.same(second, await tasks(['graph', '--format', 'json'], REPO, undefined, off))
})

t.test('the demo chain runs through the compiled build, whose template engine and YAML parser load on first use', async (t) => {
  const cache = buildCache(t)
  const root = repoCopy()
  const first = await tasks(['cluster-update', '--cluster', 'demo', '--yes'], root, undefined, cache.env)
  t.equal(first.code, 0, first.stderr)
  t.match(first.stderr, /\n\[demo\] ✔ render \(/, 'the render stage ran (eta loaded)')
  // Now the state store holds the cluster: kops-spec compares the rendered spec with it (yaml loaded).
  const second = await tasks(['cluster-update', '--cluster', 'demo', '--yes'], root, undefined, cache.env)
  t.equal(second.code, 0, second.stderr)
  t.match(second.stderr, /\n {2}demo {2}kops-spec: the state store holds this spec\n/)
})

t.test('a graph definition problem is reported at its line in tasks.ts', async (t) => {
  const cache = buildCache(t)
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      '',
      'export default graph()',
      "  .stage('a', { kind: 'pure', run: () => 1 })",
      "  .stage('a', { kind: 'pure', run: () => 2 })",
      "  .target('t', { description: 'T', stages: ['a'] })",
      '',
    ].join('\n'),
    'clusters/x/cluster.yaml': 'region: eu-west-1\n',
    'package.json': '{"type":"module"}\n',
  })
  const expected = { code: 2, stdout: '', stderr: `tasks.ts:5:4 "a" is defined twice.\n    .stage('a', { kind: 'pure', run: () => 2 })\n     ^\nhint: stage and target names must be unique.\n` }
  t.same(await tasks(['help'], root, undefined, cache.env), expected)
  t.match(cache.manifest('graph'), { builds: 1 }, 'from the compiled graph')
  t.same(await tasks(['help'], root, undefined, { TASKS_BUILD_CACHE: 'off' }), expected, 'as from the source')
})

t.test('without a build the sources run through tsx, and --debug says why', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-build-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'file'), '')
  const r = await tasks(['help', '--debug'], REPO, undefined, { TASKS_BUILD_DIR: join(dir, 'file', 'cache') })
  t.equal(r.code, 0)
  t.match(r.stdout, /^Usage: tasks <target>\.\.\./)
  t.equal(r.stderr, `tasks: running from source: ENOTDIR: not a directory, mkdir '${join(dir, 'file', 'cache', 'cli')}'\n`)
})

t.test('a build with a file gone runs from source once, then is made again', async (t) => {
  const cache = buildCache(t)
  t.equal((await tasks(['help'], REPO, undefined, cache.env)).code, 0)
  const cli = cache.manifest('cli')
  const dir = join(cache.env.TASKS_BUILD_DIR, 'cli', cli.dir)
  const entry = readFileSync(join(dir, 'scripts', 'tasks.mjs'), 'utf8')
  const chunk = /from"\.\.\/chunks\/([^"]+)"/.exec(entry)![1]
  rmSync(join(dir, 'chunks', chunk))
  const fallback = await tasks(['help', '--debug'], REPO, undefined, cache.env)
  t.equal(fallback.code, 0)
  t.match(fallback.stdout, /^Usage: tasks <target>\.\.\./)
  t.equal(fallback.stderr, 'tasks: running from source: its build could not be loaded (it is made again on the next run)\n')
  const again = await tasks(['help', '--debug'], REPO, undefined, cache.env)
  t.same(again, { ...fallback, stderr: '' })
  t.match(cache.manifest('cli'), { builds: 2, dir: cli.dir }, 'rebuilt into the same directory')
  t.ok(existsSync(join(dir, 'chunks', chunk)))
})

// -C DIR / --dir DIR: run as if started in DIR (relative to the working directory), like make -C.
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { makeProject, runCli } from '../helpers/project.ts'

// One real process, which may compile the CLI and the graph first: slow on a busy machine.
t.setTimeout(120_000)

const BIN = fileURLToPath(new URL('../../scripts/bin/tasks.mjs', import.meta.url))
const lines = (...l: string[]): string => `${l.join('\n')}\n`

t.test('-C DIR runs in DIR, from anywhere', async (t) => {
  const root = makeProject(fixtureFiles())
  const graph = await runCli(root, ['graph'])
  t.equal(graph.code, 0)
  t.same(await runCli('/', ['-C', root, 'graph']), graph, 'an absolute DIR, from /')
  t.same(await runCli('/', [`--dir=${root}`, 'graph']), graph, '--dir=DIR')
  t.same(await runCli(dirname(root), ['graph', '--dir', basename(root)]), graph, 'relative to the working directory, after the command')
  mkdirSync(join(root, 'clusters/a/deep'), { recursive: true })
  t.same(await runCli('/', ['-C', join(root, 'clusters/a/deep'), 'graph']), graph, 'a subdirectory finds its project as a start there would')
  const run = await runCli(tmpdir(), ['-C', root, 'push', '--cluster', 'a', '--json'])
  t.equal(run.code, 0)
  t.same(JSON.parse(run.stdout).clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['a:ok'], 'a run, in DIR')
})

t.test('a DIR that is missing or not a directory: one message, exit 2', async (t) => {
  const root = makeProject(fixtureFiles())
  t.same(await runCli(root, ['-C', 'nope', 'graph']), { code: 2, stdout: '', stderr: lines(
    `Cannot run in nope (-C/--dir): no such directory (${join(root, 'nope')}).`,
    'hint: -C DIR takes a directory, relative to the one tasks starts in.',
  ) })
  t.same(await runCli(root, ['--dir', 'tasks.ts', 'graph']), { code: 2, stdout: '', stderr: lines(
    `Cannot run in tasks.ts (-C/--dir): it is a file, not a directory (${join(root, 'tasks.ts')}).`,
    'hint: -C DIR takes a directory, relative to the one tasks starts in.',
  ) })
  t.same(await runCli(root, ['graph', '-C']), { code: 2, stdout: '', stderr: lines('Option --dir needs a value: --dir DIR.') })
  const json = await runCli(root, ['-C', 'nope', 'push', '--json'])
  t.equal(json.code, 2)
  t.same(JSON.parse(json.stdout), { clusters: [], exitCode: 2, problems: [{ reason: 'bad-dir', message: `Cannot run in nope (-C/--dir): no such directory (${join(root, 'nope')}).\nhint: -C DIR takes a directory, relative to the one tasks starts in.` }] })
})

t.test('the bin: cd elsewhere && tasks -C DIR graph', async (t) => {
  const root = makeProject(fixtureFiles())
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, '-C', root, 'graph', '--format', 'json'], { cwd: tmpdir(), env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  t.equal(r.stderr, '')
  t.equal(r.code, 0)
  t.same(JSON.parse(r.stdout).targets.map((x: { name: string }) => x.name), ['outputs', 'push', 'deploy', 'announce'])
})

// `tasks --version`: the version in package.json, from anywhere, running nothing.
import t from 'tap'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

// One real process, which may compile the CLI first: slow on a busy machine.
t.setTimeout(120_000)

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
const BIN = fileURLToPath(new URL('../../scripts/bin/tasks.mjs', import.meta.url))

t.test('--version prints package.json\'s version, in a project or outside any', async (t) => {
  t.match(VERSION, /^\d+\.\d+\.\d+/)
  const tools = scriptedTools()
  const root = makeProject(fixtureFiles())
  t.same(await runCli(root, ['--version'], { ports: { tools } }), { code: 0, stdout: `tasks ${VERSION}\n`, stderr: '' })
  t.same(await runCli('/', ['--version']), { code: 0, stdout: `tasks ${VERSION}\n`, stderr: '' }, 'no project needed')
  t.same(await runCli(root, ['deploy', '--cluster', 'a', '--yes', '--version'], { ports: { tools } }), { code: 0, stdout: `tasks ${VERSION}\n`, stderr: '' }, 'with a target: prints, runs nothing')
  t.same(tools.calls, [], 'no tool called')
})

t.test('`tasks version` is still the target; -v and -V point at --version', async (t) => {
  const root = makeProject(fixtureFiles())
  const hint = 'hint: run "tasks help" to list the options.'
  t.same(await runCli(root, ['-v']), { code: 2, stdout: '', stderr: `Unknown option "-v" (did you mean "--version"?).\n${hint}\n` })
  t.same(await runCli(root, ['-V']), { code: 2, stdout: '', stderr: `Unknown option "-V" (did you mean "--version"?).\n${hint}\n` })
  const target = await runCli(repoCopy(), ['help', 'version'])
  t.match(target.stdout, /^Usage: tasks version \[--cluster NAME\]\.\.\. \[options\]\n\nterraform and kops versions\.\n\nRuns, in order:\n/, 'version is the repository\'s target')
})

t.test('the bin prints it from any directory', async (t) => {
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, '--version'], { cwd: tmpdir(), env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  t.same(r, { code: 0, stdout: `tasks ${VERSION}\n`, stderr: '' })
})

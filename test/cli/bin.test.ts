// The real `tasks` bin as a user runs it: a separate process, real signals, real tools.
import t from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GRAPH_API, makeProject } from '../helpers/project.ts'

const BIN = fileURLToPath(new URL('../../scripts/bin/tasks.mjs', import.meta.url))
const REPO = fileURLToPath(new URL('../..', import.meta.url))

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts the bin; `onStderr` sees stderr as it grows and may act on the child. */
function tasks(args: string[], cwd: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
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
  t.match(r.stdout, /\n {2}cluster-update +Outputs → render → kops replace → kops update \(kubernetes\.tf\)\n/)
  t.equal(r.stderr, '')
})

t.test('an unknown target exits 2 with a suggestion and no stack', async (t) => {
  const r = await tasks(['cluster-updte'], REPO)
  t.same(r, { code: 2, stdout: '', stderr: 'Unknown target "cluster-updte" (did you mean "cluster-update"?).\nhint: run "tasks help" to list the targets.\n' })
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) t.test(`${signal} stops the running tool, records nothing for the stage and exits 130`, async (t) => {
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
  t.equal(r.code, 130)
  t.notOk(existsSync(join(root, '.tasks/cache/x/wait.json')), 'nothing recorded')
  t.match(r.stderr, /✖ x: wait failed: interrupted\n/)
  const pid = Number(readFileSync(join(root, 'pid'), 'utf8'))
  t.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the tool process is gone')
})

// stateDir in .tasksrc.yaml: an absolute path is used as it is; one that cannot be created or
// written stops the run (exit 2) with the path and the reason, before anything runs.
import t from 'tap'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

t.test('an absolute stateDir is used as it is: records and logs there, nothing under the repository', async (t) => {
  const state = join(mkdtempSync(join(tmpdir(), 'tasks-state-')), 'state')
  const root = makeProject(fixtureFiles({ '.tasksrc.yaml': `stateDir: ${state}\n` }))
  const r = await runCli(root, ['push', '--cluster', 'a'])
  t.equal(r.code, 0, r.stderr)
  t.ok(existsSync(join(state, 'cache/a/push.json')), 'the record is in the absolute directory')
  t.ok(existsSync(join(state, 'secret.key')))
  t.ok(existsSync(join(state, 'logs/a')))
  t.same(readdirSync(root).filter((f) => !['clusters', 'tasks.ts', 'template.txt', '.tasksrc.yaml', 'package.json'].includes(f)), [], 'nothing else under the repository')
  t.notOk(existsSync(join(root, state.slice(1))), 'not joined under the root')
  // The second run finds what the first recorded there.
  t.match((await runCli(root, ['explain', 'push', '--cluster', 'a'])).stdout, /push +skip/)
})

t.test('a stateDir that cannot be created: exit 2 naming it and why, nothing ran', async (t) => {
  const root = makeProject(fixtureFiles({ '.tasksrc.yaml': 'stateDir: /proc/nope\n' }))
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.same(r, {
    code: 2,
    stdout: '',
    stderr: [
      "Cannot write tasks's state to /proc/nope: the directory cannot be created (ENOENT).",
      'hint: tasks keeps cache records, logs and locks under /proc/nope; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.',
      '',
    ].join('\n'),
  })
  t.same(tools.calls, [], 'nothing ran')
  t.notOk(existsSync(join(root, 'proc')), 'nothing made under the repository')
})

import t from 'tap'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { HOOK_MARK, hookScript } from '../../modules/cli/hooks.ts'
import { makeProject, runCli } from '../helpers/project.ts'

const gitInit = (dir: string) => execFileSync('git', ['init', '-q', dir])
const install = (root: string, ...flags: string[]) => runCli(root, ['hooks', 'install', ...flags], { ports: { tools: processRunner }, bin: join(root, 'scripts/bin/tasks.mjs') })

t.test('hooks install writes an executable pre-commit hook that validates what is staged', async (t) => {
  const root = makeProject({ 'tasks.ts': '// graph\n' })
  gitInit(root)
  const r = await install(root)
  t.same(r, { code: 0, stdout: 'Installed the pre-commit hook .git/hooks/pre-commit: each commit runs `tasks validate --staged`.\n', stderr: '' })
  const hook = join(root, '.git/hooks/pre-commit')
  t.equal(readFileSync(hook, 'utf8'), hookScript('', 'scripts/bin/tasks.mjs'))
  t.equal(statSync(hook).mode & 0o777, 0o755)
  t.equal(
    hookScript('', 'scripts/bin/tasks.mjs'),
    [
      '#!/bin/sh',
      HOOK_MARK,
      '# Installed by `npx tasks hooks install`: checks the staged cluster definitions (tasks validate',
      '# --staged) before each commit. Skip once with `git commit --no-verify`.',
      'cd "$(git rev-parse --show-toplevel)" || exit 2',
      "if [ -f 'scripts/bin/tasks.mjs' ]; then exec node 'scripts/bin/tasks.mjs' validate --staged; fi",
      'exec npx --no-install tasks validate --staged',
      '',
    ].join('\n'),
  )
  t.equal((await install(root)).stdout, 'Installed the pre-commit hook .git/hooks/pre-commit (updated): each commit runs `tasks validate --staged`.\n')
})

t.test('a project in a subdirectory of the repository: the hook changes into it; a bin outside the project is not used', async (t) => {
  const top = makeProject({})
  gitInit(top)
  const root = join(top, 'infra')
  mkdirSync(root)
  writeFileSync(join(root, 'tasks.ts'), '// graph\n')
  const r = await runCli(root, ['hooks', 'install'], { ports: { tools: processRunner }, bin: '/usr/lib/node_modules/tasks/scripts/bin/tasks.mjs' })
  t.equal(r.code, 0)
  t.equal(readFileSync(join(top, '.git/hooks/pre-commit'), 'utf8'), hookScript('infra'))
  t.match(hookScript('infra'), /\ncd 'infra' \|\| exit 2\nexec npx --no-install tasks validate --staged\n$/)
})

t.test('a foreign hook is left alone without --force (exit 3), and replaced with it', async (t) => {
  const root = makeProject({ 'tasks.ts': '// graph\n' })
  gitInit(root)
  const hook = join(root, '.git/hooks/pre-commit')
  writeFileSync(hook, '#!/bin/sh\nmake lint\n')
  const refused = await install(root)
  t.same(refused, {
    code: 3,
    stdout: '',
    stderr: '.git/hooks/pre-commit exists and was not written by tasks: left as it is.\nhint: call `npx tasks validate --staged` from it yourself, or replace it with `npx tasks hooks install --force`.\n',
  })
  t.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\nmake lint\n')
  const forced = await install(root, '--force')
  t.equal(forced.stdout, 'Installed the pre-commit hook .git/hooks/pre-commit (replaced the previous hook, --force): each commit runs `tasks validate --staged`.\n')
  t.ok(readFileSync(hook, 'utf8').includes(HOOK_MARK))
})

t.test('core.hooksPath is honoured', async (t) => {
  const root = makeProject({ 'tasks.ts': '// graph\n' })
  gitInit(root)
  execFileSync('git', ['-C', root, 'config', 'core.hooksPath', 'githooks'])
  t.equal((await install(root)).code, 0)
  t.ok(existsSync(join(root, 'githooks/pre-commit')))
})

t.test('outside a git repository, and with a wrong subcommand: one message, exit 2', async (t) => {
  const root = makeProject({ 'tasks.ts': '// graph\n' })
  const r = await install(root)
  t.equal(r.code, 2)
  t.match(r.stderr, /^Cannot install the pre-commit hook: fatal: not a git repository.*\.\nhint: run it inside a git checkout of the project\.\n$/)
  const wrong = await runCli(root, ['hooks', 'instal'])
  t.same(wrong, { code: 2, stdout: '', stderr: 'Option install is required here.\nhint: tasks hooks install [--force] writes the git pre-commit hook\n' })
})

// Directory names a shell would act on if they were not quoted for sh: `$()`, backticks, quotes, spaces.
const HOSTILE = ['p$(touch pwned-hook)', 'b`touch pwned-hook`', 'dq"x $(touch pwned-hook)"', "sq'x $(touch pwned-hook)'", 'with space']

t.test('the hook quotes the project directory and bin for sh: exact text', async (t) => {
  t.equal(
    hookScript("it's $(x) `y` \"z\"", 'bin/t.mjs').split('\n').slice(5).join('\n'),
    [
      `cd 'it'\\''s $(x) \`y\` "z"' || exit 2`,
      "if [ -f 'bin/t.mjs' ]; then exec node 'bin/t.mjs' validate --staged; fi",
      'exec npx --no-install tasks validate --staged',
      '',
    ].join('\n'),
  )
  t.match(hookScript('p$(touch pwned-hook)'), /\ncd 'p\$\(touch pwned-hook\)' \|\| exit 2\n/)
})

t.test('the hook run by sh from a hostile directory name runs nothing from it and reaches the project', async (t) => {
  for (const name of HOSTILE) {
    const top = makeProject({})
    gitInit(top)
    const root = join(top, name)
    mkdirSync(root)
    // The "bin" prints where the hook ran it from, so the test sees the hook's `cd`.
    writeFileSync(join(root, 'where.mjs'), 'console.log(process.cwd())\n')
    const hook = join(top, 'pre-commit')
    writeFileSync(hook, hookScript(name, 'where.mjs'))
    const out = execFileSync('sh', [hook], { cwd: top, encoding: 'utf8' })
    t.equal(out, `${root}\n`, name)
    t.equal(existsSync(join(top, 'pwned-hook')) || existsSync(join(root, 'pwned-hook')), false, `${name}: nothing injected ran`)
  }
})

// The one zx edge, on a real process.
import t from 'tap'
import { zxRunner } from '../../modules/exec/zx-runner.ts'

t.test('a command runs with its own cwd and env; output streams as it comes', async (t) => {
  const seen: string[] = []
  const r = await zxRunner.run(
    { tool: process.execPath, args: ['-e', "console.log(process.cwd(), process.env.TASKS_TEST); console.error('to stderr'); process.exit(3)"], cwd: '/tmp', env: { TASKS_TEST: 'it is $HOME; not expanded' } },
    { onOutput: (text) => seen.push(text), signal: new AbortController().signal },
  )
  t.same(r, { exitCode: 3, stdout: '/tmp it is $HOME; not expanded\n', stderr: 'to stderr\n' })
  t.same(seen.sort(), ['/tmp it is $HOME; not expanded\n', 'to stderr\n'])
})

t.test('arguments are passed verbatim, never through shell expansion', async (t) => {
  const r = await zxRunner.run(
    { tool: process.execPath, args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(echo no)', "it's", '*'], cwd: '/tmp', env: {} },
    { onOutput: () => {}, signal: new AbortController().signal },
  )
  t.same(JSON.parse(r.stdout), ['$(echo no)', "it's", '*'])
})

t.test('an abort stops the process', async (t) => {
  const ac = new AbortController()
  const r = await zxRunner.run(
    { tool: process.execPath, args: ['-e', "console.log('up'); setInterval(() => {}, 1000)"], cwd: '/tmp', env: {} },
    { onOutput: (text) => text.includes('up') && ac.abort(), signal: ac.signal },
  )
  t.not(r.exitCode, 0)
})

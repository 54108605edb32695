// The one process edge, on a real process.
import t from 'tap'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ToolRunner } from '../../modules/exec/ports.ts'
import { processGroups } from '../../modules/exec/process-groups.ts'
import { makeProcessRunner, processRunner } from '../../modules/exec/process-runner.ts'
import { becomesDead, dead } from '../helpers/processes.ts'

t.test('a command runs with its own cwd and env; output streams as it comes', async (t) => {
  const seen: string[] = []
  const r = await processRunner.run(
    { tool: process.execPath, args: ['-e', "console.log(process.cwd(), process.env.TASKS_TEST); console.error('to stderr'); process.exit(3)"], cwd: '/tmp', env: { TASKS_TEST: 'it is $HOME; not expanded' } },
    { onOutput: (text) => seen.push(text), signal: new AbortController().signal },
  )
  t.same(r, { exitCode: 3, stdout: '/tmp it is $HOME; not expanded\n', stderr: 'to stderr\n' })
  t.same(seen.sort(), ['/tmp it is $HOME; not expanded\n', 'to stderr\n'])
})

t.test('arguments are passed verbatim, never through shell expansion', async (t) => {
  const r = await processRunner.run(
    { tool: process.execPath, args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(echo no)', "it's", '*'], cwd: '/tmp', env: {} },
    { onOutput: () => {}, signal: new AbortController().signal },
  )
  t.same(JSON.parse(r.stdout), ['$(echo no)', "it's", '*'])
})

t.test('an abort stops the process', async (t) => {
  const ac = new AbortController()
  const r = await processRunner.run(
    { tool: process.execPath, args: ['-e', "console.log('up'); setInterval(() => {}, 1000)"], cwd: '/tmp', env: {} },
    { onOutput: (text) => text.includes('up') && ac.abort(), signal: ac.signal },
  )
  t.not(r.exitCode, 0)
})

// ── process groups, no shell (issue 8) ──

const dir = mkdtempSync(join(tmpdir(), 'tasks-zx-'))

/** Writes an executable script. */
function script(name: string, body: string): string {
  const path = join(dir, name)
  writeFileSync(path, body)
  chmodSync(path, 0o755)
  return path
}


// A tool that starts a child and waits for it, printing both pids once they exist.
const PARENT = script('parent.sh', '#!/bin/sh\nsleep 1000 &\necho "started $$ $!"\nwait\n')
// The same, deaf to SIGTERM (the child inherits it): only SIGKILL ends them.
const STUBBORN = script('stubborn.sh', '#!/bin/sh\ntrap "" TERM\nsleep 1000 &\necho "started $$ $!"\nwait\n')

/** Runs `tool` and aborts once it printed its pids; resolves with them and the result. */
async function startAndAbort(runner: ToolRunner, tool: string, afterAbort: (pids: number[]) => void = () => {}) {
  const ac = new AbortController()
  let pids: number[] = []
  const result = await runner.run({ tool, args: [], cwd: dir, env: {} }, {
    signal: ac.signal,
    onOutput: (text) => {
      const m = /started (\d+) (\d+)/.exec(text)
      if (!m) return
      pids = [Number(m[1]), Number(m[2])]
      ac.abort()
      afterAbort(pids)
    },
  })
  return { pids, result }
}

t.test('an abort ends the whole process group: the tool and the child it started', async (t) => {
  const { pids, result } = await startAndAbort(processRunner, PARENT)
  t.equal(pids.length, 2)
  t.not(result.exitCode, 0)
  for (const pid of pids) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
  t.same(processGroups.list(), [], 'no group is left registered')
})

t.test('a tool deaf to SIGTERM gets SIGKILL when the grace period ends', async (t) => {
  const timers: { ms: number; fire: () => void }[] = []
  const runner = makeProcessRunner({ graceMs: 1234, timer: (ms, fire) => (timers.push({ ms, fire }), () => {}) })
  const { pids, result } = await startAndAbort(runner, STUBBORN, (pids) => {
    // SIGTERM was sent and ignored: both still run until the grace timer fires.
    t.same(timers.map((x) => x.ms), [1234])
    t.ok(pids.every((pid) => !dead(pid)), 'alive after SIGTERM')
    setImmediate(() => timers[0].fire())
  })
  t.not(result.exitCode, 0)
  for (const pid of pids) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
})

t.test('no shell: an argument full of shell syntax reaches the tool as one verbatim argv element', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'tasks-argv-'))
  mkdirSync(join(work, 'x'))
  const tool = script('argv.mjs', `#!${process.execPath}\nrequire('fs').writeFileSync('argv.json', JSON.stringify(process.argv.slice(2)))\n`.replace("require('fs')", "(await import('node:fs'))"))
  const args = ['; rm -rf x $(touch pwned) `id`', '*', '$HOME', `a'b"c`, '', '--flag=x y', '|| touch pwned2 &', '\n; touch pwned3']
  const r = await processRunner.run({ tool, args, cwd: work, env: {} }, { onOutput: () => {}, signal: new AbortController().signal })
  t.equal(r.exitCode, 0, r.stderr)
  t.same(JSON.parse(readFileSync(join(work, 'argv.json'), 'utf8')), args)
  t.same(readdirSync(work).sort(), ['argv.json', 'x'], 'nothing was executed: x is there, no pwned files')
})

t.test('a tool that cannot be started: exit 127 and a message, not a crash', async (t) => {
  const seen: string[] = []
  const r = await processRunner.run({ tool: join(dir, 'no-such-tool'), args: ['x'], cwd: dir, env: {} }, { onOutput: (text) => seen.push(text), signal: new AbortController().signal })
  t.equal(r.exitCode, 127)
  t.match(r.stderr, /^tasks: cannot start .*no-such-tool: spawn .*no-such-tool ENOENT\n$/)
  t.same(seen, [r.stderr])
})

// A descendant that left the tool's process group (setsid) and kept its stdout: the group is
// signalled and the tool exits, but the pipe never closes. The run must not wait for it.
// The escaped process prints the pids itself, once it has left the group (no race with the abort).
const ESCAPER = script('escaper.sh', `#!/bin/sh\nsetsid sh -c 'echo "started $PPID $$"; exec sleep 1000' &\nwait\n`)

t.test('an abort does not wait for a pipe held by a descendant that left the group', { timeout: 20_000 }, async (t) => {
  const timers: { ms: number; fire: () => void }[] = []
  // The SIGTERM grace is never fired here; the pipe grace fires as soon as it is started.
  const runner = makeProcessRunner({ graceMs: 1234, pipeGraceMs: 7, timer: (ms, fire) => (timers.push({ ms, fire }), ms === 7 && setImmediate(fire), () => {}) })
  let escaped = 0
  t.teardown(() => void (escaped && signal(escaped)))
  const { pids, result } = await startAndAbort(runner, ESCAPER, (pids) => void (escaped = pids[1]))
  t.not(result.exitCode, 0)
  t.ok(await becomesDead(pids[0]), 'the tool is gone')
  t.notOk(dead(pids[1]), 'the escaped descendant still runs (it left the group): the run did not wait for it')
  t.same(timers.map((x) => x.ms), [1234, 7], 'the SIGTERM grace, then the pipe grace once the tool had exited')
  t.same(processGroups.list(), [], 'no group is left registered')
})

t.test('a Ctrl-C after the tool exited, while a descendant that left the group holds its pipe, ends the wait', { timeout: 20_000 }, async (t) => {
  // The tool exits at once; its escaped descendant keeps the pipe open, so the run would wait forever.
  const tool = script('daemonizer.sh', `#!/bin/sh\nsetsid sh -c 'echo "started $0 $$"; exec sleep 1000' $$ &\nexit 0\n`)
  const timers: number[] = []
  // Only the pipe grace fires; a SIGTERM grace may start too when the exited tool is not reaped yet.
  const runner = makeProcessRunner({ graceMs: 1234, pipeGraceMs: 7, timer: (ms, fire) => (timers.push(ms), ms === 7 && setImmediate(fire), () => {}) })
  const ac = new AbortController()
  let pids: number[] = []
  t.teardown(() => void (pids[1] && signal(pids[1])))
  const result = await runner.run({ tool, args: [], cwd: dir, env: {} }, {
    signal: ac.signal,
    onOutput: (text) => {
      const m = /started (\d+) (\d+)/.exec(text)
      if (!m) return
      pids = [Number(m[1]), Number(m[2])]
      void becomesDead(pids[0]).then(() => ac.abort())
    },
  })
  t.same(result, { exitCode: 0, stdout: `started ${pids[0]} ${pids[1]}\n`, stderr: '' }, 'the tool itself ended well')
  t.notOk(dead(pids[1]), 'the escaped descendant still runs: the run did not wait for it')
  t.same(timers.filter((ms) => ms === 7), [7], 'the pipe grace ended the wait')
})

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // gone
  }
}

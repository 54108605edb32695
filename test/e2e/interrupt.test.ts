// Interrupts (issue 8): Ctrl-C or SIGTERM while planning or while a tool runs ends the tool's whole
// process group, releases the cluster lock, records nothing for the interrupted stage and exits
// 130; a second Ctrl-C forces; the next run needs no clean-up.
import t from 'tap'
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { watchInterrupts, type InterruptSignal } from '../../modules/exec/interrupts.ts'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { GRAPH_API, makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { becomesDead } from '../helpers/processes.ts'

t.setTimeout(120_000)

const BIN = fileURLToPath(new URL('../../scripts/bin/tasks.mjs', import.meta.url))


t.test('an interrupt while planning: nothing runs, the lock is released, exit 130; the next run just works', async (t) => {
  const root = makeProject(fixtureFiles())
  const interrupt = new AbortController()
  let lockedWhilePlanning = false
  // Planning reads the cache records: the interrupt arrives right then, with the lock held.
  const fs: FileSystem = {
    ...nodeFileSystem,
    stat: async (path) => {
      if (path.endsWith(join('.tasks', 'cache', 'a', 'outputs.json')) && !interrupt.signal.aborted) {
        lockedWhilePlanning = existsSync(join(root, '.tasks/locks/a.lock'))
        interrupt.abort()
      }
      return nodeFileSystem.stat(path)
    },
  }
  const tools = scriptedTools()
  const r = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools, fs }, signal: interrupt.signal })
  t.ok(lockedWhilePlanning, 'the interrupt came while the lock was held')
  t.same(r, { code: 130, stdout: '', stderr: 'Interrupted before any stage ran: nothing changed and nothing was recorded.\n' })
  t.same(tools.calls, [], 'no tool started')
  t.notOk(existsSync(join(root, '.tasks/locks/a.lock')), 'the lock was released')
  t.same(existsSync(join(root, '.tasks/cache/a')) ? readdirSync(join(root, '.tasks/cache/a')) : [], [], 'nothing was recorded')
  const again = await runCli(root, ['push', '--cluster', 'a'], { ports: { tools } })
  t.equal(again.code, 0, 'the next run needs no clean-up')
})

t.test('a second interrupt forces: process groups killed, clean-ups run synchronously, exit 130', async (t) => {
  const listeners = new Map<InterruptSignal, () => void>()
  const said: string[] = []
  const events: string[] = []
  const source = { on: (s: InterruptSignal, l: () => void) => listeners.set(s, l), off: (s: InterruptSignal) => listeners.delete(s) }
  const interrupts = watchInterrupts({ source, say: (text) => said.push(text), exit: (code) => events.push(`exit ${code}`), killAll: () => events.push('kill all') })
  interrupts.onForce(() => events.push('locks released'))
  const dropped = interrupts.onForce(() => events.push('not this one'))
  dropped()
  listeners.get('SIGTERM')!()
  t.ok(interrupts.signal.aborted, 'the first one aborts')
  t.same(events, [], '…and forces nothing')
  listeners.get('SIGINT')!()
  t.same(events, ['kill all', 'locks released', 'exit 130'])
  t.same(said, ['\ntasks: SIGTERM: stopping the running tools (signal again to stop at once)\n', 'tasks: SIGINT again: killing the running tools and exiting\n'])
  interrupts.dispose()
  t.same([...listeners.keys()], [], 'the default handling is back')
})

t.test('SIGHUP is an interrupt as SIGTERM is, and the run exits 129 (128+1) whatever comes after it', async (t) => {
  const listeners = new Map<InterruptSignal, () => void>()
  const said: string[] = []
  const events: string[] = []
  const source = { on: (s: InterruptSignal, l: () => void) => listeners.set(s, l), off: (s: InterruptSignal) => listeners.delete(s) }
  const interrupts = watchInterrupts({ source, say: (text) => said.push(text), exit: (code) => events.push(`exit ${code}`), killAll: () => events.push('kill all') })
  t.same([...listeners.keys()].sort(), ['SIGHUP', 'SIGINT', 'SIGTERM'])
  t.equal(interrupts.exitCode(), 130, 'nothing came yet: the interrupt code')
  listeners.get('SIGHUP')!()
  t.ok(interrupts.signal.aborted, 'the first one aborts')
  t.equal(interrupts.exitCode(), 129)
  listeners.get('SIGINT')!()
  t.same(events, ['kill all', 'exit 129'], 'the first interrupt decides the code')
  t.same(said, ['\ntasks: SIGHUP: stopping the running tools (signal again to stop at once)\n', 'tasks: SIGINT again: killing the running tools and exiting\n'])
  interrupts.dispose()
  t.same([...listeners.keys()], [])
})

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

/** Whatever a failed test left running is killed when the file ends. */
const started: number[] = []
t.teardown(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
})

/** Starts the bin; `onStderr` sees stderr as it grows and may act on the child. */
function tasks(args: string[], cwd: string, onStderr: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
    if (child.pid) started.push(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      onStderr(stderr, child)
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A project whose one stage runs `tool.sh`: it starts a child, writes both pids, and waits. */
function waitingProject(deafToTerm: boolean): string {
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('wait', { kind: 'write', commands: (ctx) => [{ tool: ctx.root + '/tool.sh', args: [], cwd: ctx.root, env: {} }] })",
      "  .target('wait', { description: 'Wait', stages: ['wait'] })",
      '',
    ].join('\n'),
    'tool.sh': `#!/bin/sh\n${deafToTerm ? 'trap "" TERM\n' : ''}sleep 1000 &\necho "$$ $!" > pids\necho waiting\nwait\n`,
    'clusters/x/cluster.yaml': 'region: eu-west-1\n',
    'package.json': '{"type":"module"}\n',
  })
  chmodSync(join(root, 'tool.sh'), 0o755)
  return root
}

/** Processes of group `pgid` that still run (zombies waiting for a reaper run nothing). */
function liveMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const [state, , pgrp] = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return members
}

const pidsOf = (root: string): number[] => {
  const pids = readFileSync(join(root, 'pids'), 'utf8').trim().split(' ').map(Number)
  started.push(...pids)
  return pids
}

t.test('an interrupt raised by a prompt (Ctrl-C read in raw mode) is handled as the signal: first aborts, second forces', async (t) => {
  const listeners = new Map<InterruptSignal, () => void>()
  const events: string[] = []
  const source = { on: (s: InterruptSignal, l: () => void) => listeners.set(s, l), off: (s: InterruptSignal) => listeners.delete(s) }
  const interrupts = watchInterrupts({ source, say: () => {}, exit: (code) => events.push(`exit ${code}`), killAll: () => events.push('kill all') })
  interrupts.raise('SIGINT')
  t.ok(interrupts.signal.aborted)
  t.same(events, [])
  interrupts.raise('SIGINT')
  t.same(events, ['kill all', 'exit 130'])
  interrupts.dispose()
  t.equal(listeners.size, 0)
})

t.test('SIGTERM, Ctrl-C or SIGHUP while the graph module loads: exit 130 (129 for SIGHUP), as during a run (not 143)', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    // A graph module that says it is loading, then never finishes loading.
    const root = makeProject({
      'tasks.ts': "process.stderr.write('loading\\n')\nsetInterval(() => {}, 1000)\nawait new Promise(() => {})\n",
      'clusters/x/cluster.yaml': 'region: eu-west-1\n',
      'package.json': '{"type":"module"}\n',
    })
    let sent = false
    const r = await tasks(['help'], root, (text, child) => {
      if (!sent && text.includes('loading')) {
        sent = true
        child.kill(signal)
      }
    })
    t.ok(sent, `${signal} was sent while loading`)
    const code = signal === 'SIGHUP' ? 129 : 130
    t.equal(r.code, code, `${signal}: exit ${code}`)
  }
})

t.test('Ctrl-C while a tool runs: the tool and its child are gone, the lock released, exit 130; then a rerun works', async (t) => {
  const root = waitingProject(false)
  let sent = false
  const r = await tasks(['wait', '--renderer', 'verbose'], root, (text, child) => {
    if (!sent && text.includes('waiting')) {
      sent = true
      child.kill('SIGINT')
    }
  })
  t.equal(r.code, 130)
  t.match(r.stderr, /tasks: SIGINT: stopping the running tools \(Ctrl-C again to stop at once\)\n/)
  t.match(r.stderr, /^\[x\] \[OUTPUT\] waiting$/m, 'the progress lines (no terminal) name the cluster')
  t.match(r.stderr, /\n✖ x: wait interrupted\n/)
  t.match(r.stderr, /\n1 cluster: 0 ok, 0 failed, 1 interrupted\n$/, 'counted as interrupted, not failed')
  for (const pid of pidsOf(root)) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
  t.notOk(existsSync(join(root, '.tasks/locks/x.lock')), 'the lock was released')
  t.notOk(existsSync(join(root, '.tasks/cache/x/wait.json')), 'nothing recorded')
  // The next run starts cleanly (and is interrupted the same way, to end it).
  let again = false
  const rerun = await tasks(['wait', '--renderer', 'verbose'], root, (text, child) => {
    if (!again && text.includes('waiting')) {
      again = true
      child.kill('SIGTERM')
    }
  })
  t.equal(rerun.code, 130, rerun.stderr)
  t.notMatch(rerun.stderr, /busy|taking over/, 'no lock in the way, nothing to take over')
  for (const pid of pidsOf(root)) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
})

t.test('a second Ctrl-C forces: a tool deaf to SIGTERM is killed with its child, the lock released, exit 130', async (t) => {
  const root = waitingProject(true)
  let first = false
  let second = false
  const r = await tasks(['wait', '--renderer', 'verbose'], root, (text, child) => {
    if (!first && text.includes('waiting')) {
      first = true
      child.kill('SIGINT')
    }
    if (!second && text.includes('Ctrl-C again')) {
      second = true
      child.kill('SIGINT')
    }
  })
  t.equal(r.code, 130)
  t.match(r.stderr, /tasks: SIGINT again: killing the running tools and exiting\n/)
  for (const pid of pidsOf(root)) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
  t.notOk(existsSync(join(root, '.tasks/locks/x.lock')), 'the lock was released')
  t.notOk(existsSync(join(root, '.tasks/cache/x/wait.json')), 'nothing recorded')
})

t.test('SIGHUP while a tool runs (the terminal closed): the tool and its child are gone, the lock released, nothing recorded, exit 129; a rerun needs no takeover', async (t) => {
  const root = waitingProject(false)
  let sent = false
  const r = await tasks(['wait', '--renderer', 'verbose', '--json'], root, (text, child) => {
    if (!sent && text.includes('waiting')) {
      sent = true
      child.kill('SIGHUP')
    }
  })
  t.equal(r.code, 129, r.stderr)
  t.match(r.stderr, /tasks: SIGHUP: stopping the running tools \(signal again to stop at once\)\n/)
  t.match(r.stderr, /\n✖ x: wait interrupted\n/)
  t.match(r.stderr, /\n1 cluster: 0 ok, 0 failed, 1 interrupted\n$/)
  t.match(JSON.parse(r.stdout), { exitCode: 129, clusters: [{ name: 'x', status: 'interrupted', stages: [{ name: 'wait', status: 'interrupted' }] }] }, 'reported as an interrupt is, with 129')
  const pids = pidsOf(root)
  for (const pid of pids) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
  t.same(liveMembers(pids[0]), [], "no live process is left in the tool's group")
  t.notOk(existsSync(join(root, '.tasks/locks/x.lock')), 'the lock was released')
  t.notOk(existsSync(join(root, '.tasks/cache/x/wait.json')), 'nothing recorded')
  let again = false
  const rerun = await tasks(['wait', '--renderer', 'verbose'], root, (text, child) => {
    if (!again && text.includes('waiting')) {
      again = true
      child.kill('SIGTERM')
    }
  })
  t.equal(rerun.code, 130, rerun.stderr)
  t.notMatch(rerun.stderr, /busy|taking over|still runs/, 'no lock in the way, nothing to take over')
  for (const pid of pidsOf(root)) t.ok(await becomesDead(pid), `pid ${pid} is gone`)
})

// `tasks resume` and a run that has not ended: a journal left "running" by a process that is still
// alive and still holds its lock is refused (exit 3, saying which process); once that process is
// gone the run is carried on, and the run's relative --save directory stays relative to where it
// was started, through a resume of a resume too.
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { newestFirst, type Journal } from '../../modules/rollout/mod.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

t.test('a live run is not resumed; once its process is gone it is, with --save where it was given', async (t) => {
  const root = repoCopy()
  for (const name of ['edge-a', 'edge-b']) cloneDemo(root, name)
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const clusters = join(root, 'clusters')
  const first = await runCli(root, ['plan', '--save', 'plans', '--cluster', 'edge-*', '--yes'], { cwd: clusters, ports: { tools: sim } })
  t.equal(first.code, 0, first.stderr)
  t.same(readdirSync(join(clusters, 'plans')).sort(), ['edge-a', 'edge-b'], 'plans saved relative to where the run started')

  const runs = join(root, '.tasks/runs')
  const newest = (): Journal => {
    const [id] = readdirSync(runs).map((f) => f.replace(/\.json$/, '')).sort(newestFirst)
    return JSON.parse(readFileSync(join(runs, `${id}.json`), 'utf8')) as Journal
  }
  const journal = newest()
  t.same([journal.pid, journal.host, journal.cwd], [process.pid, hostname(), 'clusters'], 'the journal names its process, host and directory (relative to the root)')
  /** What a killed run leaves: still "running" as process `pid`, edge-b not finished, edge-b's plan gone. */
  const kill = (j: Journal, pid: number): void => {
    const left = { ...j, status: 'running', endedAt: undefined, pid, clusters: j.clusters.map((c) => (c.name === 'edge-b' ? { name: c.name, status: 'running' } : c)) }
    writeFileSync(join(runs, `${j.id}.json`), JSON.stringify(left))
    spawnSync('rm', ['-r', join(clusters, 'plans/edge-b')])
  }

  // Another process, alive and holding edge-b's lock as the run did: resume refuses, runs says so.
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' })
  t.teardown(() => void other.kill())
  const pid = other.pid!
  kill(journal, pid)
  mkdirSync(join(root, '.tasks/locks'), { recursive: true })
  writeFileSync(join(root, '.tasks/locks/edge-b.lock'), JSON.stringify({ pid, host: hostname(), startedAt: journal.startedAt, target: 'plan-save' }))
  const before = sim.calls.length
  const live = await runCli(root, ['resume', '--yes'], { ports: { tools: sim } })
  t.equal(live.code, 3)
  t.equal(live.stderr, [
    `Run ${journal.id} (tasks plan-save) has not finished: it is still running (pid ${pid} on ${hostname()}).`,
    `hint: wait for it to end, or stop it (Ctrl-C in its terminal, or kill -INT ${pid}); then tasks resume carries it on.`,
    '',
  ].join('\n'))
  t.equal(sim.calls.length, before, 'nothing ran')
  const listed = await runCli(root, ['runs'])
  t.match(listed.stdout, new RegExp(`\\n${escape(journal.id)} .* running now \\(pid ${pid} on ${escape(hostname())}\\)\\n\\nrun ${escape(journal.id)} is still running; `))

  // It is gone (its lock left behind): resume carries the run on from the project root, --save as given in clusters/.
  other.kill()
  await once(other, 'exit')
  const gone = await runCli(root, ['runs'])
  t.match(gone.stdout, new RegExp(`\\n${escape(journal.id)} .* ended unfinished \\(its process is gone\\)\\n`))
  const resumed = await runCli(root, ['resume', '--yes', '--json'], { ports: { tools: sim } })
  t.equal(resumed.code, 0, resumed.stderr)
  const warnings = (JSON.parse(resumed.stdout) as { warnings?: string[] }).warnings ?? []
  t.match(warnings, [new RegExp(`^taking over the lock of cluster "edge-b": pid ${pid} \\(plan-save, since .*\\) is gone$`)], 'the --json document keeps the warning')
  t.match(resumed.stderr, new RegExp(`^Resuming run ${escape(journal.id)} \\(tasks plan-save\\)\\.\\nFinished there, not run again: edge-a\\.\\n`))
  t.match(resumed.stderr, new RegExp(`warning: taking over the lock of cluster "edge-b": pid ${pid} `))
  t.same(readdirSync(join(clusters, 'plans/edge-b')).sort(), readdirSync(join(clusters, 'plans/edge-a')).sort(), 'edge-b saved again under clusters/plans')
  t.equal(existsSync(join(root, 'plans')), false, 'not under the directory resume ran in')

  // The resume is killed too: resuming it keeps the first run's directory.
  const second = newest()
  t.same([second.resumes, second.cwd], [journal.id, 'clusters'])
  kill(second, spawnSync(process.execPath, ['-e', '0']).pid!)
  const again = await runCli(root, ['resume', '--yes'], { ports: { tools: sim } })
  t.equal(again.code, 0, again.stderr)
  t.same([readdirSync(join(clusters, 'plans/edge-b')).sort(), existsSync(join(root, 'plans'))], [readdirSync(join(clusters, 'plans/edge-a')).sort(), false], 'a resume of a resume saves under clusters/plans too')
})

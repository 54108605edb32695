// `tasks resume` and a run that has not ended: a journal left "running" by a process that is still
// alive is refused (exit 3, saying which process), one whose process is gone is carried on; and
// the run's relative --save directory stays relative to where that run was started.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Journal } from '../../modules/rollout/mod.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

t.test('a live run is not resumed; once its process is gone it is, with --save where it was', async (t) => {
  const root = repoCopy()
  for (const name of ['edge-a', 'edge-b']) cloneDemo(root, name)
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const clusters = join(root, 'clusters')
  const first = await runCli(root, ['plan', '--save', 'plans', '--cluster', 'edge-*', '--yes'], { cwd: clusters, ports: { tools: sim } })
  t.equal(first.code, 0, first.stderr)
  t.same(readdirSync(join(clusters, 'plans')).sort(), ['edge-a', 'edge-b'], 'plans saved relative to where the run started')

  // Make its journal what a killed run leaves: still "running", edge-b not finished, edge-b's plan gone.
  const runs = join(root, '.tasks/runs')
  const [file] = readdirSync(runs)
  const journal = JSON.parse(readFileSync(join(runs, file), 'utf8')) as Journal
  t.same([journal.pid, journal.host, journal.cwd], [process.pid, hostname(), clusters], 'the journal names its process and directory')
  const killed = (pid: number): Journal => ({
    ...journal, status: 'running', endedAt: undefined, pid,
    clusters: journal.clusters.map((c) => (c.name === 'edge-b' ? { name: c.name, status: 'running' } : c)),
  })
  writeFileSync(join(runs, file), JSON.stringify(killed(process.pid)))
  spawnSync('rm', ['-r', join(clusters, 'plans/edge-b')])

  // Its process (this one) is alive: resume refuses, and runs says it is running.
  const before = sim.calls.length
  const live = await runCli(root, ['resume', '--yes'], { ports: { tools: sim } })
  t.equal(live.code, 3)
  t.equal(live.stderr, [
    `Run ${journal.id} (tasks plan-save) has not finished: it is still running (pid ${process.pid} on ${hostname()}).`,
    `hint: wait for it to end, or stop it (Ctrl-C in its terminal, or kill -INT ${process.pid}); then tasks resume carries it on.`,
    '',
  ].join('\n'))
  t.equal(sim.calls.length, before, 'nothing ran')
  const listed = await runCli(root, ['runs'])
  t.match(listed.stdout, new RegExp(`\\n${journal.id.replaceAll('.', '\\.')} .* running now \\(pid ${process.pid} on ${hostname()}\\)\\n\\nrun ${journal.id} is still running; `))

  // A process that has exited: the run is carried on from the project root, --save as it was given there.
  const gone = spawnSync(process.execPath, ['-e', '0']).pid!
  writeFileSync(join(runs, file), JSON.stringify(killed(gone)))
  const resumed = await runCli(root, ['resume', '--yes'], { ports: { tools: sim } })
  t.equal(resumed.code, 0, resumed.stderr)
  t.match(resumed.stderr, new RegExp(`^Resuming run ${journal.id.replaceAll('.', '\\.')} \\(tasks plan-save\\)\\.\\nFinished there, not run again: edge-a\\.\\n`))
  t.same(readdirSync(join(clusters, 'plans/edge-b')).sort(), readdirSync(join(clusters, 'plans/edge-a')).sort(), 'edge-b saved again under clusters/plans')
  t.equal(existsSync(join(root, 'plans')), false, 'not under the directory resume ran in')
})

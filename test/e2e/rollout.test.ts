// Rolling out to a fleet (README "Rolling out to a fleet"): waves, each cluster validated healthy
// before the next wave starts, an unhealthy cluster stopping the rollout (later waves not started),
// `tasks resume` finishing the rest without redoing what finished, and per-account pools.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { type Command } from '../../modules/graph/mod.ts'
import { parseCallTimes } from '../../sandbox/common/call-log.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(600_000)

/** A demo clone with cluster.yaml lines changed: `wave:`, another profile, no account. */
function clone(root: string, name: string, edit: (yaml: string) => string): void {
  cloneDemo(root, name)
  const file = join(root, 'clusters', name, 'cluster.yaml')
  writeFileSync(file, edit(readFileSync(file, 'utf8')))
}

type Json = { clusters: { name: string; status: string; wave?: number; reason?: string; stages: { name: string; status: string }[] }[]; waves?: { wave: number; clusters: string[]; status: string; reason?: string }[]; exitCode: number; run?: string }

const clusterOf = (c: Command): string | undefined => c.env?.TASKS_CLUSTER
/** The commands a run made for one cluster, version probes left out, as the tool and its words without flags. */
const callsOf = (calls: readonly Command[], cluster: string): string[] =>
  calls.filter((c) => clusterOf(c) === cluster && !c.args.includes('version')).map((c) => [basename(c.tool), ...c.args.filter((a) => !a.startsWith('-')).slice(0, 2)].join(' '))
const isValidate = (c: Command): boolean => c.args.join(' ').startsWith('validate cluster')

t.test('three waves: an unhealthy cluster in wave 2 stops the rollout, resume finishes it', async (t) => {
  const root = repoCopy()
  // wave-a first (wave: 1), then wave-b and wave-c (wave: 2), then the two without a wave, by name.
  clone(root, 'wave-a', (y) => `${y}wave: 1\n`)
  clone(root, 'wave-b', (y) => `${y}wave: 2\n`)
  clone(root, 'wave-c', (y) => `${y}wave: 2\n`)
  clone(root, 'wave-d', (y) => y)
  clone(root, 'wave-e', (y) => y)
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  // The documented knob: wave-b's instances never join its cluster, so kops validate fails.
  sim.env.TASKS_SANDBOX_KOPS_NOT_READY = '*@wave-b'
  const run = (...argv: string[]) => runCli(root, argv, { ports: { tools: sim } })

  const dry = await run('apply', '--cluster', 'wave-*', '--waves', '1,2,rest', '--dry-run')
  t.match(dry.stdout, /^wave 1 of 3: wave-a\nwave 2 of 3: wave-b, wave-c\nwave 3 of 3: wave-d, wave-e\n\n/, 'a dry run shows the waves')
  t.equal(dry.stdout.match(/\n +rollout-health +run +reads live state\n +\$ kops validate cluster [^\n]*--wait=10m\n/g)?.length, 5, '…and each cluster\'s health check')
  const first = await run('apply', '--cluster', 'wave-*', '--waves', '1,2,rest', '--yes', '--json')
  t.equal(first.code, 1, first.stderr)
  const json = JSON.parse(first.stdout) as Json
  t.same(json.waves, [
    { wave: 1, clusters: ['wave-a'], status: 'ok' },
    { wave: 2, clusters: ['wave-b', 'wave-c'], status: 'failed' },
    { wave: 3, clusters: ['wave-d', 'wave-e'], status: 'not-started', reason: 'not started: wave 2 stopped the rollout: wave-b (rollout-health failed)' },
  ])
  t.same(json.clusters.map((c) => [c.name, c.wave, c.status]), [['wave-a', 1, 'ok'], ['wave-b', 2, 'failed'], ['wave-c', 2, 'ok'], ['wave-d', 3, 'not-started'], ['wave-e', 3, 'not-started']])
  t.equal(json.clusters[3].reason, 'not started: wave 2 stopped the rollout: wave-b (rollout-health failed)')
  t.match(first.stderr, /✖ wave-b: rollout-health failed: not healthy after waiting up to 10m: /)

  // Each cluster of waves 1 and 2 was validated; no call of wave 3 was made; wave 1's validate
  // ended before wave 2's first call (the calls are in the order they started).
  const calls = sim.calls.filter((c) => !c.args.includes('version'))
  const validated = calls.filter(isValidate).map(clusterOf)
  t.same(validated.sort(), ['wave-a', 'wave-b', 'wave-c'])
  t.same([...callsOf(calls, 'wave-d'), ...callsOf(calls, 'wave-e')], [], 'wave 3 made no call')
  const firstOfWave2 = calls.findIndex((c) => ['wave-b', 'wave-c'].includes(clusterOf(c) ?? ''))
  t.ok(calls.findIndex((c) => isValidate(c) && clusterOf(c) === 'wave-a') < firstOfWave2, 'wave-a validated before wave 2 started')
  t.equal(calls.slice(firstOfWave2).filter((c) => clusterOf(c) === 'wave-a').length, 0, 'nothing ran on wave-a after that')

  // The terminal table names the waves, and the wave that did not start says why.
  const human = await run('apply', '--cluster', 'wave-*', '--waves', '1,2,rest', '--yes')
  t.equal(human.code, 1)
  t.match(human.stderr, /\nCLUSTER +WAVE +RESULT +/)
  t.match(human.stderr, /\nwave-d +3 +not-started +/)
  t.match(human.stderr, /\nwave 3 of 3 not started: wave 2 stopped the rollout: wave-b \(rollout-health failed\)\n/)
  t.match(human.stderr, /\n5 clusters: 2 ok, 1 failed, 2 not started\nRecorded as run \d{8}-\d{6}-\d+\.2: tasks resume carries it on\.\n$/)

  // wave-b healthy again: resume. wave-a is not touched, wave-c only validated, wave-b and wave 3 run.
  delete sim.env.TASKS_SANDBOX_KOPS_NOT_READY
  const before = sim.calls.length
  const resumed = await run('resume', '--yes', '--json', '--summary-md', 'rollout.md')
  t.equal(resumed.code, 0, resumed.stderr)
  t.match(resumed.stderr, /^Resuming run \d{8}-\d{6}-\d+\.2 \(tasks apply\)\.\nFinished there, not run again: wave-a\.\nChecked again before the next wave: wave-c\.\n/)
  const again = JSON.parse(resumed.stdout) as Json
  t.same(again.clusters.map((c) => [c.name, c.wave, c.status]), [['wave-b', 2, 'ok'], ['wave-c', 2, 'ok'], ['wave-d', 3, 'ok'], ['wave-e', 3, 'ok']])
  t.same(again.clusters[1].stages.map((s) => s.name), ['prereq-dir', 'prereq-init', 'outputs', 'kubeconfig', 'rollout-health'], 'wave-c: the health check and what it needs')
  const later = sim.calls.slice(before)
  t.same(callsOf(later, 'wave-a'), [], 'wave-a: not run again')
  t.same(callsOf(later, 'wave-c'), ['terraform output', 'kops export kubeconfig', 'kops validate cluster'])
  t.same(again.clusters[0].stages.filter((s) => s.status === 'ran').map((s) => s.name), ['outputs', 'kops-spec', 'plan', 'guard', 'kubeconfig', 'rollout-health'], 'wave-b: its reads and the check; its apply had nothing left to do')
  t.same(callsOf(later, 'wave-b').filter((c) => c.startsWith('terraform apply') || c.startsWith('kops validate')), ['kops validate cluster'])
  t.same(callsOf(later, 'wave-d').filter((c) => c.startsWith('terraform apply') || c.startsWith('kops validate')), ['terraform apply plan.tfplan', 'kops validate cluster'], 'wave-d: applied, then validated')
  t.match(readFileSync(join(root, 'rollout.md'), 'utf8'), /\| wave-d \| 3 \| ok \|/)

  // Nothing left to resume (the second run took the first over); `tasks runs` lists the three.
  const none = await run('resume', '--yes')
  t.equal(none.code, 2)
  t.match(none.stderr, /a run to resume/)
  const runs = await run('runs')
  t.equal(runs.code, 0)
  const rows = runs.stdout.split('\n').slice(1, 4).map((l) => l.split(/ {2,}/).slice(2))
  t.same(rows, [
    ['apply', '5 (5 finished)', 'finished'],
    ['apply', '5 (2 finished, 1 failed, 2 not started)', `stopped, resumed by ${again.run}`],
    ['apply', '5 (2 finished, 1 failed, 2 not started)', `stopped, resumed by ${runs.stdout.split('\n')[2].split(' ')[0]}`],
  ], runs.stdout)
})

t.test('--max-per-account 1: never two clusters of one account at once, two accounts side by side', async (t) => {
  const root = repoCopy()
  // No account ID: the profile stands for the account.
  const team = (profile: string) => (y: string) => y.replace('profile: demo', `profile: ${profile}`).replace(/^account: .*\n/m, '')
  for (const name of ['a1', 'a2', 'a3']) clone(root, `acct-${name}`, team('team-a'))
  for (const name of ['b1', 'b2']) clone(root, `acct-${name}`, team('team-b'))
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const times = join(root, 'call-times.jsonl')
  // Every call takes a little while, so that clusters in flight at once really overlap.
  Object.assign(sim.env, { TASKS_SANDBOX_CALL_TIMES: times, TASKS_SANDBOX_LATENCY_MS: '15' })
  const r = await runCli(root, ['cluster-update', '--cluster', 'acct-*', '--max-per-account', '1', '--concurrency', '4', '--yes', '--json'], { ports: { tools: sim } })
  t.equal(r.code, 0, r.stderr)
  const spans = new Map<string, [number, number]>()
  for (const c of parseCallTimes(readFileSync(times, 'utf8'))) {
    if (!c.cluster || c.argv.includes('version')) continue
    const [start, end] = spans.get(c.cluster) ?? [Infinity, -Infinity]
    spans.set(c.cluster, [Math.min(start, c.startedAt), Math.max(end, c.endedAt)])
  }
  t.same([...spans.keys()].sort(), ['acct-a1', 'acct-a2', 'acct-a3', 'acct-b1', 'acct-b2'])
  const overlap = (x: string, y: string): boolean => spans.get(x)![0] < spans.get(y)![1] && spans.get(y)![0] < spans.get(x)![1]
  const pairs = (names: string[]) => names.flatMap((x, i) => names.slice(i + 1).map((y) => [x, y] as const))
  t.same(pairs(['acct-a1', 'acct-a2', 'acct-a3']).filter(([x, y]) => overlap(x, y)), [], 'team-a: one at a time')
  t.same(pairs(['acct-b1', 'acct-b2']).filter(([x, y]) => overlap(x, y)), [], 'team-b: one at a time')
  t.ok(overlap('acct-a1', 'acct-b1'), 'the two accounts ran side by side')
})

t.test('one question per wave; a rollout interrupted in wave 2 resumes without redoing wave 1', async (t) => {
  const root = repoCopy()
  for (const name of ['int-a', 'int-b', 'int-c']) clone(root, name, (y) => y)
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const interrupt = new AbortController()
  // Ctrl-C as wave 2 makes its first call.
  const tools = { ...sim, run: (cmd: Command, io: Parameters<typeof sim.run>[1]) => {
    if (clusterOf(cmd) === 'int-b' && !cmd.args.includes('version')) interrupt.abort()
    return sim.run(cmd, io)
  } }
  const questions: string[] = []
  const confirm = { interactive: true, ask: async (q: string) => (questions.push(q), true) }
  const first = await runCli(root, ['cluster-update', '--cluster', 'int-*', '--waves', '1,rest', '--json'], { ports: { tools, confirm }, signal: interrupt.signal })
  t.equal(first.code, 130, first.stderr)
  t.same(questions.map((q) => q.split('\n').slice(0, 2).join('\n')), ['wave 1 of 2: these changes need approval:\n  int-a  kops-replace: creates cluster int-a.k8s.local in s3://demo-demo-kops-state-int-a-k8s-local'])
  const json = JSON.parse(first.stdout) as Json
  t.same(json.clusters.map((c) => [c.name, c.status]), [['int-a', 'ok'], ['int-b', 'interrupted'], ['int-c', 'interrupted']])
  t.same(json.waves?.map((w) => w.status), ['ok', 'failed'])

  const before = sim.calls.length
  const resumed = await runCli(root, ['resume', '--json'], { ports: { tools: sim, confirm } })
  t.equal(resumed.code, 0, resumed.stderr)
  t.match(resumed.stderr, /^Resuming run \d{8}-\d{6}-\d+ \(tasks cluster-update\)\.\nFinished there, not run again: int-a\.\n/)
  t.same((JSON.parse(resumed.stdout) as Json).clusters.map((c) => [c.name, c.wave, c.status]), [['int-b', 2, 'ok'], ['int-c', 2, 'ok']])
  t.same(callsOf(sim.calls.slice(before), 'int-a'), [], 'int-a: not run again')
  t.same(questions.slice(1).map((q) => q.split('\n')[0]), ['wave 2 of 2: these changes need approval:'], 'the resumed wave asks its own question')
})

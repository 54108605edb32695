// --shard I/N as CI runs it: N processes over one fleet, each cluster done by exactly one of them;
// a cluster's shard stays put when the fleet grows; a malformed shard exits 2.
import t from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { parseCallLog } from '../../sandbox/common/call-log.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, REPO, repoCopy } from '../helpers/repo-copy.ts'

// Real processes running nine clusters' updates each on the simulators: slow on a busy machine.
t.setTimeout(600_000)

const BIN = join(REPO, 'scripts/bin/tasks.mjs')
const NAMES = Array.from({ length: 9 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`)
// Which shard of 3 owns each name (sha256 rendezvous, test/config/shard.test.ts): fixed by the names alone.
const SHARDS = [
  ['team-01', 'team-03', 'team-07'],
  ['team-02', 'team-04', 'team-08', 'team-09'],
  ['team-05', 'team-06'],
]

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

/** The bin in its own process, as a CI runner starts it. */
function tasks(root: string, args: string[], env: Record<string, string>): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** More clusters cloned from the demo, which is then put aside: the fleet is only the clones. */
function addClusters(root: string, names: readonly string[]): void {
  const aside = join(root, 'demo-aside')
  if (existsSync(aside)) renameSync(aside, join(root, 'clusters/demo'))
  for (const name of names) cloneDemo(root, name)
  renameSync(join(root, 'clusters/demo'), aside)
}

/** Nine sandbox clusters and no other. */
function fleet(): string {
  const root = repoCopy()
  addClusters(root, NAMES)
  return root
}

t.test('three shards in three processes at once: each of nine clusters exactly once', async (t) => {
  const root = fleet()
  // One call log per process: every simulator call says which run made it and for which cluster.
  const logs = [1, 2, 3].map((i) => join(root, `calls-${i}.jsonl`))
  const base = { TASKS_SANDBOX_DIR: join(root, '.tasks', 'sandbox') }
  const runs = await Promise.all([1, 2, 3].map((i) => tasks(root, ['cluster-update', '--all', '--shard', `${i}/3`, '--yes', '--json'], { ...base, TASKS_SANDBOX_CALL_LOG: logs[i - 1] })))
  if (!t.same(runs.map((r) => r.code), [0, 0, 0], 'every runner succeeded')) t.comment(runs.map((r) => r.stderr).join('\n'))
  const done = runs.map((r) => (JSON.parse(r.stdout) as { clusters: { name: string; status: string }[] }).clusters.map((c) => `${c.name}:${c.status}`))
  t.same(done, SHARDS.map((names) => names.map((n) => `${n}:ok`)), 'each process ran its shard, all of it')
  t.same(done.flat().map((s) => s.split(':')[0]).sort(), NAMES, 'together: every cluster, once')

  // The tools' side: the clusters each process's calls were for (version probes name none).
  const calls = logs.map((log) => parseCallLog(readFileSync(log, 'utf8')).filter((c) => c.argv[0] !== 'version'))
  const clustersOf = (i: number): string[] => [...new Set(calls[i].map((c) => c.env.TASKS_CLUSTER))].sort()
  t.same([0, 1, 2].map(clustersOf), SHARDS, "a cluster's calls all come from its own shard's run")
  const updates = calls.flat().filter((c) => c.tool === 'kops' && c.argv[0] === 'update').map((c) => c.env.TASKS_CLUSTER).sort()
  t.same(updates, NAMES, 'one kops update cluster per cluster across the three runs')
})

t.test('graph --shard: a cluster keeps its shard when the fleet grows', async (t) => {
  const root = fleet()
  const shards = async (): Promise<unknown[]> => {
    const docs: unknown[] = []
    for (const i of [1, 2, 3]) {
      const r = await runCli(root, ['graph', '--shard', `${i}/3`, '--json'])
      t.same({ code: r.code, stderr: r.stderr }, { code: 0, stderr: '' })
      docs.push(JSON.parse(r.stdout))
    }
    return docs
  }
  t.same(await shards(), SHARDS.map((clusters, i) => ({ shard: `${i + 1}/3`, clusters })), 'every cluster when none is selected')
  addClusters(root, ['team-10'])
  const grown = SHARDS.map((names, i) => (i === 0 ? [...names, 'team-10'] : names))
  t.same(await shards(), grown.map((clusters, i) => ({ shard: `${i + 1}/3`, clusters })), 'team-10 joins shard 1; no other cluster moves')

  t.same(await runCli(root, ['graph', '--shard', '1/3', '--format', 'json', '--cluster', 'team-0*']), { code: 0, stdout: '{"shard":"1/3","clusters":["team-01","team-03","team-07"]}\n', stderr: '' }, 'within --cluster')
  t.same(await runCli(root, ['graph', '--shard', '2/3', '--cluster', 'team-02,team-05']), { code: 0, stdout: 'team-02\n', stderr: '' }, 'one name a line without JSON')
})

t.test('a shard that owns none of the selection has nothing to do', async (t) => {
  const root = fleet()
  t.same(await runCli(root, ['cluster-update', '--cluster', 'team-01', '--shard', '2/3', '--yes']), { code: 0, stdout: '', stderr: 'Shard 2/3 has no cluster of this selection: nothing to do.\n' })
  t.same(await runCli(root, ['cluster-update', '--cluster', 'team-01', '--shard', '2/3', '--yes', '--json']), {
    code: 0,
    stdout: '{\n  "clusters": [],\n  "exitCode": 0\n}\n',
    stderr: 'Shard 2/3 has no cluster of this selection: nothing to do.\n',
  })
})

t.test('a malformed shard exits 2 before anything runs', async (t) => {
  const root = fleet()
  for (const bad of ['0/3', '4/3', 'a/b']) {
    t.same(await runCli(root, ['cluster-update', '--all', '--shard', bad]), { code: 2, stdout: '', stderr: `Option --shard does not accept "${bad}": expected I/N with 1 <= I <= N, such as 1/3.\n` }, bad)
  }
  t.same(await runCli(root, ['graph', '--shard=4/3', '--json']), {
    code: 2,
    stdout: '{\n  "clusters": [],\n  "exitCode": 2,\n  "problems": [\n    {\n      "reason": "bad-option-value",\n      "message": "Option --shard does not accept \\"4/3\\": expected I/N with 1 <= I <= N, such as 1/3."\n    }\n  ]\n}\n',
    stderr: 'Option --shard does not accept "4/3": expected I/N with 1 <= I <= N, such as 1/3.\n',
  })
})

// The machine's own ideal for a fan-out: the tool calls a tasks run made (the simulators' call log,
// TASKS_SANDBOX_CALL_LOG), replayed with no runner at all — one `sh` script per cluster holding its
// calls in order, `xargs -P C` running C of them at a time — in the same project copy with the
// simulators' state and the layers' working state reset. Its wall time is what the tools alone take
// on this machine at this concurrency; its CPU time (bash's `times`) is what they cost.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCallLog, type LoggedCall } from '../../sandbox/common/call-log.ts'
import { sandboxDir, tempDir } from './copy.ts'
import { childrenCpuMs, run, tail } from './proc.ts'

export interface Replay {
  /** Wall time of the whole replay, probes and chains. */
  ms: number
  /** CPU time (user + system) of every process the replay started. */
  cpuMs: number
  calls: number
  clusters: number
}

/** A word for sh: single-quoted. */
const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`

/**
 * One call as a line of sh: in its directory, with exactly its environment (PATH finds the tool).
 * Its exit code is ignored, as the run's own was read by tasks: some calls fail by design (`kops get`
 * before the cluster exists); that every call was made again is checked by counting them.
 */
function line(call: LoggedCall, log: string): string {
  const env = { ...call.env, TASKS_SANDBOX_CALL_LOG: log }
  const vars = Object.entries(env).map(([k, v]) => q(`${k}=${v}`)).join(' ')
  return `(cd ${q(call.cwd)} && exec env -i ${vars} ${q(call.tool)} ${call.argv.map(q).join(' ')} >/dev/null 2>&1) || true`
}

/** The calls grouped by cluster (TASKS_CLUSTER), in the order each cluster's first call started; the rest are probes. */
export function byCluster(calls: readonly LoggedCall[]): { probes: LoggedCall[]; chains: Map<string, LoggedCall[]> } {
  const probes: LoggedCall[] = []
  const chains = new Map<string, LoggedCall[]>()
  for (const call of calls) {
    const cluster = call.env.TASKS_CLUSTER
    if (!cluster) probes.push(call)
    else chains.set(cluster, [...(chains.get(cluster) ?? []), call])
  }
  return { probes, chains }
}

/** Puts a copy back as a cold run found it: no simulator state, no `terraform init`, no kOps output. */
export function resetTools(root: string): void {
  rmSync(sandboxDir(root), { recursive: true, force: true })
  const work = join(root, '.tasks', 'work')
  for (const cluster of readdirSync(work, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const layer of readdirSync(join(work, cluster), { withFileTypes: true })) {
      if (!layer.isDirectory()) continue
      const dir = join(work, cluster, layer.name)
      if (layer.name === 'kops-out') rmSync(dir, { recursive: true, force: true })
      for (const made of ['.terraform', '.terraform.lock.hcl']) rmSync(join(dir, made), { recursive: true, force: true })
    }
  }
}

/** Replays `logFile`'s calls at concurrency `c` and checks that every call was made again. */
export function replay(root: string, logFile: string, c: number): Replay {
  const { probes, chains } = byCluster(parseCallLog(readFileSync(logFile, 'utf8')))
  const dir = tempDir('replay')
  const again = join(dir, 'calls.jsonl')
  const scripts = [...chains].map(([cluster, calls], i) => {
    const file = join(dir, `${String(i).padStart(4, '0')}-${cluster.replace(/\W/g, '_')}.sh`)
    writeFileSync(file, `${calls.map((call) => line(call, again)).join('\n')}\n`)
    return file
  })
  writeFileSync(join(dir, 'chains'), `${scripts.join('\n')}\n`)
  const driver = [
    'set -e',
    // `times` prints the locale's decimal point; the figures are read with a dot.
    'LC_ALL=C',
    ...probes.map((call) => line(call, again)),
    `xargs -P ${c} -n 1 sh < ${q(join(dir, 'chains'))}`,
    'times',
  ].join('\n')
  writeFileSync(join(dir, 'driver.sh'), `${driver}\n`)
  resetTools(root)
  const r = run('bash', [join(dir, 'driver.sh')], { cwd: root })
  if (r.code !== 0) throw new Error(`the replay exited ${r.code}:\n${tail(r.stderr || r.stdout)}`)
  const made = parseCallLog(readFileSync(again, 'utf8')).length
  const total = probes.length + [...chains.values()].reduce((n, calls) => n + calls.length, 0)
  if (made !== total) throw new Error(`the replay made ${made} of ${total} calls`)
  return { ms: r.ms, cpuMs: childrenCpuMs(r.stdout), calls: total, clusters: chains.size }
}

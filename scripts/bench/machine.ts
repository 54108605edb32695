// The machine a benchmark ran on: CPU model and count, memory, OS, Node version, load.
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  memory: string
  os: string
  node: string
  /** 1-minute load average when the suite started and when it ended. */
  load: { start: number; end?: number }
  /** Median `node -e 0` at the start of the suite, in ms (each process measure also pairs its own). */
  nodeStartMs?: number
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))
    if (pretty) return `${pretty[1]}, kernel ${release()}`
  } catch {
    // not Linux, or no os-release
  }
  return `${process.platform} ${release()}`
}

export function machine(): Machine {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: osName(),
    node: process.version,
    load: { start: loadavg()[0] },
  }
}

export function finish(m: Machine): void {
  m.load.end = loadavg()[0]
}

export function describe(m: Machine): string[] {
  return [
    `- CPU: ${m.cpu}, ${m.cores} logical CPUs`,
    `- memory: ${m.memory}`,
    `- OS: ${m.os}`,
    `- Node.js: ${m.node}`,
    `- load average (1 min): ${m.load.start.toFixed(2)} at start, ${m.load.end?.toFixed(2) ?? '?'} at end`,
    ...(m.nodeStartMs === undefined ? [] : [`- \`node -e 0\` at the start of the suite: ${m.nodeStartMs.toFixed(0)} ms (median)`]),
  ]
}

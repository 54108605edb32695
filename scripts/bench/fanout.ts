// Benchmark: fan-out scheduling overhead. N clusters, each a chain of S stages whose one tool call
// takes t ms (a timer standing in for the process), run with concurrency C through the real
// planner, executor and cache. The ideal schedule is ceil(N / C) waves of S × t; the report is
// the wall time against it. Part of `npm run bench` (inprocess.ts).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import { main } from '../../modules/cli/main.ts'
import type { ToolRunner } from '../../modules/exec/mod.ts'

const GRAPH_API = new URL('../../modules/graph/mod.ts', import.meta.url).href

function project(clusters: number, stages: number): string {
  const root = mkdtempSync(join(tmpdir(), 'tasks-bench-'))
  const chain = Array.from({ length: stages }, (_, i) =>
    `  .stage('s${i}', { kind: 'read', ${i ? `needs: ['s${i - 1}'], ` : ''}commands: (ctx) => [{ tool: 'work', args: [ctx.cluster.name], cwd: ctx.root, env: {} }] })`)
  writeFileSync(join(root, 'tasks.ts'), [`import { graph } from '${GRAPH_API}'`, 'export default graph()', ...chain, `  .target('all', { description: 'all', stages: ['s${stages - 1}'] })`, ''].join('\n'))
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n')
  for (let i = 0; i < clusters; i++) {
    mkdirSync(join(root, 'clusters', `c${i}`), { recursive: true })
    writeFileSync(join(root, 'clusters', `c${i}`, 'cluster.yaml'), 'region: eu-west-1\n')
  }
  return root
}

const sink = (): Writable => new Writable({ write: (_c, _e, done) => done() })

/** stderr kept, so a failed run says why. */
function kept(): Writable & { text: () => string } {
  let text = ''
  const stream = new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) })
  return Object.assign(stream, { text: () => text })
}

/** A tool call that takes `ms` of wall time and does nothing else. */
const timed = (ms: number): ToolRunner => ({
  run: () => new Promise((resolve) => setTimeout(() => resolve({ exitCode: 0, stdout: '', stderr: '' }), ms)),
})

export async function fanout(clusters: number, concurrency: number, stages: number, ms: number): Promise<{ ideal: number; wall: number }> {
  const root = project(clusters, stages)
  const argv = ['all', '--all', '--concurrency', String(concurrency), '--renderer', 'silent']
  const stderr = kept()
  const env = { argv, cwd: root, stdout: sink(), stderr, env: { PATH: process.env.PATH }, terminal: { stderr: false, stdin: false }, ports: { tools: timed(ms) } }
  try {
    await main(env) // warm: module loading, tasks.ts import
    const start = performance.now()
    const code = await main(env)
    const wall = performance.now() - start
    if (code !== 0) throw new Error(`bench run exited ${code}:\n${stderr.text().split('\n').slice(-15).join('\n')}`)
    return { ideal: Math.ceil(clusters / concurrency) * stages * ms, wall }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

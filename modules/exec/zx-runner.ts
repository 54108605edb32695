// The one zx edge: a command record becomes a process here and nowhere else.
import { $ } from 'zx'
import type { ToolRunner } from './ports.ts'

export const zxRunner: ToolRunner = {
  async run(cmd, io) {
    const proc = $({
      cwd: cmd.cwd,
      env: { ...process.env, ...cmd.env },
      signal: io.signal,
      nothrow: true,
      quiet: true,
      verbose: false,
    })`${cmd.tool} ${cmd.args}`
    proc.stdout.on('data', (chunk: Buffer) => io.onOutput(chunk.toString(), 'stdout'))
    proc.stderr.on('data', (chunk: Buffer) => io.onOutput(chunk.toString(), 'stderr'))
    const out = await proc
    return { exitCode: out.exitCode ?? 128, stdout: out.stdout, stderr: out.stderr }
  },
}

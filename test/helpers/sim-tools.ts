// A tool runner that answers `terraform` and `kops` with the sandbox simulators' `main(io)`, in
// this process: the real files, states and outputs of the simulators without a process per call.
// Failures are injected with the simulators' own rules (TASKS_SANDBOX_FAIL syntax, see
// sandbox/README.md) through `fail`, or per command through `fault`; other sandbox knobs
// (TASKS_SANDBOX_KOPS_NOT_READY, _CALL_TIMES, _LATENCY_MS…) through `env`. A test may change any of
// them between runs.
import { basename } from 'node:path'
import type { Command, CommandResult } from '../../modules/graph/mod.ts'
import type { ToolRunner } from '../../modules/exec/mod.ts'
import { withFaults } from '../../sandbox/common/faults.ts'
import { main as kops } from '../../sandbox/kops/main.ts'
import { main as terraform } from '../../sandbox/terraform/cmd/main.ts'

const SIMULATORS: Record<string, typeof kops> = { kops, terraform }

export interface SimulatedTools extends ToolRunner {
  /** Every command run, version probes included, in order. */
  calls: Command[]
  /** A TASKS_SANDBOX_FAIL rule list applied to every call; '' for none. */
  fail: string
  /** Variables for every call, over the command's own (e.g. TASKS_SANDBOX_KOPS_NOT_READY); {} for none. */
  env: Record<string, string>
  /** A failure for one call: instead of the simulator, or (`after`) once the simulator did its work. */
  fault?: (cmd: Command) => InjectedFault | undefined
}

export interface InjectedFault {
  exitCode: number
  stderr: string
  stdout?: string
  /** Run the simulator first (it writes what it writes), then fail with this. */
  after?: boolean
}

/** Simulated terraform and kops with their state under `sandboxDir` (TASKS_SANDBOX_DIR). */
export function simulatedTools(sandboxDir: string, fail = ''): SimulatedTools {
  const calls: Command[] = []
  const tools: SimulatedTools = {
    calls,
    fail,
    env: {},
    async run(cmd, io): Promise<CommandResult> {
      calls.push(cmd)
      const fault = tools.fault?.(cmd)
      const sim = SIMULATORS[basename(cmd.tool)]
      if (!sim) throw new Error(`simulatedTools: no simulator for ${cmd.tool}`)
      let stdout = ''
      let stderr = ''
      const env = { ...cmd.env, ...tools.env, TASKS_SANDBOX_DIR: sandboxDir, TASKS_SANDBOX_FAIL: tools.fail || undefined }
      const simIo = {
        argv: [...cmd.args],
        env,
        cwd: cmd.cwd,
        stdout: (text: string) => void ((stdout += text), io.onOutput(text, 'stdout')),
        stderr: (text: string) => void ((stderr += text), io.onOutput(text, 'stderr')),
      }
      let exitCode = fault && !fault.after ? fault.exitCode : await withFaults(basename(cmd.tool), simIo, () => sim(simIo))
      if (fault) {
        if (fault.stdout) simIo.stdout(fault.stdout)
        simIo.stderr(fault.stderr)
        exitCode = fault.exitCode
      }
      return { exitCode, stdout, stderr }
    },
  }
  return tools
}

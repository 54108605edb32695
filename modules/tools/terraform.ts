// Command builders for every terraform command the workflow runs. They return command records:
// data until the executor's process edge runs them. Forms follow the CLI contract: `-chdir=DIR` first,
// `=` for every flag value, `-input=false`, `-no-color` where output is parsed or logged.
import type { Command } from '../graph/mod.ts'

/** Where and how to run: the layer's working directory and the invocation's env (see toolEnv). */
export interface TfTarget {
  dir: string
  env: Record<string, string>
  /** The binary: a name found on env.PATH, or an absolute path. */
  bin?: string
  /** The tasks target that releases this layer's lock, for the hint when a call finds it held. */
  unlockTarget?: string
  /** How long commands that take the state lock wait for it (`-lock-timeout`, e.g. "5m"); default 0s. */
  lockTimeout?: string
}

/** `-lock-timeout=D` for commands that take the state lock, when a timeout is set. */
const lockWait = (t: TfTarget, given?: string): string[] => {
  const timeout = given ?? t.lockTimeout
  return timeout ? [`-lock-timeout=${timeout}`] : []
}

const tf = (t: TfTarget, args: string[], okCodes?: number[]): Command => ({
  tool: t.bin ?? 'terraform',
  args: [`-chdir=${t.dir}`, ...args],
  cwd: t.dir,
  env: t.env,
  ...(okCodes ? { okCodes } : {}),
  // A failure caused by a held state lock says how to release it (tools/hints.ts).
  hint: { key: 'terraform-state-lock', ...(t.unlockTarget ? { unlockTarget: t.unlockTarget } : {}) },
})

const sortedPairs = (values: Record<string, string>): string[] =>
  Object.keys(values).sort().map((k) => `${k}=${values[k]}`)

/**
 * What init does about a backend that differs from the one the working directory was set up with:
 * nothing (terraform refuses: "Backend configuration changed"), `-reconfigure` (use the new one as
 * it is) or `-migrate-state -force-copy` (copy the state over; -force-copy answers its question).
 */
export type BackendSwitch = 'none' | 'reconfigure' | 'migrate-state'

const switchFlags: Record<BackendSwitch, string[]> = { none: [], reconfigure: ['-reconfigure'], 'migrate-state': ['-migrate-state', '-force-copy'] }

/** `terraform init` with a partial backend configuration given as key=value pairs (values HCL for maps and lists). */
export const tfInit = (t: TfTarget, o: { backendConfig?: Record<string, string>; backendSwitch?: BackendSwitch } = {}): Command =>
  tf(t, ['init', '-input=false', '-no-color', ...sortedPairs(o.backendConfig ?? {}).map((p) => `-backend-config=${p}`), ...switchFlags[o.backendSwitch ?? 'none'], ...lockWait(t)])

/** `terraform output -json`: every output with its sensitive flag. */
export const tfOutputJson = (t: TfTarget): Command => tf(t, ['output', '-json', '-no-color'])

export interface PlanOptions {
  /** Plan file, relative to the working directory. */
  out: string
  varFiles?: string[]
  destroy?: boolean
  lockTimeout?: string
}

/** `terraform plan -out` with -detailed-exitcode: exit 0 no changes, 2 changes (both success). */
export const tfPlan = (t: TfTarget, o: PlanOptions): Command =>
  tf(
    t,
    [
      'plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${o.out}`,
      ...lockWait(t, o.lockTimeout),
      ...(o.destroy ? ['-destroy'] : []),
      ...(o.varFiles ?? []).map((f) => `-var-file=${f}`),
    ],
    [0, 2],
  )

/** `terraform show -json PLANFILE`: the plan as one line of JSON. */
export const tfShowJson = (t: TfTarget, planFile: string): Command => tf(t, ['show', '-json', '-no-color', planFile])

/** `terraform apply PLANFILE`: the saved plan is the approval; never an unreviewed apply. */
export const tfApply = (t: TfTarget, planFile: string): Command => tf(t, ['apply', '-input=false', '-no-color', ...lockWait(t), planFile])

/** `terraform destroy -auto-approve` (the gate is tasks' own confirmation). */
export const tfDestroy = (t: TfTarget, o: { varFiles?: string[] } = {}): Command =>
  tf(t, ['destroy', '-auto-approve', '-input=false', '-no-color', ...lockWait(t), ...(o.varFiles ?? []).map((f) => `-var-file=${f}`)])

/** `terraform fmt -check`: exit 0 formatted, 3 files need formatting. */
export const tfFmtCheck = (t: TfTarget, o: { recursive?: boolean } = {}): Command =>
  tf(t, ['fmt', '-check', '-no-color', ...(o.recursive ? ['-recursive'] : [])], [0, 3])

/** `terraform fmt`: rewrites files in place. */
export const tfFmt = (t: TfTarget, o: { recursive?: boolean } = {}): Command =>
  tf(t, ['fmt', '-no-color', ...(o.recursive ? ['-recursive'] : [])])

/** `terraform force-unlock -force ID`: -force, since tasks asked already. */
export const tfForceUnlock = (t: TfTarget, lockId: string): Command => tf(t, ['force-unlock', '-force', lockId])

/** `terraform version -json` (no -chdir needed). */
export const tfVersion = (t: Omit<TfTarget, 'dir'> & { cwd: string }): Command => ({
  tool: t.bin ?? 'terraform',
  args: ['version', '-json'],
  cwd: t.cwd,
  env: t.env,
})

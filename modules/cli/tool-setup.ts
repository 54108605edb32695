// Where a cluster's tools come from: the sandbox simulators (--sandbox, or `sandbox: true` in its
// cluster.yaml) first on PATH, else binaries configured in .tasksrc.yaml, else PATH.
import { delimiter, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Project } from '../config/mod.ts'
import type { ClusterInfo } from '../graph/mod.ts'

/** The simulators' bin directory, shipped with this package. */
export const SANDBOX_BIN = fileURLToPath(new URL('../../sandbox/bin', import.meta.url))

export interface ToolSetup {
  /** --sandbox: every selected cluster uses the simulators. */
  sandbox: boolean
  /** The PATH of the environment tasks runs in. */
  envPath: string
}

export function clusterTools(settings: Record<string, unknown>, project: Project, setup: ToolSetup): Pick<ClusterInfo, 'toolPath' | 'bins'> {
  if (setup.sandbox || settings.sandbox === true) return { toolPath: `${SANDBOX_BIN}${delimiter}${setup.envPath}`, bins: {} }
  const bins: Record<string, string> = {}
  for (const tool of ['terraform', 'kops'] as const) {
    const configured = project.settings[tool]
    if (configured) bins[tool] = resolve(project.root, configured)
  }
  return { toolPath: setup.envPath, bins }
}

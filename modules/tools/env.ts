// The environment of one tool invocation. Clusters run concurrently, so nothing is taken from or
// written to the process environment: every command carries its own.
import { join } from 'node:path'

export interface ToolEnvInput {
  cluster: string
  /** AWS profile and region from cluster.yaml. */
  profile?: string
  region?: string
  /** This cluster's kubeconfig file (absolute), so no run touches ~/.kube/config. */
  kubeconfig: string
  /** Terraform's data directory for this working directory (absolute). */
  tfDataDir?: string
  /** The PATH tools are found on (the sandbox's bin first when sandboxed). */
  path: string
}

/** AWS_*, KUBECONFIG, TF_* and PATH for one invocation; TASKS_CLUSTER names the cluster for hooks and logs. */
export function toolEnv(input: ToolEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    AWS_SDK_LOAD_CONFIG: '1',
    KUBECONFIG: input.kubeconfig,
    PATH: input.path,
    TASKS_CLUSTER: input.cluster,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  }
  if (input.profile) env.AWS_PROFILE = input.profile
  if (input.region) env.AWS_REGION = input.region
  if (input.tfDataDir) env.TF_DATA_DIR = input.tfDataDir
  return env
}

/** Where a cluster's kubeconfig lives under the state directory. */
export const kubeconfigPath = (stateDir: string, cluster: string): string => join(stateDir, 'kube', cluster, 'config')

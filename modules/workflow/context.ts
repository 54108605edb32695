// The contexts the kOps workflow's stages run with: cluster settings typed by the cluster.yaml
// schema, and the params its targets and the run pass.
import type { ClusterSettings } from '../config/cluster-schema.ts'
import type { ClusterInfo, RefuseContext, RunContext, RunParams, StageContext } from '../graph/mod.ts'

export type { ClusterSettings }

/** What the workflow's targets pass to their stages, on top of the run's own params. */
export interface WorkflowParams extends RunParams {
  /** Roll instance groups whether or not they need it (cluster-rolling-update-yes-force-masters). */
  force?: boolean
  /** The instance group roles a forced roll covers. */
  roles?: string[]
  /** A target that writes nothing (plan): the spec read says how to push a spec that is behind. */
  readOnly?: boolean
  /** plan-detailed: exit 2 when changes are pending. */
  detailedExitCode?: boolean
}

export type WorkflowCluster = ClusterInfo<ClusterSettings>
export type WorkflowContext = StageContext<unknown, ClusterSettings, WorkflowParams>
export type WorkflowRunContext = RunContext<unknown, ClusterSettings, WorkflowParams>
export type WorkflowRefuseContext = RefuseContext<ClusterSettings, WorkflowParams>

/** One layer's Terraform backend as cluster.yaml declares it. */
export type BackendSettings = NonNullable<NonNullable<ClusterSettings['backends']>['kops']>

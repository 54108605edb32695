// `kops delete cluster [CLUSTER] [--unregister] [--yes]` (cli-contracts.md §2.5). Cloud resources
// are those of the last update (rendered again from the applied snapshot), minus shared ones, plus
// the instances the simulated cloud holds; with --yes they are "deleted" (the cloud file goes), the
// cluster's state is removed from the store and its kubeconfig entries are removed.
// Also `kops delete sshpublickey [CLUSTER]`: removes every admin SSH key of the cluster.
import { createHash } from 'node:crypto'
import { deleteCloud } from '../common/cloud.ts'
import { klog, processArgs, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, flag } from './flags.ts'
import { clusterCloud, readApplied } from './fleet.ts'
import { deleteContext, kubeconfigPath } from './kubeconfig.ts'
import { deleteClusterState, deleteSshPublicKeys, openStore, requireCluster, type Store } from './store.ts'
import { renderTable } from './tabwriter.ts'
import { renderTerraform } from './tf/render.ts'
import { displayName, tfInput } from './update-plan.ts'

/** A cloud resource as `kops delete cluster` lists it. */
interface CloudResource {
  type: string
  name: string
  id: string
}

// Terraform resource type → kOps resource type and AWS id prefix ('' = the id is the name).
const TYPES: Record<string, [string, string]> = {
  aws_autoscaling_group: ['autoscaling-group', ''],
  aws_ebs_volume: ['volume', 'vol-'],
  aws_eip: ['elastic-ip', 'eipalloc-'],
  aws_iam_instance_profile: ['iam-instance-profile', ''],
  aws_iam_role: ['iam-role', ''],
  aws_internet_gateway: ['internet-gateway', 'igw-'],
  aws_key_pair: ['keypair', ''],
  aws_launch_template: ['launch-template', 'lt-'],
  aws_lb: ['load-balancer', ''],
  aws_lb_target_group: ['target-group', ''],
  aws_nat_gateway: ['nat-gateway', 'nat-'],
  aws_route_table: ['route-table', 'rtb-'],
  aws_security_group: ['security-group', 'sg-'],
  aws_sqs_queue: ['sqs', ''],
  aws_subnet: ['subnet', 'subnet-'],
  aws_vpc: ['vpc', 'vpc-'],
  aws_vpc_dhcp_options: ['dhcp-options', 'dopt-'],
}

const fakeId = (prefix: string, seed: string): string => `${prefix}${createHash('sha256').update(seed).digest('hex').slice(0, 17)}`

function cloudResources(ctx: Ctx, store: Store, name: string): CloudResource[] {
  const applied = readApplied(store, name)
  const out: CloudResource[] = []
  const output = applied ? renderTerraform(tfInput(ctx, store, applied.cluster, applied.igs, false)) : undefined
  for (const r of output?.resources ?? []) {
    const known = TYPES[r.type]
    if (!known) continue
    const human = displayName(r)
    out.push({ type: known[0], name: human, id: known[1] ? fakeId(known[1], `${name}/${r.type}/${r.name}`) : human })
  }
  for (const group of Object.values(clusterCloud(ctx, name)?.groups ?? {})) {
    for (const i of group.instances) out.push({ type: 'instance', name: group.asg?.name ?? '', id: i.id })
  }
  return out
}

function deleteResources(ctx: Ctx, resources: CloudResource[]): void {
  for (const r of [...resources].sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1))) {
    klog(ctx, 'I', 'delete.go:54', `Deleting ${r.type}:${r.id}`)
    ctx.io.stderr(`${r.type}:${r.id}\tok\n`)
  }
}

function run(ctx: Ctx): number {
  const name = processArgs(ctx)
  if (name === '') throw new KopsError('--name is required')
  const yes = boolFlag(ctx.parsed, 'yes')
  if (boolFlag(ctx.parsed, 'external') && flag(ctx.parsed, 'region') === '') throw new KopsError('--region is required (when --external)')
  const store = openStore(ctx)
  requireCluster(store, name)
  let wouldDelete = false
  if (!boolFlag(ctx.parsed, 'unregister')) {
    const resources = cloudResources(ctx, store, name)
    if (resources.length === 0) ctx.io.stdout('No cloud resources to delete\n')
    else {
      wouldDelete = true
      ctx.io.stdout(renderTable(['TYPE', 'NAME', 'ID'], resources.map((r) => [r.type, r.name, r.id])))
      if (!yes) {
        ctx.io.stdout('\nMust specify --yes to delete cluster\n')
        return 0
      }
      ctx.io.stdout('\n')
      deleteResources(ctx, resources)
      deleteCloud(ctx.io.env, ctx.io.cwd, name)
    }
  }
  if (!yes) {
    ctx.io.stdout(wouldDelete ? '\nMust specify --yes to delete cloud resources & unregister cluster\n' : '\nMust specify --yes to unregister the cluster\n')
    return 0
  }
  deleteClusterState(store, name)
  deleteContext(kubeconfigPath(ctx), name)
  ctx.io.stdout(`\nDeleted cluster: "${name}"\n`)
  return 0
}

/** `kops delete cluster`. */
export const deleteClusterCommand: CommandDef = {
  path: ['delete', 'cluster'],
  short: 'Delete a cluster.',
  flags: [
    { name: 'yes', short: 'y', kind: 'bool' },
    { name: 'unregister', kind: 'bool' },
    { name: 'external', kind: 'bool' },
    { name: 'region', kind: 'string' },
    { name: 'count', kind: 'int' },
    { name: 'interval', kind: 'duration' },
    { name: 'wait', kind: 'duration' },
  ],
  run,
}

// RunDeleteSSHPublicKey: the cluster must exist; then every admin key goes; silent.
function runDeleteSshPublicKey(ctx: Ctx): number {
  const name = requireClusterName(ctx)
  const store = openStore(ctx)
  requireCluster(store, name)
  deleteSshPublicKeys(store, name)
  return 0
}

/** `kops delete sshpublickey`. */
export const deleteSshPublicKeyCommand: CommandDef = {
  path: ['delete', 'sshpublickey'],
  short: 'Delete an SSH public key.',
  flags: [],
  run: runDeleteSshPublicKey,
}

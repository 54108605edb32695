// `kops rolling-update cluster [CLUSTER] [--yes] [--force] [--cloudonly] [--instance-group X]
// [--instance-group-roles R]` (cli-contracts.md §2.4). The table lists each selected instance group
// that has an ASG in the simulated cloud (common/cloud.ts); an instance NeedsUpdate when it was
// launched with another launch template version than its ASG launches now — so only after the
// launch template was applied (terraform apply, or update --target direct --yes). With --yes, each
// such instance is drained, replaced by one of the current version and the cluster validated
// (klog lines on stderr); the replacements are written to the cloud.
import { launch, needsUpdate, writeCloud, type Cloud, type CloudGroup as Group, type CloudInstance as Instance } from '../common/cloud.ts'
import { nameOf, parseRole, roleOf, type Role } from './api.ts'
import { klog, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, flag, goDuration, listFlag, parseDuration } from './flags.ts'
import { clusterCloud, groupSizes, notReady } from './fleet.ts'
import { listNodesError, loadContext } from './kubeconfig.ts'
import { listInstanceGroups, openStore, requireCluster } from './store.ts'
import { renderTable } from './tabwriter.ts'
import type { Rec } from './yaml-io.ts'

/** An instance group as the cloud reports it. */
interface CloudGroup {
  name: string
  role: Role
  asg: string
  group: Group
  instances: Instance[]
  needUpdate: Instance[]
  min: number
  max: number
  nodes: number
}

function selectGroups(ctx: Ctx, igs: Rec[]): Rec[] {
  let selected = igs
  const names = listFlag(ctx.parsed, 'instance-group')
  if (names.length) {
    selected = names.map((n) => {
      const ig = igs.find((g) => nameOf(g) === n)
      if (!ig) throw new KopsError(`InstanceGroup "${n}" not found`)
      return ig
    })
  }
  const roles = listFlag(ctx.parsed, 'instance-group-roles')
  if (roles.length) {
    selected = roles.flatMap((r) => {
      const role = parseRole(r)
      if (!role) throw new KopsError(`invalid instance group role "${r}"`)
      return selected.filter((ig) => roleOf(ig) === role)
    })
  }
  return selected
}

// The selected groups that have an ASG in the cloud, with their instances.
function cloudGroups(ctx: Ctx, selected: Rec[], cloud: Cloud | undefined): CloudGroup[] {
  const out: CloudGroup[] = []
  for (const ig of selected) {
    const group = cloud?.groups[nameOf(ig)]
    if (!group?.asg) continue
    const instances = group.instances
    const joined = group.role !== 'Bastion' && !notReady(ctx.io, nameOf(ig))
    const { min, max, name: asg } = group.asg
    out.push({ name: nameOf(ig), role: group.role, asg, group, instances, needUpdate: instances.filter((i) => needsUpdate(group, i)), min, max, nodes: joined ? instances.length : 0 })
  }
  return out
}

function table(groups: CloudGroup[], cloudOnly: boolean): string {
  const header = ['NAME', 'STATUS', 'NEEDUPDATE', 'READY', 'MIN', 'TARGET', 'MAX', ...(cloudOnly ? [] : ['NODES'])]
  const rows = groups.map((g) => {
    const row = [g.name, g.needUpdate.length ? 'NeedsUpdate' : 'Ready', g.needUpdate.length, g.instances.length - g.needUpdate.length, g.min, g.instances.length, g.max]
    return [...row, ...(cloudOnly ? [] : [g.nodes])].map(String)
  })
  return renderTable(header, rows)
}

const interval = (ctx: Ctx, name: string, fallback: string): number => parseDuration(flag(ctx.parsed, name, fallback)) ?? 0

// One instance: drain, stop, wait, validate; returns the replacement.
function replaceInstance(ctx: Ctx, cloud: Cloud, g: CloudGroup, old: Instance): Instance {
  const cloudOnly = boolFlag(ctx.parsed, 'cloudonly')
  const wait = interval(ctx, g.role === 'ControlPlane' ? 'master-interval' : g.role === 'Bastion' ? 'bastion-interval' : 'node-interval', '15s')
  const bastion = g.role === 'Bastion'
  if (cloudOnly) klog(ctx, 'W', 'instancegroups.go:354', "Not draining cluster nodes as 'cloudonly' flag is set.")
  if (!cloudOnly && !bastion) {
    klog(ctx, 'I', 'instancegroups.go:658', `Draining the node: "${old.id}".`)
    klog(ctx, 'I', 'instancegroups.go:417', `Waiting for ${goDuration(interval(ctx, 'post-drain-delay', '5s'))} for pods to stabilize after draining.`)
  }
  const node = cloudOnly || bastion ? '' : `, node "${old.id}"`
  klog(ctx, 'I', 'instancegroups.go:497', `Stopping instance "${old.id}"${node}, in group "${g.asg}" (this may take a while).`)
  klog(ctx, 'I', 'instancegroups.go:419', `waiting for ${goDuration(wait)} after terminating instance`)
  const fresh = launch(cloud, g.group.asg?.launchTemplate ?? old.launchTemplate)
  if (cloudOnly) klog(ctx, 'W', 'instancegroups.go:426', 'Not validating cluster as cloudonly flag is set.')
  else if (!bastion) validateAfter(ctx, g, fresh)
  return fresh
}

function validateAfter(ctx: Ctx, g: CloudGroup, fresh: Instance): void {
  klog(ctx, 'I', 'instancegroups.go:532', 'Validating the cluster.')
  if (notReady(ctx.io, g.name) && boolFlag(ctx.parsed, 'fail-on-validate-error', true)) {
    klog(ctx, 'W', 'instancegroups.go:566', `Cluster did not validate, will retry in "30s": machine "${fresh.id}" has not yet joined cluster.`)
    const timeout = goDuration(interval(ctx, 'validation-timeout', '15m'))
    throw new KopsError(`error validating cluster after terminating instance: cluster did not validate within a duration of "${timeout}"`)
  }
  if (Number(flag(ctx.parsed, 'validate-count', '2')) > 1) klog(ctx, 'I', 'instancegroups.go:574', 'Cluster validated; revalidating in 10s to make sure it does not flap.')
  klog(ctx, 'I', 'instancegroups.go:570', 'Cluster validated.')
}

const ORDER: Role[] = ['Bastion', 'ControlPlane', 'APIServer', 'Node']

function roll(ctx: Ctx, cluster: string, groups: CloudGroup[], cloud: Cloud): void {
  const force = boolFlag(ctx.parsed, 'force')
  try {
    for (const g of [...groups].sort((a, b) => ORDER.indexOf(a.role) - ORDER.indexOf(b.role))) {
      const targets = force ? g.instances : g.needUpdate
      for (const old of targets) {
        const fresh = replaceInstance(ctx, cloud, g, old)
        g.group.instances = g.group.instances.map((i) => (i.id === old.id ? fresh : i))
      }
    }
  } finally {
    writeCloud(ctx.io.env, ctx.io.cwd, cloud)
  }
  klog(ctx, 'I', 'rollingupdate.go:262', `Rolling update completed for cluster "${cluster}"!`)
}

function run(ctx: Ctx): number {
  const name = requireClusterName(ctx)
  const store = openStore(ctx)
  requireCluster(store, name)
  const state = loadContext(ctx, name)
  const cloudOnly = boolFlag(ctx.parsed, 'cloudonly')
  const cloud = clusterCloud(ctx, name)
  const unreachable = cloudOnly ? undefined : listNodesError(name, cloud, state)
  if (unreachable) {
    ctx.io.stderr('Unable to reach the kubernetes API.\nUse --cloudonly to do a rolling-update without confirming progress with the k8s API\n\n')
    throw new KopsError(`error listing nodes in cluster: ${unreachable}`)
  }
  const igs = listInstanceGroups(store, name)
  const controlPlanes = igs.filter((ig) => ['ControlPlane', 'APIServer'].includes(roleOf(ig) ?? '')).reduce((n, ig) => n + groupSizes(ig).min, 0)
  if (controlPlanes <= 1) ctx.io.stdout("Detected single-control-plane cluster; won't detach before draining\n")
  const groups = cloudGroups(ctx, selectGroups(ctx, igs), cloud)
  ctx.io.stdout(table(groups, cloudOnly))
  if (!groups.some((g) => g.needUpdate.length) && !boolFlag(ctx.parsed, 'force')) {
    ctx.io.stdout('\nNo rolling-update required.\n')
    return 0
  }
  if (!boolFlag(ctx.parsed, 'yes')) {
    ctx.io.stdout('\nMust specify --yes to rolling-update.\n')
    return 0
  }
  roll(ctx, name, groups, cloud ?? { cluster: name, serial: 0, groups: {} })
  return 0
}

const duration = (name: string): { name: string; kind: 'duration' } => ({ name, kind: 'duration' })

/** `kops rolling-update cluster`. */
export const rollingUpdateCommand: CommandDef = {
  path: ['rolling-update', 'cluster'],
  short: 'Rolling update a cluster.',
  flags: [
    { name: 'yes', short: 'y', kind: 'bool' },
    { name: 'force', kind: 'bool' },
    { name: 'cloudonly', kind: 'bool' },
    { name: 'instance-group', kind: 'list', aliases: ['ig', 'instance-groups'] },
    { name: 'instance-group-roles', kind: 'list', aliases: ['role', 'roles', 'instance-group-role'] },
    ...['master-interval', 'node-interval', 'bastion-interval', 'post-drain-delay', 'validation-timeout', 'drain-timeout'].map(duration),
    { name: 'validate-count', kind: 'int' },
    { name: 'fail-on-drain-error', kind: 'bool' },
    { name: 'fail-on-validate-error', kind: 'bool' },
    { name: 'interactive', short: 'i', kind: 'bool' },
  ],
  run,
}

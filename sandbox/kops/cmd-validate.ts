// `kops validate cluster [CLUSTER] [-o table|json|yaml] [--wait DUR] [--count N] [--kubeconfig F]`
// (cli-contracts.md §2.7). Nodes are the joined instances of the groups' ASGs in the simulated
// cloud (common/cloud.ts); failures are groups missing from the cloud, groups with fewer joined
// nodes than their ASG's size and instances that have not joined (TASKS_SANDBOX_KOPS_NOT_READY).
// The API answers once the cloud holds the control-plane ASG. The sandbox's clock does not move: `--wait` on an unhealthy cluster
// retries once and reports the timeout; errors are `Validation failed: …`, exit 1.
import { nameOf, roleOf, specOf } from './api.ts'
import { klog, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { flag, parseDuration } from './flags.ts'
import type { Cloud } from '../common/cloud.ts'
import { clusterCloud, notReady } from './fleet.ts'
import { listNodesError, loadContext } from './kubeconfig.ts'
import { listInstanceGroups, openStore, requireCluster } from './store.ts'
import { renderTable } from './tabwriter.ts'
import { computeDomain, regionOf } from './tf/model.ts'
import { size } from './cmd-get.ts'
import { list, rec, text, toYaml, type Rec } from './yaml-io.ts'

interface Failure {
  type: string
  name: string
  message: string
}

interface Node {
  name: string
  zone: string
  role: string
  hostname: string
  status: string
}

interface Result {
  failures: Failure[]
  nodes: Node[]
}

function evaluate(ctx: Ctx, cluster: Rec, igs: Rec[], cloud: Cloud): Result {
  const subnets = list(specOf(cluster).subnets).map(rec)
  const domain = computeDomain(regionOf(subnets.map((s) => text(s.zone))))
  const result: Result = { failures: [], nodes: [] }
  for (const ig of igs) {
    if (roleOf(ig) === 'Bastion') continue
    const group = cloud.groups[nameOf(ig)]
    if (!group?.asg) {
      result.failures.push({ type: 'InstanceGroup', name: nameOf(ig), message: `InstanceGroup "${nameOf(ig)}" is missing from the cloud provider` })
      continue
    }
    const instances = group.instances
    const zone = text(subnets.find((s) => text(s.name) === text(list(specOf(ig).subnets)[0]))?.zone)
    const joined = notReady(ctx.io, nameOf(ig)) ? [] : instances
    for (const i of instances.filter((x) => !joined.includes(x))) {
      result.failures.push({ type: 'Machine', name: i.id, message: `machine "${i.id}" has not yet joined cluster` })
    }
    const role = roleOf(ig) === 'ControlPlane' ? 'control-plane' : roleOf(ig) === 'APIServer' ? 'api-server' : 'node'
    for (const i of joined) result.nodes.push({ name: i.id, zone, role, hostname: `${i.id}.${domain}`, status: 'True' })
    const min = group.asg.min
    if (joined.length < min) {
      result.failures.push({ type: 'InstanceGroup', name: nameOf(ig), message: `InstanceGroup "${nameOf(ig)}" did not have enough nodes ${joined.length} vs ${min}` })
    }
  }
  return result
}

function table(cluster: Rec, igs: Rec[], result: Result): string {
  const groups = igs.map((ig) => {
    const s = specOf(ig)
    return [nameOf(ig), roleOf(ig) ?? text(s.role), text(s.machineType), size(s.minSize), size(s.maxSize), list(s.subnets).map(text).join(',')]
  })
  let out = `INSTANCE GROUPS\n${renderTable(['NAME', 'ROLE', 'MACHINETYPE', 'MIN', 'MAX', 'SUBNETS'], groups)}`
  out += `\nNODE STATUS\n${renderTable(['NAME', 'ROLE', 'READY'], result.nodes.map((n) => [n.name, n.role, n.status]))}`
  if (result.failures.length === 0) return `${out}\nYour cluster ${nameOf(cluster)} is ready\n`
  out += `\nVALIDATION ERRORS\n${renderTable(['KIND', 'NAME', 'MESSAGE'], result.failures.map((f) => [f.type, f.name, f.message]))}`
  return `${out}\nValidation Failed\n`
}

function encode(output: string, result: Result): string {
  const shaped = { ...(result.failures.length ? { failures: result.failures } : {}), ...(result.nodes.length ? { nodes: result.nodes } : {}) }
  return output === 'json' ? JSON.stringify(shaped) : toYaml(shaped)
}

// The validation loop of kOps, with a clock that does not move: returns on success, throws otherwise.
function validate(ctx: Ctx, name: string, cluster: Rec, igs: Rec[]): void {
  const output = flag(ctx.parsed, 'output', 'table')
  const wait = parseDuration(flag(ctx.parsed, 'wait', '0')) ?? 0
  const count = Number(flag(ctx.parsed, 'count', '0'))
  const state = loadContext(ctx, name, flag(ctx.parsed, 'kubeconfig'))
  const cloud = clusterCloud(ctx, name)
  const unreachable = listNodesError(name, cloud, state)
  if (cloud === undefined || unreachable !== undefined) {
    const message = `unexpected error during validation: error listing nodes: ${unreachable ?? ''}`
    if (wait <= 0) throw new KopsError(message)
    klog(ctx, 'W', 'validate_cluster.go:184', `(will retry): ${message}`)
    throw new KopsError('wait time exceeded during validation')
  }
  const result = evaluate(ctx, cluster, igs, cloud)
  for (let consecutive = 1; ; consecutive++) {
    ctx.io.stdout(output === 'table' ? table(cluster, igs, result) : encode(output, result))
    if (result.failures.length) {
      if (wait <= 0) throw new KopsError('cluster not yet healthy')
      klog(ctx, 'W', 'validate_cluster.go:221', '(will retry): cluster not yet healthy')
      throw new KopsError('wait time exceeded during validation')
    }
    if (consecutive >= count) return
    klog(ctx, 'I', 'validate_cluster.go:209', `(will retry): cluster passed validation ${consecutive} consecutive times`)
    if (wait <= 0) throw new KopsError(`cluster passed validation ${consecutive} consecutive times`)
  }
}

function run(ctx: Ctx): number {
  const output = flag(ctx.parsed, 'output', 'table')
  try {
    const name = requireClusterName(ctx)
    const store = openStore(ctx)
    const cluster = requireCluster(store, name)
    const igs = listInstanceGroups(store, name)
    if (output === 'table') ctx.io.stdout(`Validating cluster ${name}\n\n`)
    if (igs.length === 0) throw new KopsError('no InstanceGroup objects found')
    if (!['table', 'json', 'yaml'].includes(output)) throw new KopsError(`unknown output format: "${output}"`)
    validate(ctx, name, cluster, igs)
    return 0
  } catch (e) {
    if (e instanceof KopsError) throw new KopsError(`Validation failed: ${e.message}`)
    throw e
  }
}

/** `kops validate cluster`. */
export const validateClusterCommand: CommandDef = {
  path: ['validate', 'cluster'],
  short: 'Validate a kOps cluster.',
  flags: [
    { name: 'output', short: 'o', kind: 'string' },
    { name: 'wait', kind: 'duration' },
    { name: 'count', kind: 'int' },
    { name: 'interval', kind: 'duration' },
    { name: 'kubeconfig', kind: 'string' },
  ],
  run,
}

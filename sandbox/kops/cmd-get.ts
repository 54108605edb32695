// `kops get all [CLUSTER] [-o table|yaml|json]` (cli-contracts.md §2.6), and `get clusters` /
// `get instancegroups` with the same tables. YAML objects are separated by `\n---\n\n`; JSON is a
// list of compact objects each followed by a newline, as kOps's versioned JSON encoder writes them.
import { API_VERSION, nameOf, roleOf, specOf } from './api.ts'
import { nameFlag, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { flag } from './flags.ts'
import { listClusters, listInstanceGroups, openStore, readCluster, requireCluster } from './store.ts'
import { renderTable } from './tabwriter.ts'
import { int, list, rec, sortKeys, text, toYaml, type Rec } from './yaml-io.ts'

/** `-` for an unset size, as kOps's int32PointerToString. */
export const size = (value: unknown): string => (int(value) === undefined ? '-' : String(int(value)))

function clusterTable(clusters: Rec[]): string {
  const rows = clusters.map((c) => {
    const zones = [...new Set(list(specOf(c).subnets).map((s) => text(rec(s).zone)).filter(Boolean))].sort()
    return [nameOf(c), text(specOf(c).cloudProvider) || 'aws', zones.join(',')]
  })
  return renderTable(['NAME', 'CLOUD', 'ZONES'], rows)
}

/** The instance group table (NAME ROLE MACHINETYPE MIN MAX ZONES). */
export function groupTable(cluster: Rec, igs: Rec[]): string {
  const subnets = list(specOf(cluster).subnets).map(rec)
  const rows = igs.map((ig) => {
    const spec = specOf(ig)
    const zones = list(spec.subnets).map((n) => text(subnets.find((s) => text(s.name) === text(n))?.zone)).filter(Boolean)
    return [nameOf(ig), roleOf(ig) ?? text(spec.role), text(spec.machineType), size(spec.minSize), size(spec.maxSize), [...new Set(zones)].sort().join(',')]
  })
  return renderTable(['NAME', 'ROLE', 'MACHINETYPE', 'MIN', 'MAX', 'ZONES'], rows)
}

// kOps's versioned encoding: apiVersion kops.k8s.io/v1alpha2, kind first in JSON.
const versioned = (doc: Rec): Rec => ({ kind: doc.kind, apiVersion: API_VERSION, metadata: sortKeys(doc.metadata), spec: sortKeys(doc.spec) })

function objects(output: string, docs: Rec[], single: boolean): string {
  if (output === 'yaml') return docs.map((d) => toYaml(versioned(d))).join('\n---\n\n')
  const encoded = docs.map((d) => `${JSON.stringify(versioned(d))}\n`)
  return single ? encoded.join('') : `[${encoded.join(',')}]`
}

function checkOutput(ctx: Ctx): string {
  const output = flag(ctx.parsed, 'output', 'table')
  if (!['table', 'yaml', 'json'].includes(output)) throw new KopsError(`unknown output format: "${output}"`)
  return output
}

function runAll(ctx: Ctx): number {
  const name = requireClusterName(ctx)
  const output = checkOutput(ctx)
  const store = openStore(ctx)
  const cluster = requireCluster(store, name)
  const igs = listInstanceGroups(store, name)
  if (igs.length === 0) ctx.io.stderr('No instance groups found\n')
  if (output !== 'table') {
    ctx.io.stdout(objects(output, [cluster, ...igs], false))
    return 0
  }
  ctx.io.stdout(`Cluster\n${clusterTable([cluster])}\nInstance Groups\n${groupTable(cluster, igs)}`)
  return 0
}

function runClusters(ctx: Ctx): number {
  const output = checkOutput(ctx)
  if (ctx.args.length && nameFlag(ctx)) throw new KopsError('cannot mix --name for cluster with positional arguments')
  const names = ctx.args.length ? ctx.args : nameFlag(ctx) ? [nameFlag(ctx)] : []
  const store = openStore(ctx)
  const clusters = (names.length ? names : listClusters(store)).map((n) => {
    const c = readCluster(store, n)
    if (!c) throw new KopsError(`cluster not found "${n}"`)
    return c
  })
  if (clusters.length === 0) throw new KopsError('no clusters found')
  ctx.io.stdout(output === 'table' ? clusterTable(clusters) : objects(output, clusters, names.length === 1))
  return 0
}

function runInstanceGroups(ctx: Ctx): number {
  const output = checkOutput(ctx)
  const name = nameFlag(ctx)
  if (name === '') throw new KopsError('--name is required')
  const store = openStore(ctx)
  const cluster = requireCluster(store, name)
  let igs = listInstanceGroups(store, name)
  if (ctx.args.length) {
    igs = ctx.args.map((n) => {
      const ig = igs.find((g) => nameOf(g) === n)
      if (!ig) throw new KopsError(`instancegroup not found "${n}"`)
      return ig
    })
  }
  if (igs.length === 0) throw new KopsError('no InstanceGroup objects found')
  ctx.io.stdout(output === 'table' ? groupTable(cluster, igs) : objects(output, igs, false))
  return 0
}

const OUTPUT = { name: 'output', short: 'o', kind: 'string' } as const

/** `kops get all`. */
export const getAllCommand: CommandDef = { path: ['get', 'all'], short: 'Display all resources for a cluster.', flags: [OUTPUT], run: runAll }

/** `kops get clusters`. */
export const getClustersCommand: CommandDef = { path: ['get', 'clusters'], aliases: ['cluster'], short: 'Get one or many clusters.', flags: [OUTPUT], run: runClusters }

/** `kops get instancegroups`. */
export const getInstanceGroupsCommand: CommandDef = {
  path: ['get', 'instancegroups'],
  aliases: ['instancegroup', 'ig', 'igs'],
  short: 'Get one or many instance groups.',
  flags: [OUTPUT],
  run: runInstanceGroups,
}

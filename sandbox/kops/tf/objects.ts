// The `aws_s3_object` resources kOps renders into the state store (provider aws.files): the
// completed spec, kops-version.txt, etcd cluster specs and etcd-manager manifests, the
// kube-apiserver healthcheck manifest, the addons with their bootstrap channel, and one nodeup
// config per instance group; each object's content is a data/ file.
import { createHash } from 'node:crypto'
import { list, rec, text, toYaml } from '../yaml-io.ts'
import { attr, expr, str } from './hcl.ts'
import { dataFile, fileRef, k8sMinor, resource, type Group, type Model, type Part } from './model.ts'

interface S3Object {
  raw: string
  key: string
  content: string
}

interface Addon {
  id: string
  variant?: string
  file: string
}

/** The cluster's configBase as written into the generated files (the simulated S3 bucket). */
export const configBaseUrl = (m: Model): string => `s3://${m.input.bucket}/${m.input.keyPrefix}`

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')
const igFolder = (g: Group): string => (g.role === 'ControlPlane' ? 'control-plane' : g.role === 'Bastion' ? 'bastion' : 'node')

/** The addons kOps 1.28 would install for this spec (a representative subset). */
export function addons(m: Model): Addon[] {
  const s = m.spec
  const enabled = (field: string): boolean => rec(s[field]).enabled === true
  const net = rec(s.networking)
  const out: Addon[] = [
    { id: 'aws-cloud-controller.addons.k8s.io', variant: 'k8s-1.18', file: 'k8s-1.18' },
    { id: 'aws-ebs-csi-driver.addons.k8s.io', variant: 'k8s-1.17', file: 'k8s-1.17' },
    { id: 'coredns.addons.k8s.io', variant: 'k8s-1.12', file: 'k8s-1.12' },
    { id: 'kops-controller.addons.k8s.io', variant: 'k8s-1.16', file: 'k8s-1.16' },
    { id: 'kubelet-api.rbac.addons.k8s.io', variant: 'k8s-1.9', file: 'k8s-1.9' },
    { id: 'limit-range.addons.k8s.io', file: 'v1.5.0' },
    { id: 'storage-aws.addons.k8s.io', variant: 'v1.15.0', file: 'v1.15.0' },
  ]
  if (!m.name.endsWith('.k8s.local')) out.push({ id: 'dns-controller.addons.k8s.io', variant: 'k8s-1.12', file: 'k8s-1.12' })
  if (m.nth) out.push({ id: 'node-termination-handler.aws', variant: 'k8s-1.11', file: 'k8s-1.11' })
  if (net.calico !== undefined) out.push({ id: 'networking.projectcalico.org', variant: 'k8s-1.25', file: 'k8s-1.25' })
  if (net.cilium !== undefined) out.push({ id: 'networking.cilium.io', variant: 'k8s-1.16', file: 'k8s-1.16-v1.14' })
  if (net.amazonvpc !== undefined) out.push({ id: 'networking.amazon-vpc-routed-eni', variant: 'k8s-1.16', file: 'k8s-1.16' })
  if (enabled('karpenter')) out.push({ id: 'karpenter.sh', variant: 'k8s-1.19', file: 'k8s-1.19' })
  if (enabled('clusterAutoscaler')) out.push({ id: 'cluster-autoscaler.addons.k8s.io', variant: 'k8s-1.15', file: 'k8s-1.15' })
  if (enabled('metricsServer')) out.push({ id: 'metrics-server.addons.k8s.io', variant: 'k8s-1.11', file: 'k8s-1.11' })
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}

const addonManifest = (m: Model, a: Addon): string =>
  toYaml({ apiVersion: 'v1', kind: 'List', items: [], metadata: { annotations: { 'kops.k8s.io/addon': a.id, 'kops.k8s.io/cluster': m.name, 'kops.k8s.io/variant': a.file } } })

function bootstrapChannel(m: Model, all: Addon[]): string {
  const entries = all.map((a) => ({
    id: a.variant,
    manifest: `${a.id}/${a.file}.yaml`,
    manifestHash: sha256(addonManifest(m, a)),
    name: a.id,
    selector: { 'k8s-addon': a.id },
    version: '9.99.0',
  }))
  return toYaml({ kind: 'Addons', metadata: { creationTimestamp: null, name: 'bootstrap' }, spec: { addons: entries } })
}

function etcdVersion(m: Model, etcd: Record<string, unknown>): string {
  const [major, minor] = k8sMinor(m)
  return text(etcd.version) || (major > 1 || minor >= 22 ? '3.5.9' : '3.4.13')
}

function etcdManifest(m: Model, etcd: string, ig: string, version: string): string {
  const ports = etcd === 'main' ? { client: 4001, peer: 2380, grpc: 3996 } : { client: 4002, peer: 2381, grpc: 3997 }
  const flags = [
    `--backup-store=${configBaseUrl(m)}/backups/etcd/${etcd}`,
    `--client-urls=https://__name__:${ports.client}`,
    `--cluster-name=etcd${etcd === 'main' ? '' : `-${etcd}`}`,
    `--etcd-version=${version}`,
    `--grpc-port=${ports.grpc}`,
    `--peer-urls=https://__name__:${ports.peer}`,
    `--volume-tag=k8s.io/etcd/${etcd}`,
    `--volume-tag=kubernetes.io/cluster/${m.name}=owned`,
  ]
  const container = { command: ['/etcd-manager', ...flags], image: 'registry.k8s.io/etcdadm/etcd-manager-slim:v3.0.20230925', name: 'etcd-manager' }
  const metadata = { labels: { 'k8s-app': `etcd-manager-${etcd}`, 'kops.k8s.io/instancegroup': ig }, name: `etcd-manager-${etcd}`, namespace: 'kube-system' }
  return toYaml({ apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [container], hostNetwork: true, priorityClassName: 'system-cluster-critical' } })
}

const HEALTHCHECK = toYaml({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'kube-apiserver-healthcheck', namespace: 'kube-system' },
  spec: {
    containers: [
      { args: ['--ca-cert=/secrets/ca.crt', '--client-cert=/secrets/client.crt', '--client-key=/secrets/client.key'], image: 'registry.k8s.io/kops/kube-apiserver-healthcheck:1.28.4', name: 'healthcheck' },
    ],
  },
})

/** The nodeup configuration of an instance group (what its user data points nodeup at). */
export function nodeupConfig(m: Model, g: Group): string {
  const kubelet = { ...rec(m.spec.kubelet), ...(g.role === 'ControlPlane' ? rec(m.spec.masterKubelet) : {}), ...rec(g.spec.kubelet) }
  return toYaml({
    ClusterName: m.name,
    ConfigBase: configBaseUrl(m),
    InstanceGroupName: g.name,
    InstanceGroupRole: g.role,
    KubeletConfig: kubelet,
    KubernetesVersion: text(g.spec.kubernetesVersion) || text(m.spec.kubernetesVersion).replace(/^v/, ''),
    Networking: Object.keys(rec(m.spec.networking))[0] ?? 'cni',
    UpdatePolicy: text(g.spec.updatePolicy) || 'automatic',
    channels: [`${configBaseUrl(m)}/addons/bootstrap-channel.yaml`],
  })
}

function objects(m: Model): S3Object[] {
  const out: S3Object[] = [
    { raw: 'cluster-completed.spec', key: 'cluster-completed.spec', content: m.input.completedSpec },
    { raw: 'kops-version.txt', key: 'kops-version.txt', content: m.input.version },
    { raw: 'manifests-static-kube-apiserver-healthcheck', key: 'manifests/static/kube-apiserver-healthcheck.yaml', content: HEALTHCHECK },
  ]
  const controlPlanes = m.groups.filter((g) => g.role === 'ControlPlane')
  for (const raw of list(m.spec.etcdClusters)) {
    const etcd = rec(raw)
    const name = text(etcd.name)
    const version = etcdVersion(m, etcd)
    const spec = JSON.stringify({ memberCount: list(etcd.etcdMembers).length, etcdVersion: version }, null, 2)
    out.push({ raw: `etcd-cluster-spec-${name}`, key: `backups/etcd/${name}/control/etcd-cluster-spec`, content: spec })
    for (const g of controlPlanes) {
      out.push({ raw: `manifests-etcdmanager-${name}-${g.name}`, key: `manifests/etcd/${name}-${g.name}.yaml`, content: etcdManifest(m, name, g.name, version) })
    }
  }
  const all = addons(m)
  out.push({ raw: `${m.name}-addons-bootstrap`, key: 'addons/bootstrap-channel.yaml', content: bootstrapChannel(m, all) })
  for (const a of all) {
    out.push({ raw: `${m.name}-addons-${a.id}${a.variant ? `-${a.variant}` : ''}`, key: `addons/${a.id}/${a.file}.yaml`, content: addonManifest(m, a) })
  }
  for (const g of m.groups) out.push({ raw: `nodeupconfig-${g.name}`, key: `igconfig/${igFolder(g)}/${g.name}/nodeupconfig.yaml`, content: nodeupConfig(m, g) })
  return out
}

/** The S3 object resources and their content files. */
export function s3Objects(m: Model): Part {
  const all = objects(m)
  const resources = all.map((o) =>
    resource('aws_s3_object', o.raw, [
      attr('bucket', str(m.input.bucket)),
      attr('content', fileRef(dataFile('aws_s3_object', o.raw, 'content'))),
      attr('key', str(`${m.input.keyPrefix}/${o.key}`)),
      attr('provider', expr('aws.files')),
      attr('server_side_encryption', str('AES256')),
    ]),
  )
  return { resources, files: all.map((o) => [dataFile('aws_s3_object', o.raw, 'content'), o.content]) }
}

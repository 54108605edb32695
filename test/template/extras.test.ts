// The eta cluster template's opt-in extras from cluster.yaml's `template:` section: a public
// topology, a bastion group and extra worker instance groups; all off by default. Each test runs on
// a small outputs object written here, and on the seed's real outputs when ../shared is present.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { renderGoTemplate } from '../helpers/gotmpl.ts'
import { fixture } from '../helpers/shared.ts'
import { renderTemplate, type TerraformOutputs } from '../../modules/template/render.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

const ETA = readFileSync(new URL('../../2-kops/cluster-template.yml.eta', import.meta.url), 'utf8')

/** Outputs wrapped as `terraform output -json` prints them. */
const wrap = (values: Record<string, unknown>): TerraformOutputs =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { sensitive: false, type: 'dynamic', value }]))

/** A small, complete set of the outputs the template reads: three AZs, one control plane. */
const SMALL = wrap({
  availability_zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  cluster_api_elb_extra_security_group: '',
  cluster_master_azs: ['eu-west-1a'],
  cluster_name: 'demo.k8s.local',
  cluster_version: '1.30.2',
  devops_role: 'arn:aws:iam::123456789012:role/DevOps',
  environment: 'test',
  etcd_clusters_version: '3.5.13',
  gossip_cluster: true,
  irsa_enabled: false,
  karpenter_enabled: false,
  kops_ami_id: 'ami-0123456789abcdef0',
  kops_master_machine_max_size: 1,
  kops_master_machine_min_size: 1,
  kops_master_machine_type: 't3.medium',
  kops_s3_bucket: 'demo-kops-state',
  kops_worker_machine_max_size: 3,
  kops_worker_machine_min_size: 1,
  kops_worker_machine_type: 't3.large',
  kops_worker_machine_types_karpenter: [],
  nat_gateway_ids: { 'eu-west-1a': 'nat-a', 'eu-west-1b': 'nat-b', 'eu-west-1c': 'nat-c' },
  networking_calico_major_version: 'v3',
  node_cloud_labels: {},
  private_subnet_ids: { 'eu-west-1a': 'subnet-pa', 'eu-west-1b': 'subnet-pb', 'eu-west-1c': 'subnet-pc' },
  public_subnet_ids: { 'eu-west-1a': 'subnet-ua', 'eu-west-1b': 'subnet-ub', 'eu-west-1c': 'subnet-uc' },
  region: 'eu-west-1',
  shared_vpc_cidr_block: '172.18.0.0/20',
  vpc_cidr_block: '10.0.0.0/16',
  vpc_id: 'vpc-0123456789abcdef0',
})

/** The test object tap hands a test function. */
type Tap = Parameters<Parameters<typeof t.test>[0]>[0]

interface Doc { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> }
interface Subnet { id: string; name: string; type: string; zone: string; egress?: string }

/** The eta template's objects for some outputs and cluster.yaml settings. */
function render(outputs: TerraformOutputs, settings: Record<string, unknown>): Doc[] {
  const result = renderTemplate({ template: ETA, templatePath: '2-kops/cluster-template.yml.eta', outputs, settings })
  if (!result.ok) throw new Error(formatFailure(result.failure))
  return parseAllDocuments(result.text).map((d) => {
    if (d.errors.length) throw new Error(`YAML error: ${d.errors[0].message}`)
    return d.toJS() as Doc
  })
}

const value = <T>(outputs: TerraformOutputs, name: string): T => outputs[name].value as T
const groups = (docs: Doc[]): Doc[] => docs.filter((d) => d.kind === 'InstanceGroup')
const group = (docs: Doc[], name: string): Doc | undefined => groups(docs).find((d) => d.metadata.name === name)
const subnets = (docs: Doc[]): Subnet[] => docs[0].spec.subnets as Subnet[]

/** Each test once on the small outputs and once on the seed's outputs (skipped without ../shared). */
function bothOutputs(name: string, body: (t: Tap, outputs: TerraformOutputs) => void): void {
  t.test(`${name} (small outputs)`, async (t) => body(t, structuredClone(SMALL)))
  t.test(`${name} (seed outputs)`, async (t) => body(t, JSON.parse(fixture('seed-template/terraform-output.json')) as TerraformOutputs))
}

/** Every subnet an instance group names is one of the cluster's subnets. */
function subnetsExist(t: Tap, docs: Doc[]): void {
  const names = new Set(subnets(docs).map((s) => s.name))
  for (const ig of groups(docs)) for (const s of ig.spec.subnets as string[]) t.ok(names.has(s), `${ig.metadata.name}: subnet ${s} exists`)
}

bothOutputs('extras are off by default', (t, outputs) => {
  const docs = render(outputs, {})
  t.strictSame(render(outputs, { template: {} }), docs, 'an empty template section changes nothing')
  t.strictSame(render(outputs, { template: { instanceGroups: [] } }), docs, 'no extra groups changes nothing')
  t.equal(docs.length, 2 + value<string[]>(outputs, 'cluster_master_azs').length)
  t.strictSame(groups(docs).map((d) => d.metadata.name), [...value<string[]>(outputs, 'cluster_master_azs').map((az) => `master-${az}`), 'nodes'])
  t.strictSame([...new Set(subnets(docs).map((s) => s.type))], ['Utility', 'Private'])
  t.notOk('bastion' in (docs[0].spec.topology as object))
  t.equal((docs[0].spec.api as { loadBalancer: { type: string } }).loadBalancer.type, 'Internal')
  subnetsExist(t, docs)
})

t.test('extras off: the same objects as the seed\'s Go template', async (t) => {
  const outputs = JSON.parse(fixture('seed-template/terraform-output.json')) as TerraformOutputs
  const go = renderGoTemplate(fixture('seed-template/cluster-template.gotmpl').replace('{{ if not .gossip_cluster }}', '{{ if not .gossip_cluster.value }}'), outputs)
  t.strictSame(render(outputs, {}), parseAllDocuments(go).map((d) => d.toJS() as Doc))
})

bothOutputs('topology: public', (t, outputs) => {
  const docs = render(outputs, { template: { topology: 'public' } })
  const azs = Object.keys(value<Record<string, string>>(outputs, 'public_subnet_ids')).sort()
  t.strictSame(subnets(docs), azs.map((az) => ({ id: value<Record<string, string>>(outputs, 'public_subnet_ids')[az], name: az, type: 'Public', zone: az })), 'public subnets named by AZ, no private or utility')
  t.equal((docs[0].spec.api as { loadBalancer: { type: string } }).loadBalancer.type, 'Public')
  t.strictSame(docs[0].spec.topology, { dns: { type: 'Public' }, masters: 'public', nodes: 'public' })
  t.equal(docs.length, 2 + value<string[]>(outputs, 'cluster_master_azs').length, 'no extra documents')
  subnetsExist(t, docs)
})

bothOutputs('bastion', (t, outputs) => {
  const docs = render(outputs, { template: { bastion: { machineType: 't3.small' } } })
  const name = value<string>(outputs, 'cluster_name')
  t.strictSame((docs[0].spec.topology as { bastion: unknown }).bastion, { bastionPublicName: `bastion.${name}` })
  const azs = Object.keys(value<Record<string, string>>(outputs, 'public_subnet_ids')).sort()
  t.strictSame(group(docs, 'bastions'), {
    apiVersion: 'kops/v1alpha2',
    kind: 'InstanceGroup',
    metadata: { labels: { 'kops.k8s.io/cluster': name }, name: 'bastions' },
    spec: { image: value(outputs, 'kops_ami_id'), machineType: 't3.small', maxSize: 1, minSize: 1, role: 'Bastion', subnets: azs.map((az) => `utility-${az}`) },
  })
  for (const s of group(docs, 'bastions')?.spec.subnets as string[]) t.equal(subnets(docs).find((x) => x.name === s)?.type, 'Utility', `${s} is a utility subnet`)
  subnetsExist(t, docs)
})

bothOutputs('extra instance groups', (t, outputs) => {
  const azs = value<string[]>(outputs, 'availability_zones')
  const docs = render(outputs, { template: { instanceGroups: [
    { name: 'spot', machineType: 'm5.large', minSize: 0, maxSize: 10, labels: { workload: 'batch' }, taints: ['dedicated=batch:NoSchedule'], subnets: [azs[0]], spot: true, instances: ['m5.large', 'm5a.large'] },
    { name: 'gpu', machineType: 'g4dn.xlarge', minSize: 1, maxSize: 2, maxPrice: '0.50' },
  ] } })
  const head = (name: string) => ({ apiVersion: 'kops/v1alpha2', kind: 'InstanceGroup', metadata: { labels: { 'kops.k8s.io/cluster': value(outputs, 'cluster_name') }, name } })
  const common = { image: value(outputs, 'kops_ami_id'), kubernetesVersion: value(outputs, 'cluster_version') }
  t.strictSame(docs.slice(-2), [
    { ...head('spot'), spec: { ...common, machineType: 'm5.large',
      mixedInstancesPolicy: { instances: ['m5.large', 'm5a.large'], onDemandBase: 0, onDemandAboveBase: 0, spotAllocationStrategy: 'price-capacity-optimized' },
      maxSize: 10, minSize: 0, nodeLabels: { workload: 'batch' }, role: 'Node', subnets: [azs[0]], taints: ['dedicated=batch:NoSchedule'] } },
    { ...head('gpu'), spec: { ...common, machineType: 'g4dn.xlarge', maxPrice: '0.50', maxSize: 2, minSize: 1, role: 'Node', subnets: azs } },
  ])
  t.strictSame(docs.slice(0, -2), render(outputs, {}), 'the other documents are untouched')
  subnetsExist(t, docs)
})

bothOutputs('all extras together keep every subnet reference valid', (t, outputs) => {
  const docs = render(outputs, { template: { bastion: {}, instanceGroups: [{ name: 'more', machineType: 'm5.large', minSize: 1, maxSize: 2 }] } })
  t.strictSame(groups(docs).slice(-2).map((d) => d.metadata.name), ['bastions', 'more'])
  t.equal(group(docs, 'bastions')?.spec.machineType, 't3.micro', 'the bastion\'s default machine type')
  subnetsExist(t, docs)
})

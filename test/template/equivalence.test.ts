// The eta cluster template renders the same kOps objects as the seed's Go template (with its
// gossip test fixed) for the fixture's Terraform outputs and for variations of them. The Go side
// runs through test/helpers/gotmpl.ts, itself proven byte-exact against the fixture's rendering.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { goFloat, renderGoTemplate } from '../helpers/gotmpl.ts'
import { fixture } from '../helpers/shared.ts'
import { renderTemplate, type TerraformOutputs } from '../../modules/template/render.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

const ETA = readFileSync(new URL('../../2-kops/cluster-template.yml.eta', import.meta.url), 'utf8')
const BUG = '{{ if not .gossip_cluster }}'

/** The seed's Go template as written (with the gossip bug). */
const seedTemplate = (): string => fixture('seed-template/cluster-template.gotmpl')
/** The seed's Go template with the gossip test fixed, as expected-cluster.yml was rendered. */
function fixedTemplate(): string {
  const src = seedTemplate()
  if (!src.includes(BUG)) throw new Error(`the seed template no longer contains ${BUG}`)
  return src.replace(BUG, '{{ if not .gossip_cluster.value }}')
}
/** The fixture's `terraform output -json`, a fresh copy each time. */
const fixtureOutputs = (): TerraformOutputs => JSON.parse(fixture('seed-template/terraform-output.json')) as TerraformOutputs

/** The outputs with some values replaced or added (each wrapped as terraform output -json does). */
function variant(outputs: TerraformOutputs, values: Record<string, unknown>): TerraformOutputs {
  const copy = structuredClone(outputs)
  for (const [name, value] of Object.entries(values)) copy[name] = { sensitive: false, type: copy[name]?.type ?? 'dynamic', value }
  return copy
}

/** Subnet, NAT and AZ outputs for a list of zones; `masters` picks the control-plane zones. */
function zones(azs: string[], masters = azs): Record<string, unknown> {
  const per = (prefix: string) => Object.fromEntries(azs.map((az, i) => [az, `${prefix}-0${i}${az.slice(-1)}`]))
  return { availability_zones: azs, cluster_master_azs: masters, private_subnet_ids: per('subnet-priv'), public_subnet_ids: per('subnet-pub'), nat_gateway_ids: per('nat') }
}

/** The YAML documents of a rendering, as plain values; YAML errors fail loudly. */
function docs(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(`YAML error: ${d.errors[0].message}`)
    return d.toJS() as unknown
  })
}

/** The eta template rendered through renderTemplate (settings `{}` unless given). */
function renderEta(outputs: TerraformOutputs, settings: Record<string, unknown> = {}): string {
  const result = renderTemplate({ template: ETA, templatePath: '2-kops/cluster-template.yml.eta', outputs, settings })
  if (!result.ok) throw new Error(formatFailure(result.failure))
  return result.text
}

/** The Cluster document's spec. */
const clusterSpec = (documents: unknown[]): Record<string, unknown> => (documents[0] as { spec: Record<string, unknown> }).spec

t.test('the Go interpreter renders the fixture byte for byte as expected-cluster.yml', async (t) => {
  t.equal(renderGoTemplate(fixedTemplate(), fixtureOutputs()), fixture('seed-template/expected-cluster.yml'))
})

t.test('the Go interpreter follows Go where the template depends on it', async (t) => {
  // Values checked against Go 1.19 text/template with missingkey=error and sprig's replace.
  const data = { w: { value: false }, m: { b: 2, a: 1 }, e: [], s: 'us-east-1a', n: 1234567 }
  t.equal(renderGoTemplate('{{ if .w }}T{{ else }}F{{ end }}', data), 'T', 'a non-empty map is true: the wrapper of a false output')
  t.equal(renderGoTemplate('{{ if not .w.value }}T{{ end }}', data), 'T')
  t.equal(renderGoTemplate('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', data), 'a=1;b=2;', 'maps in key order')
  t.equal(renderGoTemplate('{{ range $i, $x := .e }}x{{ else }}empty{{ end }}{{ range $i, $x := .m }}{{ $i }}{{ . }}{{ end }}', data), 'emptya1b2')
  t.equal(renderGoTemplate('{{ .s | replace "us-east-1" "" }} {{ .s | replace "" "-" }}', data), 'a -u-s---e-a-s-t---1-a-')
  t.equal(renderGoTemplate('{{ index .m "a" }} {{ index .m "zz" }} {{ "{{" }}', data), '1 <no value> {{')
  t.strictSame([1, 1.5, 3, 100000, 999999, 1e6, 1234567, 0.0001, 0.00001, 1e21, -0.5].map(goFloat),
    ['1', '1.5', '3', '100000', '999999', '1e+06', '1.234567e+06', '0.0001', '1e-05', '1e+21', '-0.5'])
  for (const [src, why] of [
    ['{{- .s }}', /trim markers/], ['{{ .s -}}', /trim markers/], ['{{/* note */}}', /comments/],
    ['{{ with .m }}x{{ end }}', /with/], ['{{ if .s }}a{{ else if .n }}b{{ end }}', /not supported/],
    ['{{ printf "%s" .s }}', /unknown function/], ['{{ $x := .s }}', /declarations/], ['{{ index .e 0 }}', /unsupported character/],
    ['{{ (.s) }}', /unsupported character/], ['{{ true }}', /not supported/], ['{{ if .s }}open', /not closed/],
    ['{{ .missing }}', /no entry for key "missing"/], ['{{ .s.x }}', /can't evaluate field x/], ['{{ .n | replace "1" "2" }}', /expected strings/],
  ] as const) t.throws(() => renderGoTemplate(src, data), why, src)
})

t.test('the eta template renders the fixture as expected-cluster.yml', async (t) => {
  const text = renderEta(fixtureOutputs())
  t.strictSame(docs(text), docs(fixture('seed-template/expected-cluster.yml')))
  t.match(text, /^ {8}username: admin:\{\{ SessionName \}\}$/m, 'the aws-iam-authenticator placeholder is kept literally')
})

/** Variations of the fixture outputs that the two templates must render alike. */
const HA = zones(['us-east-1a', 'us-east-1b', 'us-east-1c'])
const VARIATIONS: Array<[string, Record<string, unknown>]> = [
  ['the fixture as is', {}],
  ['HA: three control-plane AZs with matching subnets', zones(['ca-central-1a', 'ca-central-1b', 'ca-central-1d'])],
  ['three AZs, one control-plane AZ', zones(['ca-central-1a', 'ca-central-1b', 'ca-central-1d'], ['ca-central-1b'])],
  ['not gossip: a DNS zone', { gossip_cluster: false, hosted_zone_id: 'Z0123456789ABCDEFGHIJ' }],
  ['node cloud labels', { node_cloud_labels: { team: 'platform', 'cost-center': 'cc-42' } }],
  ['karpenter off', { karpenter_enabled: false }],
  ['karpenter on', { karpenter_enabled: true, kops_worker_machine_types_karpenter: ['m5.large', 'm6i.large'] }],
  ['IRSA off', { irsa_enabled: false }],
  ['IRSA on', { irsa_enabled: true, irsa_bucket_name: 'irsa-bucket' }],
  ['an extra API security group', { cluster_api_elb_extra_security_group: 'sg-0a1b2c3d4e5f67890' }],
  ['region equal to the AZs\' region', { ...HA, region: 'us-east-1' }],
  ['integer sizes', { kops_master_machine_min_size: 3, kops_master_machine_max_size: 3, kops_worker_machine_min_size: 3, kops_worker_machine_max_size: 12 }],
  ['fractional and large sizes', { kops_worker_machine_min_size: 1.5, kops_worker_machine_max_size: 1e6 }],
  ['everything off', { gossip_cluster: false, hosted_zone_id: 'Z1', karpenter_enabled: false, irsa_enabled: false, node_cloud_labels: {} }],
  ['everything on', { ...HA, region: 'us-east-1', gossip_cluster: false, hosted_zone_id: 'Z1', node_cloud_labels: { a: 'b', c: 'd' }, cluster_api_elb_extra_security_group: 'sg-1' }],
]

for (const [name, values] of VARIATIONS) {
  t.test(`Go and eta render the same objects: ${name}`, async (t) => {
    const outputs = variant(fixtureOutputs(), values)
    const go = docs(renderGoTemplate(fixedTemplate(), outputs))
    t.strictSame(docs(renderEta(outputs)), go)
    t.equal(go.length, 2 + (outputs.cluster_master_azs.value as string[]).length, 'one Cluster, the control-plane groups and nodes')
  })
}

t.test('etcd members are named by zone letter when the region matches', async (t) => {
  const outputs = variant(fixtureOutputs(), { ...HA, region: 'us-east-1' })
  for (const rendered of [renderGoTemplate(fixedTemplate(), outputs), renderEta(outputs)]) {
    const etcd = clusterSpec(docs(rendered)).etcdClusters as Array<{ name: string; etcdMembers: Array<{ name: string; instanceGroup: string }> }>
    t.strictSame(etcd.map((c) => c.name), ['main', 'events'])
    for (const cluster of etcd) t.strictSame(cluster.etcdMembers.map((m) => [m.name, m.instanceGroup]), [['a', 'master-us-east-1a'], ['b', 'master-us-east-1b'], ['c', 'master-us-east-1c']])
  }
})

t.test('the seed\'s unfixed gossip test never emits dnsZone (the bug the fix addresses)', async (t) => {
  t.ok(seedTemplate().includes(BUG), 'the seed tests the output\'s wrapper object')
  for (const gossip of [true, false]) {
    const outputs = variant(fixtureOutputs(), { gossip_cluster: gossip, hosted_zone_id: 'Z1' })
    t.notOk('dnsZone' in clusterSpec(docs(renderGoTemplate(seedTemplate(), outputs))), `seed, gossip ${gossip}`)
    t.equal(clusterSpec(docs(renderGoTemplate(fixedTemplate(), outputs))).dnsZone, gossip ? undefined : 'Z1', `fixed, gossip ${gossip}`)
  }
})

t.test('eta renders dnsZone exactly when the cluster is not gossip', async (t) => {
  for (const gossip of [true, false]) {
    const spec = clusterSpec(docs(renderEta(variant(fixtureOutputs(), { gossip_cluster: gossip, hosted_zone_id: 'Z0ABC' }))))
    t.equal('dnsZone' in spec, !gossip, `gossip ${gossip}`)
    if (!gossip) t.equal(spec.dnsZone, 'Z0ABC')
  }
})

// Where the Go template renders nonsense, the eta template deliberately does not copy it; each
// divergence is asserted here, with what Go printed (checked against real Go text/template).
t.test('documented divergences from the Go template, for values Go renders as nonsense', async (t) => {
  const labels = (values: Record<string, unknown>) => (docs(renderEta(variant(fixtureOutputs(), values)))[2] as { spec: { cloudLabels: unknown } }).spec.cloudLabels
  // Go prints JSON numbers as float64: "1.234567e+06", "1e-05".
  t.strictSame(labels({ node_cloud_labels: { big: 1234567, small: 0.00001 } }), { big: '1234567', small: '0.00001' })
  // Go prints "<no value>" for null.
  t.strictSame(labels({ node_cloud_labels: { team: null } }), { team: 'null' })
  // Go renders [["sg-1 sg-2"]]; a list of groups is what the setting means.
  const api = clusterSpec(docs(renderEta(variant(fixtureOutputs(), { cluster_api_elb_extra_security_group: ['sg-1', 'sg-2'] })))).api as { loadBalancer: { additionalSecurityGroups: unknown } }
  t.strictSame(api.loadBalancer.additionalSecurityGroups, ['sg-1', 'sg-2'])
  // Go writes egress: "<no value>"; eta stops at the template line that needs the missing NAT gateway.
  const noNat = renderTemplate({ template: ETA, templatePath: '2-kops/cluster-template.yml.eta', outputs: variant(fixtureOutputs(), { nat_gateway_ids: { 'ca-central-1b': 'nat-0e7fe4387fc5f2224' } }), settings: {} })
  t.match(noNat, { ok: false, failure: { reason: 'template-error', detail: 'Error: nat_gateway_ids has no entry for ca-central-1a' } })
  // Go ranges over a map's values; control-plane AZs are a list, and eta says so at the line.
  const mapAzs = renderTemplate({ template: ETA, templatePath: '2-kops/cluster-template.yml.eta', outputs: variant(fixtureOutputs(), { cluster_master_azs: { first: 'ca-central-1a' } }), settings: {} })
  t.match(mapAzs, { ok: false, failure: { reason: 'template-error', detail: /not iterable/ } })
})

t.test('a missing output fails the rendering, as kops toolbox template does (missingkey=error)', async (t) => {
  for (const name of ['vpc_id', 'gossip_cluster', 'karpenter_enabled']) {
    const outputs = fixtureOutputs()
    delete outputs[name]
    t.throws(() => renderGoTemplate(fixedTemplate(), outputs), /map has no entry for key/, `Go fails without ${name}`)
    const eta = renderTemplate({ template: ETA, templatePath: '2-kops/cluster-template.yml.eta', outputs, settings: {} })
    t.match(eta, { ok: false, failure: { reason: 'template-error', detail: `MissingValue: the template uses it.${name}, but the Terraform outputs define no "${name}"` } }, `eta fails without ${name}`)
  }
})

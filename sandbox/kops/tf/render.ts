// kubernetes.tf as `kops update cluster --target terraform` writes it: `locals`, one `output` per
// local, the default and `files` aws providers, the resources sorted by type then name, the data
// sources, and the `terraform` block; plus the data/ files the resources reference.
import { attr, block, cmp, expr, hlist, hmap, str, writeFile, type HclItem, type HclValue } from './hcl.ts'
import { buildModel, type TfInput, type TfResource } from './model.ts'
import { network } from './network.ts'
import { security } from './security.ts'
import { loadBalancers } from './lb.ts'
import { compute } from './compute.ts'
import { iam } from './iam.ts'
import { s3Objects } from './objects.ts'

/** The rendered configuration: kubernetes.tf text, data/ files (name → content), and the resources. */
export interface TfOutput {
  text: string
  files: Array<[string, string]>
  resources: TfResource[]
}

const byTypeThenName = (a: TfResource, b: TfResource): number => cmp(a.type, b.type) || cmp(a.name, b.name)

/** The aws provider constraint of a kOps version (>= 5.0.0 from 1.28; 4.0.0 in 1.26–1.27; 3.59.0 before). */
export function awsProviderConstraint(kopsVersion: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(kopsVersion)
  const minor = m ? Number(m[1]) * 100 + Number(m[2]) : 128
  return minor >= 128 ? '>= 5.0.0' : minor >= 126 ? '>= 4.0.0' : '>= 3.59.0'
}

function terraformBlock(kopsVersion: string): HclItem {
  const aws = hmap([
    ['configuration_aliases', hlist([expr('aws.files')])],
    ['source', str('hashicorp/aws')],
    ['version', str(awsProviderConstraint(kopsVersion))],
  ])
  return block('terraform', [], [attr('required_version', str('>= 0.15.0')), block('required_providers', [], [attr('aws', aws)])])
}

function providers(region: string): HclItem[] {
  return [block('provider', ['aws'], [attr('region', str(region))]), block('provider', ['aws'], [attr('alias', str('files')), attr('region', str(region))])]
}

/** Renders the cluster's Terraform configuration; same input, same bytes. */
export function renderTerraform(input: TfInput): TfOutput {
  const m = buildModel(input)
  const parts = [network(m), security(m), loadBalancers(m), compute(m), iam(m), s3Objects(m)]
  const resources = parts.flatMap((p) => p.resources).sort(byTypeThenName)
  const locals: Array<[string, HclValue]> = [['cluster_name', str(m.name)], ['region', str(m.region)], ...parts.flatMap((p) => p.locals ?? [])]
  locals.sort(([a], [b]) => cmp(a, b))
  const data = parts.flatMap((p) => p.data ?? []).sort(byTypeThenName)
  const blocks: HclItem[] = [
    block('locals', [], locals.map(([k, v]) => attr(k, v))),
    ...locals.map(([k, v]) => block('output', [k], [attr('value', v)])),
    ...providers(m.region),
    ...resources.map((r) => block('resource', [r.type, r.name], r.body)),
    ...data.map((d) => block('data', [d.type, d.name], d.body)),
    terraformBlock(input.version),
  ]
  const files = parts.flatMap((p) => p.files ?? []).sort(([a], [b]) => cmp(a, b))
  return { text: writeFile(blocks), files, resources }
}

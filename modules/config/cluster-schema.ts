// What cluster.yaml may hold (documented in README.md, "cluster.yaml"). Checked when a cluster is
// loaded; each problem is reported at its file:line:column.
import type { Schema } from './schema.ts'

const str = (doc: string, required = false): Schema => ({ type: 'string', doc, required })
const bool = (doc: string): Schema => ({ type: 'boolean', doc })
const int = (doc: string, required = false): Schema => ({ type: 'integer', doc, required })
const strings = (doc: string): Schema => ({ type: 'list', doc, items: { type: 'string', doc } })
const labels = (doc: string): Schema => ({ type: 'map', doc, values: { type: 'string', doc } })

const backend: Schema = {
  type: 'object',
  doc: 'the S3 backend of one Terraform layer',
  fields: {
    bucket: str('state bucket', true),
    key: str('state object key', true),
    region: str('bucket region'),
    dynamodb_table: str('lock table'),
    use_lockfile: bool('S3-native locking'),
    encrypt: bool('server-side encryption'),
    profile: str('AWS profile for the backend'),
  },
}

const instanceGroup: Schema = {
  type: 'object',
  doc: 'an extra worker instance group',
  fields: {
    name: str('instance group name', true),
    machineType: str('EC2 instance type', true),
    minSize: int('minimum size', true),
    maxSize: int('maximum size', true),
    image: str('AMI (default: kops_ami_id)'),
    subnets: strings('zones (default: availability_zones)'),
    labels: labels('node labels'),
    cloudLabels: labels('cloud tags'),
    taints: strings('taints like key=value:NoSchedule'),
    spot: bool('run on spot instances'),
    maxPrice: str('spot max price'),
    instances: strings('instance types for a mixed instances policy'),
    onDemandBase: int('on-demand base capacity'),
    onDemandAboveBase: int('on-demand percentage above base'),
    spotAllocationStrategy: str('spot allocation strategy'),
  },
}

export const CLUSTER_SCHEMA: Schema = {
  type: 'object',
  doc: 'cluster settings',
  fields: {
    description: str('what this cluster is'),
    profile: str('AWS profile (AWS_PROFILE)'),
    region: str('AWS region (AWS_REGION)'),
    account: str('AWS account ID, for people (not checked yet)'),
    name: str('full kOps cluster name (default: the prerequisites output cluster_name)'),
    sandbox: bool('run terraform and kops from the simulators'),
    protected: bool('refuse teardown without --allow-protected'),
    kopsVersion: str('exact kops version required'),
    terraformVersion: str('terraform version constraint, e.g. ">= 1.5, < 2.0"'),
    sshPublicKey: str('SSH public key file registered with kops'),
    env: labels('extra environment for every tool call of this cluster'),
    backends: {
      type: 'object',
      doc: 'Terraform backends of the two layers',
      fields: { prerequisites: backend, kops: backend },
    },
    prerequisites: { type: 'map', doc: 'variables of the 1-prerequisites layer', values: { type: 'any', doc: 'a variable value' } },
    template: {
      type: 'object',
      doc: 'opt-in extras of the cluster template',
      fields: {
        topology: { type: 'string', doc: 'private (default) or public', enum: ['private', 'public'] },
        bastion: {
          type: 'object',
          doc: 'a bastion instance group on the utility subnets',
          fields: { machineType: str('EC2 instance type'), minSize: int('minimum size'), maxSize: int('maximum size') },
        },
        instanceGroups: { type: 'list', doc: 'extra worker instance groups', items: instanceGroup },
      },
    },
  },
}

import t from 'tap'
import { blocked, destructive, type Destructive } from '../../modules/guard/destructive.ts'
import { DEFAULT_PROTECTED } from '../../modules/guard/protect.ts'
import type { ResourceChange } from '../../modules/tools/parse-terraform.ts'

const change = (address: string, actions: string[], more: Partial<ResourceChange> = {}): ResourceChange => ({
  address,
  type: address.replace(/^(module\.[^.]+\.)*(data\.)?/, '').split('.')[0],
  actions,
  ...more,
})

const etcd = change('module.kops.aws_ebs_volume.a-etcd-main-example-com', ['delete', 'create'], { reason: 'replace_because_cannot_update', replacePaths: [['availability_zone']] })
const PLAN: ResourceChange[] = [
  change('aws_security_group.nodes', ['create', 'delete'], { reason: 'replace_because_cannot_update', replacePaths: [['name']] }),
  change('aws_s3_bucket.irsa', ['delete'], { reason: 'delete_because_no_resource_config' }),
  change('aws_launch_template.nodes', ['update']),
  change('aws_iam_role.old', ['delete']),
  etcd,
  change('aws_route53_zone.cluster', ['create']),
  change('data.aws_s3_bucket.state', ['delete']),
  change('module.kops.data.aws_ebs_volume.v', ['delete']),
  change('aws_kms_key.forgotten', ['forget']),
  change('aws_kms_key.readopted', ['create', 'forget']),
  change('aws_dynamodb_table.locks', ['read']),
  change('aws_s3_bucket.state', ['no-op']),
]

const EXPECTED: Destructive[] = [
  { address: 'aws_s3_bucket.irsa', type: 'aws_s3_bucket', action: 'delete', actions: ['delete'], reason: 'delete_because_no_resource_config', protected: true, protectedBy: 'aws_s3_bucket.*' },
  {
    address: 'module.kops.aws_ebs_volume.a-etcd-main-example-com',
    type: 'aws_ebs_volume',
    action: 'replace',
    actions: ['delete', 'create'],
    reason: 'replace_because_cannot_update',
    replacePaths: [['availability_zone']],
    protected: true,
    protectedBy: 'aws_ebs_volume.*',
  },
  { address: 'aws_iam_role.old', type: 'aws_iam_role', action: 'delete', actions: ['delete'], protected: false },
  { address: 'aws_security_group.nodes', type: 'aws_security_group', action: 'replace', actions: ['create', 'delete'], reason: 'replace_because_cannot_update', replacePaths: [['name']], protected: false },
]

t.test('every managed delete or replace; protected first, then by address', async (t) => {
  t.same(destructive(PLAN, DEFAULT_PROTECTED), EXPECTED)
})

t.test('a plan summary is read through its resourceChanges', async (t) => {
  t.same(destructive({ resourceChanges: PLAN }, DEFAULT_PROTECTED), EXPECTED)
})

t.test('data source deletes, forget, read, update and no-op are not destructive', async (t) => {
  const harmless = PLAN.filter((c) => !c.actions.includes('delete') || c.address.includes('data.'))
  t.same(harmless.map((c) => c.address), ['aws_launch_template.nodes', 'aws_route53_zone.cluster', 'data.aws_s3_bucket.state', 'module.kops.data.aws_ebs_volume.v', 'aws_kms_key.forgotten', 'aws_kms_key.readopted', 'aws_dynamodb_table.locks', 'aws_s3_bucket.state'])
  t.same(destructive(harmless, ['*']), [])
})

t.test('protectedBy is the first matching glob of the protect list', async (t) => {
  const bucket = [change('aws_s3_bucket.state', ['delete'])]
  t.same(destructive(bucket, ['aws_s3_bucket.state', 'aws_s3_bucket.*']).map((d) => d.protectedBy), ['aws_s3_bucket.state'])
  t.same(destructive(bucket, ['aws_s3_bucket.*', 'aws_s3_bucket.state']).map((d) => d.protectedBy), ['aws_s3_bucket.*'])
  t.same(destructive(bucket, []), [{ address: 'aws_s3_bucket.state', type: 'aws_s3_bucket', action: 'delete', actions: ['delete'], protected: false }], 'nothing protected')
})

t.test('addresses sort by code unit, keys and modules included', async (t) => {
  const plan = ['aws_s3_bucket.b["b"]', 'module.z.aws_s3_bucket.a', 'aws_s3_bucket.B', 'aws_s3_bucket.b["a"]', 'aws_s3_bucket.b[10]', 'aws_s3_bucket.b[2]'].map((a) => change(a, ['delete']))
  t.same(destructive(plan, ['aws_s3_bucket.b*']).map((d) => `${d.protected ? 'P' : '-'} ${d.address}`), [
    'P aws_s3_bucket.b["a"]',
    'P aws_s3_bucket.b["b"]',
    'P aws_s3_bucket.b[10]',
    'P aws_s3_bucket.b[2]',
    '- aws_s3_bucket.B',
    '- module.z.aws_s3_bucket.a',
  ])
})

t.test('the result does not share arrays with the plan', async (t) => {
  const [d] = destructive([etcd], DEFAULT_PROTECTED)
  d.actions.push('x')
  d.replacePaths?.[0].push('y')
  t.same(etcd.actions, ['delete', 'create'])
  t.same(etcd.replacePaths, [['availability_zone']])
})

t.test('blocked: protected changes no --allow-replace glob matches', async (t) => {
  const found = destructive(PLAN, DEFAULT_PROTECTED)
  const addresses = (ds: Destructive[]): string[] => ds.map((d) => d.address)
  t.same(addresses(blocked(found, [])), ['aws_s3_bucket.irsa', 'module.kops.aws_ebs_volume.a-etcd-main-example-com'])
  t.same(addresses(blocked(found, ['aws_ebs_volume.a-etcd-*'])), ['aws_s3_bucket.irsa'], 'an allow glob matches without the module steps')
  t.same(addresses(blocked(found, ['module.kops.aws_ebs_volume.a-etcd-main-example-com', 'aws_s3_bucket.irsa'])), [], 'whole addresses')
  t.same(addresses(blocked(found, ['aws_iam_role.old', 'aws_s3_bucket.irs?'])), ['module.kops.aws_ebs_volume.a-etcd-main-example-com'])
  t.same(addresses(blocked(found, ['aws_s3_bucket.irsa-*'])), ['aws_s3_bucket.irsa', 'module.kops.aws_ebs_volume.a-etcd-main-example-com'], 'a glob that does not match lets nothing through')
  t.same(blocked(found, []), found.slice(0, 2), 'the refused entries as they were classified')
})

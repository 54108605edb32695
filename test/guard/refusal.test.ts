import t from 'tap'
import type { Destructive } from '../../modules/guard/destructive.ts'
import { allowReplaceHint, refusalText } from '../../modules/guard/refusal.ts'

const d = (address: string, more: Partial<Destructive> = {}): Destructive => ({
  address,
  type: address.split('.')[0],
  action: 'replace',
  actions: ['delete', 'create'],
  protected: true,
  protectedBy: `${address.split('.')[0]}.*`,
  ...more,
})

const etcd = d('aws_ebs_volume.a-etcd-main-example-com', { reason: 'replace_because_cannot_update', replacePaths: [['availability_zone']] })

t.test('one line per refused resource: address, action, and why when Terraform said', async (t) => {
  t.same(refusalText([etcd]), ['aws_ebs_volume.a-etcd-main-example-com: replace (replace_because_cannot_update: availability_zone)'])
  t.same(
    refusalText([
      d('aws_ebs_volume.v', { reason: 'replace_because_cannot_update', replacePaths: [['availability_zone'], ['tags', 'Name'], ['ebs_block_device', '0', 'size']] }),
      d('aws_s3_bucket.irsa', { action: 'delete', actions: ['delete'], reason: 'delete_because_no_resource_config' }),
      d('aws_kms_key.k', { reason: 'replace_because_tainted' }),
      d('aws_route53_zone.z', { replacePaths: [['name']] }),
      d('aws_db_instance.db', { action: 'delete', actions: ['delete'] }),
      d('aws_rds_cluster.c', { reason: 'replace_by_request', replacePaths: [] }),
    ]),
    [
      'aws_ebs_volume.v: replace (replace_because_cannot_update: availability_zone, tags.Name, ebs_block_device.0.size)',
      'aws_s3_bucket.irsa: delete (delete_because_no_resource_config)',
      'aws_kms_key.k: replace (replace_because_tainted)',
      'aws_route53_zone.z: replace (name)',
      'aws_db_instance.db: delete',
      'aws_rds_cluster.c: replace (replace_by_request)',
    ],
  )
  t.same(refusalText([]), [])
})

t.test('the hint: one --allow-replace per address, quoted for sh', async (t) => {
  t.equal(allowReplaceHint([etcd]), "run again with --allow-replace 'aws_ebs_volume.a-etcd-main-example-com' to let it through (repeatable; globs match addresses)")
  t.equal(
    allowReplaceHint([d('module.kops.aws_ebs_volume.v'), d('aws_s3_bucket.b["it\'s"]'), d('module.kops.aws_ebs_volume.v')]),
    "run again with --allow-replace 'module.kops.aws_ebs_volume.v' --allow-replace 'aws_s3_bucket.b[\"it'\\''s\"]' to let them through (repeatable; globs match addresses)",
  )
})

import t from 'tap'
import { DEFAULT_PROTECTED, PROTECTED_TYPES, protectList } from '../../modules/guard/protect.ts'

const DEFAULTS = [
  'aws_ebs_volume.*',
  'aws_s3_bucket.*',
  'aws_route53_zone.*',
  'aws_kms_key.*',
  'aws_dynamodb_table.*',
  'aws_efs_file_system.*',
  'aws_db_instance.*',
  'aws_rds_cluster.*',
  'aws_secretsmanager_secret.*',
]

t.test('the defaults: stateful types of both layers, each with why', async (t) => {
  t.same(DEFAULT_PROTECTED, DEFAULTS)
  t.same(PROTECTED_TYPES.map((p) => p.glob), DEFAULTS)
  t.same(PROTECTED_TYPES.filter((p) => p.why.trim() === '' || p.why.includes('\n')).map((p) => p.glob), [], 'one non-empty line each')
  t.equal(PROTECTED_TYPES[0].why, "etcd's data (kOps makes one volume per etcd member); a new volume starts empty")
})

t.test('no protect: entries: the defaults', async (t) => {
  t.same(protectList(DEFAULT_PROTECTED, []), { ok: true, value: DEFAULTS })
})

t.test('entries add globs after the defaults, once each', async (t) => {
  t.same(protectList(['aws_ebs_volume.*', 'aws_s3_bucket.*'], ['aws_iam_role.irsa-*', 'aws_s3_bucket.*', 'aws_iam_role.irsa-*']), {
    ok: true,
    value: ['aws_ebs_volume.*', 'aws_s3_bucket.*', 'aws_iam_role.irsa-*'],
  })
})

t.test('!GLOB removes the default written exactly the same, and only that one', async (t) => {
  t.same(protectList(DEFAULT_PROTECTED, ['!aws_kms_key.*', 'aws_kms_key.state']), {
    ok: true,
    value: DEFAULTS.filter((g) => g !== 'aws_kms_key.*').concat('aws_kms_key.state'),
  })
  t.same(protectList(['aws_s3_bucket.*', 'aws_s3_bucket.state'], ['!aws_s3_bucket.*']), { ok: true, value: ['aws_s3_bucket.state'] }, 'a narrower default stays')
})

t.test('!GLOB naming no default is an error listing the defaults', async (t) => {
  t.same(protectList(['aws_ebs_volume.*', 'aws_s3_bucket.*'], ['!aws_s3_bucket.state']), {
    ok: false,
    error: 'protect: "!aws_s3_bucket.state" names no default protected glob; the defaults are aws_ebs_volume.*, aws_s3_bucket.* (a "!" entry must repeat a default exactly)',
  })
  t.same(protectList(['aws_ebs_volume.*'], ['!aws_kms_key.*', 'aws_x.y', '!aws_ebs_volume']), {
    ok: false,
    error: 'protect: "!aws_kms_key.*", "!aws_ebs_volume" name no default protected globs; the defaults are aws_ebs_volume.* (a "!" entry must repeat a default exactly)',
  })
  t.same(protectList([], ['!aws_ebs_volume.*']), {
    ok: false,
    error: 'protect: "!aws_ebs_volume.*" names no default protected glob; there are no default protected globs (a "!" entry must repeat a default exactly)',
  })
  t.same(protectList(['aws_ebs_volume.*'], ['aws_ebs_volume.*', '!aws_ebs_volume.x']).ok, false, 'an added glob cannot be removed with !')
})

t.test('an empty entry is an error', async (t) => {
  t.same(protectList(DEFAULT_PROTECTED, ['aws_x.*', '', '!']), {
    ok: false,
    error: 'protect: an entry is empty ("", "!"); write a glob such as "aws_ebs_volume.*", or "!GLOB" to stop protecting a default',
  })
})

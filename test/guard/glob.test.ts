import t from 'tap'
import { firstMatch, globMatches, withoutModules } from '../../modules/guard/glob.ts'

t.test('withoutModules drops every leading module step, keyed or not', async (t) => {
  t.equal(withoutModules('aws_ebs_volume.a'), 'aws_ebs_volume.a')
  t.equal(withoutModules('module.kops.aws_ebs_volume.a-etcd-main-x'), 'aws_ebs_volume.a-etcd-main-x')
  t.equal(withoutModules('module.net[0].module.zone["example.com"].aws_route53_zone.z'), 'aws_route53_zone.z')
  t.equal(withoutModules('module.m["a].b\\"c"].aws_s3_bucket.b["x"]'), 'aws_s3_bucket.b["x"]', 'a key holding a bracket, a dot and an escaped quote')
  t.equal(withoutModules('module.kops.data.aws_ami.ubuntu'), 'data.aws_ami.ubuntu')
  t.equal(withoutModules('aws_s3_bucket.module'), 'aws_s3_bucket.module', 'only leading steps')
})

t.test('* is any run of characters, dots and brackets included; ? is one character', async (t) => {
  t.equal(globMatches('aws_ebs_volume.*', 'aws_ebs_volume.a-etcd-main-example-com'), true)
  t.equal(globMatches('aws_s3_bucket.*', 'aws_s3_bucket.b["x"]'), true)
  t.equal(globMatches('aws_s3_bucket.*', 'aws_s3_bucket.b[0]'), true)
  t.equal(globMatches('*', 'module.a.aws_s3_bucket.b'), true)
  t.equal(globMatches('aws_s3_bucket.b[?]', 'aws_s3_bucket.b[0]'), true)
  t.equal(globMatches('aws_s3_bucket.b[?]', 'aws_s3_bucket.b[10]'), false)
  t.equal(globMatches('aws_ebs_volume.*', 'aws_ebs_volume_attachment.a'), false, 'the dot is literal')
  t.equal(globMatches('aws_ebs_volume.*', 'xaws_ebs_volume.a'), false, 'anchored at the start')
  t.equal(globMatches('aws_ebs_volume.a', 'aws_ebs_volume.ab'), false, 'anchored at the end')
})

t.test('brackets, quotes and regex characters in a glob are literal', async (t) => {
  t.equal(globMatches('aws_s3_bucket.b["x"]', 'aws_s3_bucket.b["x"]'), true)
  t.equal(globMatches('aws_s3_bucket.b["x"]', 'aws_s3_bucket.b["y"]'), false)
  t.equal(globMatches('aws_s3_bucket.b[0]', 'aws_s3_bucket.b0'), false, 'not a character class')
  t.equal(globMatches('a.b["x+(y)$"]', 'a.b["x+(y)$"]'), true)
  t.equal(globMatches('a.b["x+"]', 'a.b["xx"]'), false)
})

t.test('a glob matches the whole address or the address without its modules', async (t) => {
  t.equal(globMatches('aws_ebs_volume.*', 'module.kops.aws_ebs_volume.a-etcd-main-x'), true)
  t.equal(globMatches('aws_ebs_volume.*', 'module.a[0].module.b["k"].aws_ebs_volume.v'), true)
  t.equal(globMatches('module.kops.aws_ebs_volume.*', 'module.kops.aws_ebs_volume.v'), true)
  t.equal(globMatches('module.other.aws_ebs_volume.*', 'module.kops.aws_ebs_volume.v'), false)
  t.equal(globMatches('module.b.aws_ebs_volume.*', 'module.a.module.b.aws_ebs_volume.v'), false, 'no partial module stripping')
})

t.test('firstMatch names the first glob in list order', async (t) => {
  t.equal(firstMatch(['aws_s3_bucket.state', 'aws_s3_bucket.*'], 'aws_s3_bucket.state'), 'aws_s3_bucket.state')
  t.equal(firstMatch(['aws_s3_bucket.*', 'aws_s3_bucket.state'], 'aws_s3_bucket.state'), 'aws_s3_bucket.*')
  t.equal(firstMatch(['aws_s3_bucket.*'], 'aws_iam_role.r'), undefined)
  t.equal(firstMatch([], 'aws_iam_role.r'), undefined)
})

import t from 'tap'
import { backendChanges, backendConfig, backendRefusal, backendStatePath, backendSwitch, hclValue } from '../../modules/workflow/mod.ts'
import type { ClusterInfo, StageContext } from '../../modules/graph/mod.ts'
import { resultOf } from '../helpers/stage-result.ts'

// What real Terraform 1.11.4 wrote to .terraform/terraform.tfstate after an init against an
// S3-compatible store (trimmed to the settings that matter; every unset one is null there).
const stored = (config: Record<string, unknown>): string =>
  JSON.stringify({ version: 3, terraform_version: '1.11.4', backend: { type: 's3', config: { access_key: null, endpoints: { dynamodb: null, iam: null, s3: null, sso: null, sts: null }, use_lockfile: null, ...config }, hash: 1410938009 } })

const cluster = (backends: Record<string, unknown>): ClusterInfo => ({ name: 'prod', dir: 'clusters/prod', settings: { backends }, toolPath: '', bins: {} })
const ctxOf = (c: ClusterInfo, params: Record<string, unknown> = {}): StageContext<unknown> => ({ cluster: c, needs: {}, params, root: '/r', stateDir: '/r/.tasks', workDir: '/r/.tasks/work/prod' })

t.test('backend settings become -backend-config pairs; maps and lists as HCL expressions', async (t) => {
  const c = cluster({ kops: { bucket: 'b', key: 'k', use_path_style: true, max_retries: 3, endpoints: { s3: 'http://127.0.0.1:4569' }, allowed_account_ids: ['111', '222'], assume_role: { role_arn: 'arn:aws:iam::1:role/x', tags: { team: 'a' } } } })
  t.same(resultOf(backendConfig(ctxOf(c), '2-kops')), {
    bucket: 'b', key: 'k', use_path_style: 'true', max_retries: '3',
    endpoints: '{s3="http://127.0.0.1:4569"}',
    allowed_account_ids: '["111", "222"]',
    assume_role: '{role_arn="arn:aws:iam::1:role/x", tags={team="a"}}',
  })
  t.equal(hclValue('a "quoted" \\ value'), '"a \\"quoted\\" \\\\ value"')
  t.throws(() => resultOf(backendConfig(ctxOf(cluster({})), '1-prerequisites')), { message: 'clusters/prod/cluster.yaml has no backends.prerequisites: add the bucket, key and region of the 1-prerequisites state (see README.md, "cluster.yaml")' })
})

t.test('a backend is compared setting by setting with what terraform stored; unset settings are no change', async (t) => {
  const wanted = { bucket: 'state', key: 'prod/2-kops.tfstate', region: 'eu-west-1', encrypt: true, endpoints: { s3: 'http://127.0.0.1:1' } }
  const same = stored({ bucket: 'state', key: 'prod/2-kops.tfstate', region: 'eu-west-1', encrypt: true, endpoints: { s3: 'http://127.0.0.1:1', sts: null } })
  t.same(backendChanges(same, wanted), [], 'the same settings, nulls and all')
  t.same(backendChanges(undefined, wanted), [], 'never initialised: nothing to compare')
  t.same(backendChanges('not json', wanted), [], 'an unreadable file is terraform\'s to report')
  const typo = stored({ bucket: 'state', key: 'prod/2-kops.tfstat', region: 'eu-west-1', use_lockfile: true })
  t.same(backendChanges(typo, wanted), [
    { setting: 'encrypt', from: undefined, to: 'true' },
    { setting: 'endpoints.s3', from: undefined, to: 'http://127.0.0.1:1' },
    { setting: 'key', from: 'prod/2-kops.tfstat', to: 'prod/2-kops.tfstate' },
    { setting: 'use_lockfile', from: 'true', to: undefined },
  ])
  t.same(backendChanges(JSON.stringify({ version: 3, backend: { type: 'local', config: {} } }), wanted), [{ setting: 'type', from: 'local', to: 's3' }])
})

t.test('a changed backend refuses the run, naming each setting old → new and the ways through', async (t) => {
  const c = cluster({ kops: { bucket: 'state', key: 'prod/typo.tfstate' } })
  const files = { [backendStatePath('2-kops')]: stored({ bucket: 'state', key: 'prod/2-kops.tfstate' }) }
  t.same(backendRefusal('2-kops')({ cluster: c, params: {}, files }), {
    reason: 'the 2-kops backend of cluster "prod" changed since its last init (key prod/2-kops.tfstate → prod/typo.tfstate): terraform would read another state',
    hint: 'if you moved the state there, run `tasks init --cluster prod --migrate-state`; to use the new location as it is, `tasks init --cluster prod --reconfigure` (both ask first); otherwise fix backends.kops in cluster.yaml',
  })
  t.equal(backendRefusal('2-kops')({ cluster: c, params: {} }), undefined, 'before planning read the file, nothing is known')
  t.equal(backendRefusal('2-kops')({ cluster: c, params: { migrateState: true }, files }), undefined, '--migrate-state is the way through')
  t.equal(backendRefusal('2-kops')({ cluster: c, params: { reconfigure: true }, files }), undefined, '--reconfigure too')
  t.equal(backendRefusal('1-prerequisites')({ cluster: c, params: {}, files }), undefined, 'the other layer is not this one')
  t.same([backendSwitch({}), backendSwitch({ reconfigure: true }), backendSwitch({ migrateState: true, reconfigure: true })], ['none', 'reconfigure', 'migrate-state'])
})

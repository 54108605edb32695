// The account guard's logic with a scripted identity reader: whose credentials a cluster has,
// one read per (profile, region), sandboxed clusters answered by the simulator, the failures.
import t from 'tap'
import { accountGuard, callerOf, readIdentities, sandboxIdentityReader, unguarded, type Caller, type IdentityAnswer } from '../../modules/aws/mod.ts'
import { exitCodeOf, formatFailure } from '../../modules/diag/mod.ts'
import type { ClusterInfo } from '../../modules/graph/mod.ts'
import { sandboxCallerIdentity } from '../../sandbox/aws/identity.ts'

const cluster = (name: string, settings: Record<string, unknown>): ClusterInfo => ({ name, dir: `clusters/${name}`, settings, toolPath: '', bins: {} })

/** A reader answering from a table of profiles, recording what it was asked. */
function scripted(answers: Record<string, IdentityAnswer>) {
  const asked: Caller[] = []
  const read = async (who: Caller): Promise<IdentityAnswer> => {
    asked.push(who)
    return answers[who.profile ?? '(none)'] ?? { ok: false, problem: 'no-credentials', message: 'unknown profile' }
  }
  return { asked, read }
}

const account = (id: string, user = 'ci'): IdentityAnswer => ({ ok: true, account: id, arn: `arn:aws:iam::${id}:user/${user}`, userId: 'AIDAEXAMPLE' })

t.test("a cluster's caller: cluster.yaml profile and region over the environment, cluster env over the invocation's", async (t) => {
  const env = { PATH: '/bin', AWS_PROFILE: 'shell', AWS_REGION: 'us-west-2', AWS_CONFIG_FILE: '/a/config', UNSET: undefined }
  t.same(callerOf(cluster('prod', { profile: 'acme-prod', region: 'eu-west-1', env: { AWS_CONFIG_FILE: '/b/config' } }), env), {
    profile: 'acme-prod',
    region: 'eu-west-1',
    env: { PATH: '/bin', AWS_PROFILE: 'acme-prod', AWS_REGION: 'eu-west-1', AWS_CONFIG_FILE: '/b/config' },
  })
  t.same(callerOf(cluster('dev', {}), env), { profile: 'shell', region: 'us-west-2', env: { PATH: '/bin', AWS_PROFILE: 'shell', AWS_REGION: 'us-west-2', AWS_CONFIG_FILE: '/a/config' } })
  t.same(callerOf(cluster('bare', {}), { AWS_DEFAULT_REGION: 'ap-south-1' }), { profile: undefined, region: 'ap-south-1', env: { AWS_DEFAULT_REGION: 'ap-south-1', AWS_REGION: 'ap-south-1' } })
})

t.test('one read per (profile, region): clusters sharing credentials share the answer', async (t) => {
  const reader = scripted({ 'acme-prod': account('222222222222'), 'acme-dev': account('111111111111') })
  const clusters = [
    cluster('prod', { profile: 'acme-prod', region: 'eu-west-1', account: '222222222222' }),
    cluster('prod-b', { profile: 'acme-prod', region: 'eu-west-1', account: '222222222222' }),
    cluster('prod-us', { profile: 'acme-prod', region: 'us-east-1', account: '222222222222' }),
    cluster('dev', { profile: 'acme-dev', region: 'eu-west-1', account: '111111111111' }),
  ]
  t.same(await accountGuard(clusters, { sandbox: false, env: {}, read: reader.read }), [])
  t.same(reader.asked.map((w) => `${w.profile}@${w.region}`), ['acme-prod@eu-west-1', 'acme-prod@us-east-1', 'acme-dev@eu-west-1'])
})

t.test('only clusters that set account are checked; the others are never read', async (t) => {
  const reader = scripted({ 'acme-prod': account('222222222222') })
  t.same(await accountGuard([cluster('dev', { profile: 'acme-dev' })], { sandbox: false, env: {}, read: reader.read }), [])
  t.same(reader.asked, [])
})

t.test('another account: refused (exit 3), naming the cluster, both accounts and the profile', async (t) => {
  const reader = scripted({ 'acme-prod': account('111111111111') })
  const failures = await accountGuard([cluster('prod', { profile: 'acme-prod', account: '222222222222' })], { sandbox: false, env: {}, read: reader.read })
  t.same(failures, [{ reason: 'wrong-account', cluster: 'prod', file: 'clusters/prod/cluster.yaml', expected: '222222222222', actual: '111111111111', profile: 'acme-prod', sandbox: false }])
  t.equal(exitCodeOf(failures[0]), 3)
  t.equal(
    formatFailure(failures[0]),
    'tasks: refused: cluster "prod" is AWS account 222222222222 (cluster.yaml account), but profile "acme-prod" is signed in to 111111111111; nothing ran.\n' +
      'hint: check AWS_PROFILE and the credentials of profile "acme-prod", or fix `account:` in clusters/prod/cluster.yaml if 111111111111 is the right account.',
  )
})

t.test('unreadable credentials: one failure for the clusters sharing them (exit 2)', async (t) => {
  const reader = scripted({ 'acme-prod': { ok: false, problem: 'no-credentials', message: 'the profile is not defined in /h/.aws/config or /h/.aws/credentials' }, '(none)': { ok: false, problem: 'unreachable', message: 'cannot reach https://sts.us-east-1.amazonaws.com: getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com' } })
  const clusters = [cluster('a', { profile: 'acme-prod', account: '222222222222' }), cluster('b', { profile: 'acme-prod', account: '222222222222' }), cluster('c', { account: '333333333333' })]
  const failures = await accountGuard(clusters, { sandbox: false, env: {}, read: reader.read })
  t.same(failures.map(exitCodeOf), [2, 2])
  t.same(failures.map((f) => formatFailure(f)), [
    'tasks: no AWS credentials for profile "acme-prod" (clusters "a", "b"): the profile is not defined in /h/.aws/config or /h/.aws/credentials; nothing ran.\n' +
      'hint: sign in with it (aws sso login --profile acme-prod, or aws configure --profile acme-prod), or point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that define it.',
    'tasks: cannot check the AWS account of cluster "c": cannot reach https://sts.us-east-1.amazonaws.com: getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com; nothing ran.\n' +
      'hint: check the network (or proxy) and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, then run again.',
  ])
})

t.test('sandboxed clusters answer from the simulator, never the reader: TASKS_SANDBOX_ACCOUNT, default 000000000000', async (t) => {
  t.same(sandboxCallerIdentity({}), { account: '000000000000', arn: 'arn:aws:iam::000000000000:user/sandbox', userId: 'AIDASANDBOX0000000000' })
  t.same(await sandboxIdentityReader({ env: { TASKS_SANDBOX_ACCOUNT: '222222222222' } }), { ok: true, account: '222222222222', arn: 'arn:aws:iam::222222222222:user/sandbox', userId: 'AIDASANDBOX2222222222' })
  const reader = scripted({})
  const demo = cluster('demo', { sandbox: true, profile: 'demo', account: '000000000000' })
  const prod = cluster('prod', { profile: 'acme-prod', account: '222222222222' })
  t.same(await accountGuard([demo], { sandbox: false, env: {}, read: reader.read }), [])
  const failures = await accountGuard([prod], { sandbox: true, env: {}, read: reader.read })
  t.same(reader.asked, [], 'no read: --sandbox puts every cluster on the simulator')
  t.equal(
    formatFailure(failures[0]),
    'tasks: refused: cluster "prod" is AWS account 222222222222 (cluster.yaml account), but the sandbox (TASKS_SANDBOX_ACCOUNT) is signed in to 000000000000; nothing ran.\n' +
      'hint: set TASKS_SANDBOX_ACCOUNT=222222222222 to try this cluster on the sandbox, or fix `account:` in clusters/prod/cluster.yaml.',
  )
  const found = await readIdentities([cluster('prod', { profile: 'acme-prod', account: '222222222222', env: { TASKS_SANDBOX_ACCOUNT: '222222222222' } })], { sandbox: true, env: {}, read: reader.read })
  t.same(found[0].answer, { ok: true, account: '222222222222', arn: 'arn:aws:iam::222222222222:user/sandbox', userId: 'AIDASANDBOX2222222222' }, "the cluster's env sets the sandbox account")
})

t.test('unguarded: real AWS and no account', async (t) => {
  t.equal(unguarded({ settings: { profile: 'x' } }), true)
  t.equal(unguarded({ settings: { profile: 'x', account: '111111111111' } }), false)
  t.equal(unguarded({ settings: { sandbox: true } }), false)
  t.equal(unguarded({ settings: {} }, true), false, '--sandbox')
})

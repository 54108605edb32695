// The account guard in a run: the CLI in-process, the real AWS SDK, a GetCallerIdentity stub on
// loopback. A cluster in its account runs; another account is refused (exit 3) before any lock or
// stage; missing credentials are exit 2; sandboxed clusters and runs without remote calls send nothing.
import t from 'tap'
import { chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { GRAPH_API, makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { awsFiles, deadEndpoint, startStsStub } from '../helpers/sts-stub.ts'

const CLUSTERS: Record<string, string> = {
  prod: 'profile: acme-prod\nregion: eu-west-1\naccount: "222222222222"\n',
  'prod-b': 'profile: acme-prod\nregion: eu-west-1\naccount: "222222222222"\n',
  wrong: 'profile: acme-dev\nregion: eu-west-1\naccount: "222222222222"\n',
  staging: 'profile: acme-staging\nregion: eu-west-1\naccount: "333333333333"\n',
  loose: 'profile: acme-dev\nregion: eu-west-1\n',
  demo: 'sandbox: true\nprofile: demo\nregion: us-east-1\naccount: "000000000000"\n',
}

function project(extra: Record<string, string> = {}) {
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('update', { kind: 'write', tools: ['kops'], commands: (ctx) => [{ tool: 'kops', args: ['update', ctx.cluster.name], cwd: ctx.root, env: {} }] })",
      "  .stage('note', { kind: 'pure', run: () => ({}) })",
      "  .target('cluster-update', { description: 'Update', stages: ['update'] })",
      "  .target('note', { description: 'No tool', stages: ['note'] })",
      '',
    ].join('\n'),
    'bin/kops': '#!/bin/sh\n',
    ...Object.fromEntries(Object.entries(CLUSTERS).map(([name, yaml]) => [`clusters/${name}/cluster.yaml`, yaml])),
    ...extra,
  })
  chmodSync(join(root, 'bin/kops'), 0o755)
  return root
}

/** The stub (prod's key in 222222222222, dev's in 111111111111) and the files naming those keys. */
async function aws(t: { teardown(fn: () => unknown): void }) {
  const stub = await startStsStub({ AKIAPROD0000000000001: { account: '222222222222', arn: 'arn:aws:iam::222222222222:user/ci' }, AKIADEV00000000000001: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/dev' } })
  t.teardown(stub.close)
  const files = awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001' }, 'acme-dev': { key: 'AKIADEV00000000000001' } })
  return { stub, files, env: { ...files.env, AWS_ENDPOINT_URL_STS: stub.url } }
}

const kopsVersion = () => scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'version' ? '1.28.4\n' : '', stderr: '' }))

t.test('clusters in their account run; two clusters sharing a profile cost one STS call', async (t) => {
  const { stub, env } = await aws(t)
  const root = project()
  const tools = kopsVersion()
  const r = await runCli(root, ['cluster-update', '--cluster', 'prod,prod-b'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.equal(r.code, 0, r.stderr)
  // The clusters run side by side: their updates may come in either order.
  t.same(tools.calls[0].args, ['version', '--short'], 'the version first')
  t.same(tools.calls.slice(1).map((c) => [c.tool, ...c.args]).sort(), [['kops', 'update', 'prod'], ['kops', 'update', 'prod-b']])
  t.same(stub.requests, [{ method: 'POST', path: '/', form: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, accessKeyId: 'AKIAPROD0000000000001' }])
})

t.test('another account: exit 3 before anything runs, no lock taken, the exact message', async (t) => {
  const { stub, env } = await aws(t)
  const root = project()
  const tools = kopsVersion()
  const r = await runCli(root, ['cluster-update', '--cluster', 'wrong'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.same(r, {
    code: 3,
    stdout: '',
    stderr:
      'tasks: refused: cluster "wrong" is AWS account 222222222222 (cluster.yaml account), but profile "acme-dev" is signed in to 111111111111; nothing ran.\n' +
      'hint: check AWS_PROFILE and the credentials of profile "acme-dev", or fix `account:` in clusters/wrong/cluster.yaml if 111111111111 is the right account.\n',
  })
  t.same(tools.calls.map((c) => c.args), [['version', '--short']], 'only the version was asked: no stage started')
  t.equal(existsSync(join(root, '.tasks/locks')), false, 'no lock was taken')
  t.equal(stub.requests.length, 1)
  const json = await runCli(root, ['cluster-update', '--cluster', 'wrong,prod', '--json'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.equal(json.code, 3)
  const doc = JSON.parse(json.stdout)
  t.same(doc.clusters.map((c: { name: string; status: string }) => [c.name, c.status]), [['wrong', 'not-run'], ['prod', 'not-run']])
  t.same(doc.problems.map((p: { reason: string }) => p.reason), ['wrong-account'])
  t.same(tools.calls.map((c) => c.args), [['version', '--short']], 'prod did not run either')
})

t.test('no credentials for the profile: exit 2, one message naming it, nothing sent', async (t) => {
  const { stub, files, env } = await aws(t)
  const root = project()
  const tools = kopsVersion()
  const r = await runCli(root, ['cluster-update', '--cluster', 'staging'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.same(r, {
    code: 2,
    stdout: '',
    stderr:
      `tasks: no AWS credentials for profile "acme-staging" (cluster "staging"): the profile is not defined in ${files.config} or ${files.credentials}; nothing ran.\n` +
      'hint: sign in with it (aws sso login --profile acme-staging, or aws configure --profile acme-staging), or point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that define it.\n',
  })
  t.same(stub.requests, [])
})

t.test('credentials STS rejects are no credentials (exit 2); a dead endpoint is a clear exit 2 too', async (t) => {
  const { stub } = await aws(t)
  const root = project()
  const tools = kopsVersion()
  const rejected = awsFiles({ 'acme-prod': { key: 'AKIAREVOKED0000000001' } })
  const r = await runCli(root, ['cluster-update', '--cluster', 'prod'], { env: { PATH: join(root, 'bin'), ...rejected.env, AWS_ENDPOINT_URL_STS: stub.url }, ports: { tools } })
  t.equal(r.code, 2)
  t.equal(r.stderr, 'tasks: no AWS credentials for profile "acme-prod" (cluster "prod"): STS does not accept them (InvalidClientTokenId: The security token included in the request is invalid); nothing ran.\nhint: sign in with it (aws sso login --profile acme-prod, or aws configure --profile acme-prod), or point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that define it.\n')
  const dead = await deadEndpoint()
  const good = awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001' } })
  const down = await runCli(root, ['cluster-update', '--cluster', 'prod'], { env: { PATH: join(root, 'bin'), ...good.env, AWS_ENDPOINT_URL_STS: dead }, ports: { tools } })
  t.equal(down.code, 2)
  t.equal(down.stderr, `tasks: cannot check the AWS account of cluster "prod" (profile "acme-prod"): cannot reach ${dead}: connect ECONNREFUSED 127.0.0.1:${new URL(dead).port}; nothing ran.\nhint: check the network (or proxy) and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, then run again.\n`)
  t.same(tools.calls.map((c) => c.args), [['version', '--short']])
})

t.test("the cluster's own env (cluster.yaml env:) points the SDK at its files and endpoint", async (t) => {
  const { stub, files } = await aws(t)
  const env = `env:\n  AWS_CONFIG_FILE: ${files.config}\n  AWS_SHARED_CREDENTIALS_FILE: ${files.credentials}\n  AWS_ENDPOINT_URL_STS: ${stub.url}\n`
  const root = project({ 'clusters/own/cluster.yaml': `profile: acme-dev\naccount: "111111111111"\n${env}` })
  const tools = kopsVersion()
  const r = await runCli(root, ['cluster-update', '--cluster', 'own'], { env: { PATH: join(root, 'bin') }, ports: { tools } })
  t.equal(r.code, 0, r.stderr)
  t.same(stub.requests.map((q) => q.accessKeyId), ['AKIADEV00000000000001'])
})

t.test('sandboxed clusters answer from the simulator: no request reaches the network', async (t) => {
  const { stub, env } = await aws(t)
  const root = project()
  const tools = kopsVersion()
  const demo = await runCli(root, ['cluster-update', '--cluster', 'demo'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.equal(demo.code, 0, demo.stderr)
  const sandboxed = await runCli(root, ['cluster-update', '--cluster', 'prod', '--sandbox'], { env: { PATH: join(root, 'bin'), ...env }, ports: { tools } })
  t.equal(sandboxed.code, 3)
  t.equal(sandboxed.stderr, 'tasks: refused: cluster "prod" is AWS account 222222222222 (cluster.yaml account), but the sandbox (TASKS_SANDBOX_ACCOUNT) is signed in to 000000000000; nothing ran.\nhint: set TASKS_SANDBOX_ACCOUNT=222222222222 to try this cluster on the sandbox, or fix `account:` in clusters/prod/cluster.yaml.\n')
  const chosen = await runCli(root, ['cluster-update', '--cluster', 'prod', '--sandbox'], { env: { PATH: join(root, 'bin'), ...env, TASKS_SANDBOX_ACCOUNT: '222222222222' }, ports: { tools } })
  t.equal(chosen.code, 0, chosen.stderr)
  t.same(stub.requests, [], 'the stub saw nothing')
})

t.test('no check where no remote call can follow: --dry-run, --offline, stages without tools, clusters without account', async (t) => {
  const dead = await deadEndpoint()
  const root = project()
  const tools = kopsVersion()
  // A dead endpoint: any check would fail the run.
  const env = { PATH: join(root, 'bin'), ...awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001' } }).env, AWS_ENDPOINT_URL_STS: dead }
  for (const argv of [['cluster-update', '--dry-run'], ['cluster-update', '--offline'], ['note']]) {
    const r = await runCli(root, [...argv, '--cluster', 'prod'], { env, ports: { tools } })
    t.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`)
  }
  const loose = await runCli(root, ['cluster-update', '--cluster', 'loose'], { env, ports: { tools } })
  t.equal(loose.code, 0, loose.stderr)
})

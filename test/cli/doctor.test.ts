// tasks doctor, and the tool check every run makes before it starts anything.
import t from 'tap'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import type { IdentityReader } from '../../modules/aws/mod.ts'
import { GRAPH_API, makeProject, runCli, scriptedTools } from '../helpers/project.ts'
import { awsFiles, startStsStub } from '../helpers/sts-stub.ts'

function project(kopsVersion: string) {
  const root = makeProject({
    'tasks.ts': [
      `import { graph } from '${GRAPH_API}'`,
      'export default graph()',
      "  .stage('update', { kind: 'write', tools: ['kops'], commands: (ctx) => [{ tool: 'kops', args: ['update'], cwd: ctx.root, env: {} }] })",
      "  .target('cluster-update', { description: 'Update', stages: ['update'] })",
      '',
    ].join('\n'),
    'bin/kops': '#!/bin/sh\n',
    'bin/terraform': '#!/bin/sh\n',
    'clusters/prod/cluster.yaml': `kopsVersion: "${kopsVersion}"\nterraformVersion: ">= 1.5, < 2.0"\n`,
    'clusters/stage/cluster.yaml': 'region: eu-west-1\n',
  })
  chmodSync(join(root, 'bin/kops'), 0o755)
  return root
}

/** Credentials signed in to 111111111111, whatever the profile (no network). */
const identity: IdentityReader = async () => ({ ok: true, account: '111111111111', arn: 'arn:aws:iam::111111111111:user/dev', userId: 'AIDAEXAMPLE00000000001' })

/** Tools that answer version questions as kops 1.28.4 and terraform 1.9.8 do. */
const versions = () => scriptedTools((cmd) => ({
  exitCode: 0,
  stdout: cmd.tool.endsWith('kops') ? '1.28.4\n' : cmd.tool.endsWith('terraform') ? 'Terraform v1.9.8\non linux_amd64\n' : '',
  stderr: '',
}))

t.test('doctor: every cluster, every tool, its version and requirement', async (t) => {
  const root = project('1.28.4')
  const r = await runCli(root, ['doctor'], { env: { PATH: join(root, 'bin') }, ports: { tools: versions(), identity } })
  t.equal(r.code, 0)
  const bin = join(root, 'bin')
  t.equal(r.stdout, [
    `CLUSTER  TOOL       VERSION  REQUIRES       ${'PATH'.padEnd(bin.length + 10)}  RESULT`,
    `prod     terraform  1.9.8    >= 1.5, < 2.0  ${bin}/terraform  ok`,
    `prod     kops       1.28.4   1.28.4         ${bin}/kops       ok`,
    `stage    terraform  1.9.8    any            ${bin}/terraform  ok`,
    `stage    kops       1.28.4   any            ${bin}/kops       ok`,
    '',
    'CLUSTER  PROFILE  ACCOUNT       ARN                                 IDENTITY',
    'prod     -        111111111111  arn:aws:iam::111111111111:user/dev  not checked: cluster.yaml sets no account',
    'stage    -        111111111111  arn:aws:iam::111111111111:user/dev  not checked: cluster.yaml sets no account',
    '',
    'warning: cluster "prod" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on.',
    'hint: add `account: "111111111111"` (the account its credentials sign in to now) to clusters/prod/cluster.yaml, if that is the right one.',
    'warning: cluster "stage" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on.',
    'hint: add `account: "111111111111"` (the account its credentials sign in to now) to clusters/stage/cluster.yaml, if that is the right one.',
    '',
    'All tools found, all requirements met.',
    '',
  ].join('\n'))
})

t.test('doctor reports a wrong version and a missing tool, with an install hint; exit 2', async (t) => {
  const root = project('1.29.0')
  const r = await runCli(root, ['doctor', '--cluster', 'prod'], { env: { PATH: join(root, 'bin') }, ports: { tools: versions(), identity } })
  t.equal(r.code, 2)
  t.match(r.stdout, /\nprod {5}kops {7}1\.28\.4 {3}1\.29\.0 {9}\S+\/bin\/kops {7}FAIL: 1\.28\.4 is not the pinned 1\.29\.0\n\nCLUSTER /)
  t.match(r.stdout, /\n\n1 problem found\.\n$/)
  t.equal(r.stderr, 'Cluster "prod" cannot use kops: 1.28.4 is not the pinned 1.29.0 (kopsVersion in its cluster.yaml).\nhint: install kops 1.29.0 (https://github.com/kubernetes/kops/releases) and put it on PATH, or set "kops: /path/to/kops" in .tasksrc.yaml; to try things without AWS, add --sandbox\n')
  const none = await runCli(root, ['doctor', '--cluster', 'stage'], { env: { PATH: '/nonexistent' }, ports: { tools: versions(), identity } })
  t.equal(none.code, 2)
  t.match(none.stdout, /stage {4}kops {7}- {8}any {7}\(not found\) {2}FAIL: kops was not found on PATH\n/)
})

t.test('a run checks its tools first and starts nothing when one is wrong', async (t) => {
  const root = project('1.29.0')
  const tools = versions()
  const r = await runCli(root, ['cluster-update', '--cluster', 'prod'], { env: { PATH: join(root, 'bin') }, ports: { tools, identity } })
  t.equal(r.code, 2)
  t.match(r.stderr, /^Cluster "prod" cannot use kops: 1\.28\.4 is not the pinned 1\.29\.0/)
  t.same(tools.calls.map((c) => c.args), [['version', '--short']], 'only the version was asked')
  const ok = await runCli(root, ['cluster-update', '--cluster', 'stage'], { env: { PATH: join(root, 'bin') }, ports: { tools, identity } })
  t.equal(ok.code, 0)
  t.same(tools.calls.map((c) => c.args).slice(1), [['update']], 'the version is remembered; the stage ran')
})

t.test('settings may name the binaries; --sandbox puts the simulators first', async (t) => {
  const root = project('1.28.4')
  const tools = versions()
  const { writeFileSync } = await import('node:fs')
  writeFileSync(join(root, '.tasksrc.yaml'), 'kops: bin/kops\n')
  const r = await runCli(root, ['doctor', '--cluster', 'stage'], { env: { PATH: '/nonexistent' }, ports: { tools, identity } })
  t.match(r.stdout, new RegExp(`stage +kops +1\\.28\\.4 +any +${join(root, 'bin/kops')} +ok`))
  const sandboxed = await runCli(root, ['doctor', '--cluster', 'stage', '--sandbox'], { env: { PATH: '/nonexistent' }, ports: { tools, identity } })
  t.match(sandboxed.stdout, /stage +kops +1\.28\.4 +any +\S+\/sandbox\/bin\/kops +ok/)
})

t.test('doctor against the sandbox simulators, as real processes', async (t) => {
  const { processRunner } = await import('../../modules/exec/process-runner.ts')
  const root = project('1.28.4')
  const r = await runCli(root, ['doctor', '--sandbox'], { env: { PATH: process.env.PATH }, ports: { tools: processRunner, identity } })
  t.equal(r.code, 0)
  t.match(r.stdout, /\nprod +terraform +1\.9\.8 +>= 1\.5, < 2\.0 +\S+\/sandbox\/bin\/terraform +ok\nprod +kops +1\.28\.4 +1\.28\.4 +\S+\/sandbox\/bin\/kops +ok\n/)
  // A simulator that reports another version: the pin catches it.
  const wrong = project('1.28.4')
  process.env.TASKS_SANDBOX_KOPS_VERSION = '1.27.1'
  try {
    const w = await runCli(wrong, ['doctor', '--sandbox', '--cluster', 'prod'], { env: { PATH: process.env.PATH }, ports: { tools: processRunner, identity } })
    t.equal(w.code, 2)
    t.match(w.stdout, /prod +kops +1\.27\.1 +1\.28\.4 +\S+ +FAIL: 1\.27\.1 is not the pinned 1\.28\.4\n/)
  } finally {
    delete process.env.TASKS_SANDBOX_KOPS_VERSION
  }
})

t.test("doctor shows each cluster's identity through the real SDK (a loopback STS): account and ARN, or the problem", async (t) => {
  const stub = await startStsStub({ AKIAPROD0000000000001: { account: '222222222222', arn: 'arn:aws:iam::222222222222:user/ci' }, AKIADEV00000000000001: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/dev' } })
  t.teardown(stub.close)
  const files = awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001' }, 'acme-dev': { key: 'AKIADEV00000000000001' } })
  const root = makeProject({
    'tasks.ts': `import { graph } from '${GRAPH_API}'\nexport default graph()\n`,
    'bin/kops': '#!/bin/sh\n',
    'bin/terraform': '#!/bin/sh\n',
    'clusters/prod/cluster.yaml': 'profile: acme-prod\nregion: eu-west-1\naccount: "222222222222"\n',
    'clusters/wrong/cluster.yaml': 'profile: acme-dev\nregion: eu-west-1\naccount: "222222222222"\n',
    'clusters/staging/cluster.yaml': 'profile: acme-staging\naccount: "333333333333"\n',
    'clusters/dev/cluster.yaml': 'profile: acme-dev\nregion: eu-west-1\n',
    'clusters/demo/cluster.yaml': 'sandbox: true\nprofile: demo\naccount: "000000000000"\n',
  })
  const env = { PATH: join(root, 'bin'), ...files.env, AWS_ENDPOINT_URL_STS: stub.url }
  const r = await runCli(root, ['doctor'], { env, ports: { tools: versions() } })
  t.equal(r.code, 2)
  t.equal(r.stdout.slice(r.stdout.indexOf('CLUSTER  PROFILE')), [
    'CLUSTER  PROFILE       ACCOUNT       ARN                                     IDENTITY',
    'demo     demo          000000000000  arn:aws:iam::000000000000:user/sandbox  ok (sandbox)',
    'dev      acme-dev      111111111111  arn:aws:iam::111111111111:user/dev      not checked: cluster.yaml sets no account',
    'prod     acme-prod     222222222222  arn:aws:iam::222222222222:user/ci       ok',
    `staging  acme-staging  -             -                                       FAIL: no-credentials: the profile is not defined in ${files.config} or ${files.credentials}`,
    'wrong    acme-dev      111111111111  arn:aws:iam::111111111111:user/dev      FAIL: cluster.yaml account is 222222222222',
    '',
    'warning: cluster "dev" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on.',
    'hint: add `account: "111111111111"` (the account its credentials sign in to now) to clusters/dev/cluster.yaml, if that is the right one.',
    '',
    '2 problems found.',
    '',
  ].join('\n'))
  t.same(stub.requests.map((q) => q.accessKeyId).sort(), ['AKIADEV00000000000001', 'AKIAPROD0000000000001'], 'one call per profile and region: dev and wrong share acme-dev')
})

// example-prod with "real" tools: recording terraform and kops executables first on PATH (they log
// every call, then hand it to the simulators). The commands, their order, flags and environment
// are the seed's workflow: outputs of 1-prerequisites, kops replace, ssh key, kops update, plan.
import t from 'tap'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { runCli } from '../helpers/project.ts'
import { REPO, repoCopy, withEnv } from '../helpers/repo-copy.ts'
import { awsFiles, startStsStub } from '../helpers/sts-stub.ts'

t.setTimeout(300_000)

interface Call { tool: string; args: string[]; cwd: string; env: Record<string, string> }
const ENV_SEEN = ['AWS_PROFILE', 'AWS_REGION', 'AWS_SDK_LOAD_CONFIG', 'KUBECONFIG', 'TF_DATA_DIR', 'TF_IN_AUTOMATION', 'TF_INPUT', 'TASKS_CLUSTER']

/**
 * A `tool` that appends {tool, args, cwd, env} to $RECORD, then runs the simulator in the same
 * process (one Node start per call, as the sandbox's own bin costs).
 */
function recordingTool(bin: string, tool: string): void {
  const recorder = join(bin, 'record.mjs')
  writeFileSync(recorder, [
    "import { appendFileSync } from 'node:fs'",
    'const e = process.env',
    `const seen = ${JSON.stringify(ENV_SEEN)}`,
    'const env = Object.fromEntries(seen.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]))',
    'appendFileSync(e.RECORD, JSON.stringify({ tool: process.argv[2], args: process.argv.slice(3), cwd: process.cwd(), env }) + "\\n")',
    // The sandbox's bin reads process.argv.slice(2) as TOOL ARGS..., as this script got them.
    `await import(${JSON.stringify(pathToFileURL(join(REPO, 'sandbox/common/bin.mjs')).href)})`,
    '',
  ].join('\n'))
  writeFileSync(join(bin, tool), `#!/bin/sh\nexec node "${recorder}" ${tool} "$@"\n`)
  chmodSync(join(bin, tool), 0o755)
}

t.test('example-prod runs the seed\'s commands, with explicit --state/--name and its own environment', async (t) => {
  const root = repoCopy(['example-prod'])
  const bin = join(root, 'fake-bin')
  mkdirSync(bin)
  recordingTool(bin, 'terraform')
  recordingTool(bin, 'kops')
  const record = join(root, 'calls.jsonl')
  withEnv(t, { RECORD: record, TASKS_SANDBOX_DIR: join(root, 'sandbox') })
  // The account guard reads acme-prod's identity (222222222222, as cluster.yaml says) from a loopback STS.
  const sts = await startStsStub({ AKIAPROD0000000000001: { account: '222222222222' } })
  t.teardown(sts.close)
  const aws = { ...awsFiles({ 'acme-prod': { key: 'AKIAPROD0000000000001', region: 'eu-west-1' } }).env, AWS_ENDPOINT_URL_STS: sts.url }
  const env = { PATH: `${bin}${delimiter}${process.env.PATH}`, ...aws }
  const run = (...argv: string[]) => runCli(root, [...argv, '--cluster', 'example-prod'], { env, ports: { tools: processRunner } })
  const calls = (): Call[] => readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call).filter((c) => c.args[0] !== 'version')

  const prereq = await run('1-prerequisites:apply', '--yes')
  t.equal(prereq.code, 0, prereq.stderr)
  writeFileSync(record, '')
  const update = await run('cluster-update', '--yes')
  t.equal(update.code, 0, update.stderr)
  const plan = await run('plan')
  t.equal(plan.code, 0, plan.stderr)

  const w1 = join(root, '.tasks/work/example-prod/1-prerequisites')
  const w2 = join(root, '.tasks/work/example-prod/2-kops')
  const k = ['--name=prod.k8s.acme.io', '--state=s3://acme-prod-kops-state-prod-k8s-acme-io']
  t.same(calls().map((c) => [c.tool, ...c.args]), [
    ['terraform', `-chdir=${w1}`, 'output', '-json', '-no-color'],
    ['kops', 'get', 'all', ...k, '--output=yaml'],
    ['kops', 'replace', ...k, '--filename=clusters/example-prod/cluster.yml', '--force=true'],
    ['kops', 'delete', 'sshpublickey', ...k],
    ['kops', 'create', 'sshpublickey', ...k, '--ssh-public-key=clusters/example-prod/id_rsa.pub'],
    ['kops', 'update', 'cluster', ...k, '--target=terraform', `--out=${join(root, '.tasks/work/example-prod/kops-out')}`, '--yes=true', '--create-kube-config=false'],
    ['terraform', `-chdir=${w1}`, 'output', '-json', '-no-color'],
    ['kops', 'get', 'all', ...k, '--output=yaml'],
    ['terraform', `-chdir=${w2}`, 'init', '-input=false', '-no-color', '-backend-config=bucket=acme-prod-terraform-state', '-backend-config=dynamodb_table=acme-prod-terraform-lock', '-backend-config=encrypt=true', '-backend-config=key=k8s/prod/2-kops.tfstate', '-backend-config=region=eu-west-1'],
    ['terraform', `-chdir=${w2}`, 'plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.tfplan'],
    ['terraform', `-chdir=${w2}`, 'show', '-json', '-no-color', 'plan.tfplan'],
  ])
  const common = { AWS_PROFILE: 'acme-prod', AWS_REGION: 'eu-west-1', AWS_SDK_LOAD_CONFIG: '1', KUBECONFIG: join(root, '.tasks/kube/example-prod/config'), TASKS_CLUSTER: 'example-prod', TF_IN_AUTOMATION: '1', TF_INPUT: '0' }
  for (const c of calls()) {
    const dataDir = c.args[0].startsWith('-chdir=') ? { TF_DATA_DIR: join(c.args[0].slice('-chdir='.length), '.terraform') } : {}
    t.same(c.env, { ...common, ...dataDir }, `${c.tool} ${c.args.slice(0, 3).join(' ')}: its own environment`)
    t.equal(c.cwd, c.tool === 'kops' ? root : c.args[0].slice('-chdir='.length))
  }
  const tf = readFileSync(join(root, 'clusters/example-prod/kubernetes.tf'), 'utf8')
  t.notMatch(tf, /^(provider "aws"|terraform \{)/m, 'kubernetes.tf comes out stripped')
  t.match(readFileSync(join(root, 'clusters/example-prod/cluster.yml'), 'utf8'), /\n {2}dnsZone: Z[0-9A-Z]+\n/, 'not gossip: the Route53 zone of 1-prerequisites')
})

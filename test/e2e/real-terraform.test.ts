// The real-Terraform lane: tasks drives the real terraform binary (where one is on PATH) through the
// 1-prerequisites layer — a provider-free copy generated from the real layer at test time — with its
// real S3 backend kept in s3rver on loopback. init → plan -detailed-exitcode -out → show -json →
// apply of the saved plan → output -json (a sensitive output among them) → the cluster template
// rendered from the real outputs → a no-change replan → a changed backend refused before terraform.
//
// s3rver and locking: Terraform's S3-native lock (`use_lockfile`) is a conditional PUT
// (If-None-Match: *), which s3rver ignores, so the lock would never be exclusive; the lane leaves
// locking off (no use_lockfile, no dynamodb_table).
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { parse, stringify } from 'yaml'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { runCli } from '../helpers/project.ts'
import { LANE_TOKEN_OUTPUT, LayerDriftError, laneTokenValue, providerFreeLayer, readLayer, writeProviderFreeLayer } from '../helpers/provider-free-layer.ts'
import { REPO, repoCopy } from '../helpers/repo-copy.ts'
import { S3RVER_CREDENTIALS, startS3Server } from '../helpers/s3-server.ts'

t.setTimeout(180_000)

/** A real terraform on PATH (not the sandbox's simulator), as sandbox/test/terraform-vs-real.test.ts finds it. */
const REAL = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'terraform'))
  .find((p) => !p.includes('sandbox/bin') && existsSync(p) && spawnSync(p, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status === 0)
const NO_TERRAFORM = 'skipped: no real terraform on PATH (the real-Terraform lane needs one; this machine image has /usr/local/bin/terraform)'
if (!REAL) t.comment(NO_TERRAFORM)

const LAYER = join(REPO, '1-prerequisites')

t.test('the provider-free copy of 1-prerequisites is made from the real layer', async (t) => {
  const real = readLayer(LAYER)
  const copy = providerFreeLayer(real)
  t.same(Object.keys(copy).sort(), [...Object.keys(real).filter((f) => f.endsWith('.tf')), 'lane-token.tf'].sort(), 'the same files, and the sensitive output')
  t.equal(copy['variables.tf'], real['variables.tf'], 'variables.tf as it is')
  t.equal(copy['locals.tf'], real['locals.tf'], 'locals.tf as it is')
  const names = (text: string) => [...text.matchAll(/^output "([^"]+)"/gm)].map((m) => m[1])
  t.same(names(copy['outputs.tf']), names(real['outputs.tf']), 'the same outputs, in order')
  t.equal(copy['outputs.tf'].split('\n').filter((l, i) => l !== real['outputs.tf'].split('\n')[i]).length, 3, 'only the three lines reading AWS resources differ')
  t.match(copy['outputs.tf'], 'output "kops_s3_bucket" { value = terraform_data.kops_state.output.bucket }')
  const code = Object.values(copy).join('\n').split('\n').filter((l) => !/^\s*#/.test(l)).join('\n')
  t.notMatch(code, /\baws_[a-z0-9_]+\.[a-z]|resource "aws_|provider "aws"|required_providers/, 'no AWS resource, reference or provider left')
  t.match(copy['config.tf'], /^terraform \{\n {2}required_version = ">= 1\.5\.0"\n {2}backend "s3" \{\}\n\}$/m, 'the backend stays, a partial configuration')
  t.match(copy['lane-token.tf'], `output "${LANE_TOKEN_OUTPUT}" {`)
  t.match(copy['lane-token.tf'], /sensitive = true/)

  // Drift in the real layer is caught, with where it is and what to do.
  const drifted = (file: string, text: string) => () => providerFreeLayer({ ...real, [file]: text })
  const error = (pattern: RegExp) => ({ name: 'LayerDriftError', message: pattern })
  t.throws(drifted('irsa.tf', `${real['irsa.tf']}\nresource "aws_iam_role" "oidc" {\n  name = "x"\n}\n`), error(/^provider-free layer: irsa\.tf:\d+:1: the resource aws_iam_role\.oidc, whose type has no stand-in; teach test\/helpers\/provider-free-layer\.ts how to stand it in$/), 'a resource type it does not know')
  t.throws(drifted('outputs.tf', `${real['outputs.tf']}output "ns" { value = aws_route53_zone.cluster[0].name_servers }\n`), error(/outputs\.tf:\d+:\d+: a reference to aws_route53_zone\.cluster\.name_servers, an attribute its stand-in terraform_data\.cluster_zone does not model/), 'an attribute no stand-in models')
  t.throws(drifted('outputs.tf', `${real['outputs.tf']}output "x" { value = aws_s3_bucket.logs.bucket }\n`), error(/a reference to aws_s3_bucket\.logs, which the layer does not declare/), 'a resource the layer does not declare')
  t.throws(drifted('dns.tf', `${real['dns.tf']}\ndata "aws_caller_identity" "current" {}\n`), error(/dns\.tf:\d+:1: a top-level "data "aws_caller_identity" "current"" block/), 'a data source')
  t.throws(drifted('outputs.tf', `${real['outputs.tf']}output "account" { value = data.aws_caller_identity.current.account_id }\n`), error(/a reference to data\.\*/), 'a data source read by an output')
  t.throws(drifted('config.tf', real['config.tf'].replace('required_providers {', 'required_providers {\n    random = { source = "hashicorp/random" }')), error(/config\.tf:\d+:\d+: the provider "random" \(only aws is stood in\)/), 'another provider')
  t.throws(drifted('state-bucket.tf', real['state-bucket.tf'].replace('resource "aws_s3_bucket" "kops_state" {', 'resource "aws_s3_bucket" "kops_state" {\n  for_each = toset([])')), error(/"for_each" on resource aws_s3_bucket\.kops_state/), 'a meta-argument it cannot carry')
  t.ok(new LayerDriftError('f.tf', 'x', 0, 'm') instanceof Error)
})

type Stage = { name: string; status: string; reason?: string; note?: string }
type Doc = { clusters: { name: string; status: string; stages: Stage[] }[]; exitCode: number; problems?: { reason: string; message: string }[] }
type Outputs = Record<string, { sensitive: boolean; type: unknown; value: unknown }>

/** The argv of every command a stage log shows (`$ terraform …` lines, shell-quoted as tasks prints them). */
function loggedCommands(log: string): string[][] {
  return log.split('\n').filter((l) => l.startsWith('$ ')).map((line) => {
    const words: string[] = []
    let word: string | undefined
    for (let i = 2; i < line.length; i++) {
      const c = line[i]
      if (c === ' ') {
        if (word !== undefined) words.push(word)
        word = undefined
      } else if (c === "'") {
        const end = line.indexOf("'", i + 1)
        word = (word ?? '') + line.slice(i + 1, end)
        i = end
      } else if (c === '\\') word = (word ?? '') + line[++i]
      else word = (word ?? '') + c
    }
    if (word !== undefined) words.push(word)
    return words
  })
}

/** Every file under `dir`, following no links (the copy's modules/, scripts/, node_modules/ are links). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isSymbolicLink()) return []
    return e.isDirectory() ? filesUnder(path) : [path]
  })
}

t.test('real terraform: 1-prerequisites on an S3 backend in s3rver, through tasks', { skip: REAL ? false : NO_TERRAFORM, timeout: 180_000 }, async (t) => {
  const started = Date.now()
  const s3 = await startS3Server(t, { bucket: 'lane-terraform-state' })
  const root = repoCopy([])
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  rmSync(join(root, '1-prerequisites'), { recursive: true })
  writeProviderFreeLayer(LAYER, join(root, '1-prerequisites'))

  // `profile: lane` as a real cluster has one, defined in a config file of the cluster's own (the
  // backend's SDK refuses an unknown profile); the keys are s3rver's, in the cluster's env.
  mkdirSync(join(root, 'aws'))
  writeFileSync(join(root, 'aws/config'), '[profile lane]\nregion = us-east-1\n')
  writeFileSync(join(root, 'aws/credentials'), '')
  const demo = parse(readFileSync(join(REPO, 'clusters/demo/cluster.yaml'), 'utf8')) as { prerequisites: Record<string, unknown> }
  const prerequisites: Record<string, unknown> = { ...demo.prerequisites, project_short: 'lane', environment: 'test', cluster_name: 'lane.k8s.local', ssh_pub_key_path: 'clusters/lane/id_ed25519.pub' }
  const backend = (key: string) => `
    bucket: ${s3.bucket}
    key: ${key}
    region: us-east-1
    endpoints: { s3: "${s3.endpoint}" }
    use_path_style: true
    skip_credentials_validation: true
    skip_requesting_account_id: true
    skip_metadata_api_check: true
    skip_region_validation: true`
  const clusterYaml = `# The real-Terraform lane: 1-prerequisites (provider-free) on a real terraform, its state in s3rver.
description: real terraform, S3 backend on loopback
profile: lane
region: us-east-1
terraformVersion: ">= 1.5.0, < 2.0.0"
env:
  AWS_ACCESS_KEY_ID: ${S3RVER_CREDENTIALS.AWS_ACCESS_KEY_ID}
  AWS_SECRET_ACCESS_KEY: ${S3RVER_CREDENTIALS.AWS_SECRET_ACCESS_KEY}
  AWS_CONFIG_FILE: ${join(root, 'aws/config')}
  AWS_SHARED_CREDENTIALS_FILE: ${join(root, 'aws/credentials')}
  CHECKPOINT_DISABLE: "1"
backends:
  prerequisites:${backend('lane/1-prerequisites.tfstate')}
  kops:${backend('lane/2-kops.tfstate')}
${stringify({ prerequisites })}`
  mkdirSync(join(root, 'clusters/lane'), { recursive: true })
  writeFileSync(join(root, 'clusters/lane/cluster.yaml'), clusterYaml)

  const env = { PATH: `${dirname(REAL!)}${delimiter}${process.env.PATH}` }
  const printed: string[] = []
  const timings: string[] = []
  const run = async (...argv: string[]) => {
    const at = Date.now()
    const r = await runCli(root, [...argv, '--cluster', 'lane', '--json'], { env, ports: { tools: processRunner } })
    timings.push(`${argv[0]} ${Date.now() - at} ms`)
    printed.push(r.stdout, r.stderr)
    let doc: Doc | undefined
    try {
      doc = JSON.parse(r.stdout) as Doc
    } catch {
      doc = undefined
    }
    const stages = doc?.clusters[0]?.stages ?? []
    return { ...r, doc, stages, stage: (name: string) => stages.find((s) => s.name === name), statuses: stages.map((s) => `${s.name}:${s.status}`).join(' ') }
  }
  const exits = (r: { code: number; stderr: string }, code: number) => t.equal(r.code, code, `exit ${code}`, r.code === code ? {} : { stderr: r.stderr })
  const log = (stage: string) => readFileSync(join(root, '.tasks/logs/lane', `${stage}.log`), 'utf8')
  const w1 = join(root, '.tasks/work/lane/1-prerequisites')
  const tf = (...args: string[]) => ['terraform', `-chdir=${w1}`, ...args]
  const bucket = 'lane-test-kops-state-lane-k8s-local'
  const irsa = 'lane-test-irsa-lane-k8s-local'
  const token = laneTokenValue(bucket)
  // With demo's variables (gossip, IRSA on): the state bucket and its 4 settings, the IRSA bucket and its 2.
  const RESOURCES = [
    'terraform_data.irsa[0]', 'terraform_data.irsa_public_access_block[0]', 'terraform_data.irsa_public_read_policy[0]',
    'terraform_data.kops_state', 'terraform_data.kops_state_encryption', 'terraform_data.kops_state_public_access_block',
    'terraform_data.kops_state_tls_only_policy', 'terraform_data.kops_state_versioning',
  ]

  // ── plan: init (no -reconfigure), plan -detailed-exitcode -out, show -json ──
  const plan = await run('1-prerequisites:plan')
  exits(plan, 0)
  t.equal(plan.statuses, 'prereq-dir:ran prereq-init:ran prereq-plan:ran')
  t.equal(plan.stage('prereq-plan')?.note, `+${RESOURCES.length} ~0 -0`, 'the plan summary, from show -json')
  t.match(plan.stderr, `lane  prereq-plan: +${RESOURCES.length} ~0 -0`, 'and in the summary on stderr')
  const init = loggedCommands(log('prereq-init'))
  t.same(init, [tf(
    'init', '-input=false', '-no-color',
    `-backend-config=bucket=${s3.bucket}`,
    `-backend-config=endpoints={s3="${s3.endpoint}"}`,
    '-backend-config=key=lane/1-prerequisites.tfstate',
    '-backend-config=region=us-east-1',
    '-backend-config=skip_credentials_validation=true',
    '-backend-config=skip_metadata_api_check=true',
    '-backend-config=skip_region_validation=true',
    '-backend-config=skip_requesting_account_id=true',
    '-backend-config=use_path_style=true',
  )], 'init: every backend setting of cluster.yaml as -backend-config')
  t.notOk(init.flat().includes('-reconfigure'), 'init never passes -reconfigure on its own')
  t.match(log('prereq-init'), /Successfully configured the backend "s3"/, 'the real S3 backend, not a local state')
  t.same(loggedCommands(log('prereq-plan')), [tf('plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.tfplan'), tf('show', '-json', '-no-color', 'plan.tfplan')])
  t.match(log('prereq-plan'), `Plan: ${RESOURCES.length} to add, 0 to change, 0 to destroy.`, 'terraform\'s own plan text is logged')
  t.equal((await s3.get('lane/1-prerequisites.tfstate')).status, 404, 'a plan writes no state')

  // ── apply of the saved plan ──
  const apply = await run('1-prerequisites:apply', '--yes')
  exits(apply, 0)
  t.equal(apply.statuses, 'prereq-dir:cached prereq-init:cached prereq-plan:ran prereq-guard:ran prereq-apply:ran')
  t.same(loggedCommands(log('prereq-apply')), [tf('apply', '-input=false', '-no-color', 'plan.tfplan')], 'apply: the saved plan, nothing else')
  t.match(log('prereq-apply'), `Apply complete! Resources: ${RESOURCES.length} added, 0 changed, 0 destroyed.`)
  const stored = await s3.get('lane/1-prerequisites.tfstate')
  t.equal(stored.status, 200, 'the state object is in the s3rver bucket')
  const state = JSON.parse(stored.text) as { resources: { type: string; name: string; instances: { index_key?: number }[] }[]; outputs: Record<string, { value: unknown; sensitive?: boolean }> }
  t.same(state.resources.flatMap((r) => r.instances.map((i) => `${r.type}.${r.name}${i.index_key === undefined ? '' : `[${i.index_key}]`}`)).sort(), RESOURCES, 'holding every stand-in')
  t.same(state.outputs[LANE_TOKEN_OUTPUT], { value: token, type: 'string', sensitive: true }, 'and the sensitive output, in clear (the search below means something)')
  t.ok(existsSync(join(s3.directory, s3.bucket, 'lane/1-prerequisites.tfstate._S3rver_object')), 'on s3rver\'s disk too')

  // ── output -json: recorded in outputs.json, the sensitive one redacted ──
  const output = await run('output')
  exits(output, 0)
  t.equal(output.statuses, 'prereq-dir:cached prereq-init:cached outputs:ran')
  t.same(loggedCommands(log('outputs')), [tf('output', '-json', '-no-color')])
  t.match(log('outputs'), /\(its output holds sensitive values and is not logged: \d+ bytes\)/)
  const outputs = JSON.parse(readFileSync(join(root, 'clusters/lane/outputs.json'), 'utf8')) as Outputs
  const declared = [...readFileSync(join(LAYER, 'outputs.tf'), 'utf8').matchAll(/^output "([^"]+)"/gm)].map((m) => m[1])
  t.same(Object.keys(outputs).sort(), [...declared, LANE_TOKEN_OUTPUT].sort(), 'every output of the layer, and the sensitive one')
  t.same(outputs[LANE_TOKEN_OUTPUT], { sensitive: true, type: 'string', value: '(sensitive)' }, 'the sensitive output is recorded as (sensitive)')
  t.same(outputs.kops_s3_bucket, { sensitive: false, type: 'string', value: bucket }, 'the bucket, from the stand-in\'s output')
  t.same(outputs.irsa_bucket_name.value, irsa)
  t.same(outputs.hosted_zone_id.value, '', 'gossip: no zone')
  t.same(outputs.cluster_name.value, 'lane.k8s.local')
  t.same(outputs.private_subnet_ids.value, prerequisites.private_subnet_ids, 'maps as given in cluster.yaml')
  t.same(outputs.cluster_master_azs.value, prerequisites.cluster_master_azs, 'lists as given')
  t.same(outputs.kops_worker_machine_max_size, { sensitive: false, type: 'number', value: 3 }, 'defaults of variables.tf')

  // ── the cluster template, rendered from the real outputs ──
  const template = await run('cluster-template')
  exits(template, 0)
  t.equal(template.statuses, 'prereq-dir:cached prereq-init:cached outputs:ran render:ran')
  const manifest = readFileSync(join(root, 'clusters/lane/cluster.yml'), 'utf8')
  t.match(manifest, /^ {2}name: lane\.k8s\.local$/m, 'the cluster name')
  t.match(manifest, `configBase: s3://${bucket}/lane.k8s.local`, 'the state bucket terraform made')
  t.match(manifest, `discoveryStore: s3://${irsa}`, 'the IRSA bucket terraform made')
  const subnets = { ...prerequisites.public_subnet_ids as Record<string, string>, ...prerequisites.private_subnet_ids as Record<string, string> }
  for (const id of Object.values(subnets)) t.match(manifest, new RegExp(`^ {2}- id: ${id}$`, 'm'), `subnet ${id}`)
  t.notMatch(manifest, /undefined|\[object Object\]/)

  // ── a replan without changes ──
  const initLog = log('prereq-init')
  const replan = await run('1-prerequisites:plan')
  exits(replan, 0)
  t.equal(replan.statuses, 'prereq-dir:cached prereq-init:cached prereq-plan:ran', 'no init again')
  t.equal(replan.stage('prereq-plan')?.note, 'no changes')
  t.match(log('prereq-plan'), 'No changes. Your infrastructure matches the configuration.')
  const applyAgain = await run('1-prerequisites:apply', '--yes')
  exits(applyAgain, 0)
  t.same(applyAgain.stage('prereq-apply'), { name: 'prereq-apply', status: 'skipped', durationMs: 0, reason: 'no changes' }, 'nothing to apply')

  // ── nothing tasks wrote or printed holds the sensitive value ──
  t.same(printed.filter((text) => text.includes(token)), [], 'no stdout or stderr holds it')
  const written = filesUnder(root).filter((f) => !f.startsWith(`${join(root, '.tasks/work')}/`))
  t.ok(written.some((f) => f.endsWith('.tasks/logs/lane/outputs.log')) && written.some((f) => f.endsWith('.tasks/cache/lane/outputs.json')), 'logs and cache records were written')
  t.same(written.filter((f) => readFileSync(f).includes(token)).map((f) => f.slice(root.length + 1)), [], 'no log, cache record or artifact holds it (terraform\'s own working directory aside)')

  // ── a changed backend: refused before terraform runs ──
  const planLog = log('prereq-plan')
  writeFileSync(join(root, 'clusters/lane/cluster.yaml'), clusterYaml.replace('key: lane/1-prerequisites.tfstate', 'key: lane/typo.tfstate'))
  const moved = await run('1-prerequisites:plan')
  exits(moved, 3)
  t.match(moved.stderr, 'changed since its last init')
  t.match(moved.stderr, 'key lane/1-prerequisites.tfstate → lane/typo.tfstate', 'naming the setting, old → new')
  t.equal(log('prereq-init'), initLog, 'terraform init did not run')
  t.equal(log('prereq-plan'), planLog, 'nor did plan')
  t.equal((await s3.get('lane/typo.tfstate')).status, 404, 'no state at the new key')
  t.equal((await s3.get('lane/1-prerequisites.tfstate')).text, stored.text, 'the state is untouched')

  t.comment(`timings: ${timings.join(', ')}; total ${Date.now() - started} ms with ${REAL}`)
})

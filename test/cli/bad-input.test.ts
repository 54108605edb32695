// The bad-input corpus: every kind of wrong input a user can give tasks — settings, templates,
// values, tools, the command line, the graph, the state directory — gets one clear message (with
// file:line:column, the source line and a caret where there is one, and a hint), its documented
// exit code, no stack trace unless --debug, and changes nothing that was generated before.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { errorLocation, formatFailure, type Failure } from '../../modules/diag/mod.ts'
import type { Ports } from '../../modules/exec/mod.ts'
import { nodeFileSystem, type FileSystem } from '../../modules/fs/mod.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { GRAPH_API, makeProject, runCli, type CliRun } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

/** Every file under `dir` (relative path → sha256). */
function hashes(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {}
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    // A symbolic link (a planted loop) is not followed: the files it leads to are not under dir.
    if (lstatSync(path).isSymbolicLink()) continue
    if (statSync(path).isDirectory()) Object.assign(out, hashes(path, base))
    else out[path.slice(base.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex')
  }
  return out
}

interface Expected {
  code: number
  /** The whole of stderr; `{root}` stands for the project's directory. */
  stderr: string
  stdout?: string
}

/**
 * Runs tasks on `root` and checks the exit code, the exact stderr, that no stack trace is printed
 * (unless --debug) and that nothing under clusters/ (the committed, generated files) changed.
 */
async function expectRun(t: Test, root: string, argv: string[], expected: Expected, extra: { ports?: Partial<Ports>; env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  const before = hashes(join(root, 'clusters'))
  // The repository's project runs on the simulators (in-process); the fixture graph on scripted tools.
  const tools = existsSync(join(root, '2-kops')) ? { tools: simulatedTools(join(root, '.tasks/sandbox')) } : {}
  const r = await runCli(extra.cwd ?? root, argv, { ...(extra.env ? { env: extra.env } : {}), ports: { ...tools, ...extra.ports } })
  const stderr = r.stderr.replaceAll(root, '{root}')
  if (process.env.BAD_INPUT_PRINT) console.log(`---- ${t.name}\n${r.code}\n${JSON.stringify(stderr.split('\n'), null, 2)}`)
  t.equal(r.code, expected.code, 'exit code')
  t.equal(stderr, expected.stderr, 'the whole of stderr')
  t.equal(r.stdout.replaceAll(root, '{root}'), expected.stdout ?? '', 'stdout')
  if (!argv.includes('--debug')) t.notMatch(r.stderr, /^ {4}at /m, 'no stack trace')
  t.same(hashes(join(root, 'clusters')), before, 'nothing generated was changed')
  return r
}

/** The fixture project (clusters a and b, the fixture graph) with a generated file committed. */
const fixture = (extra: Record<string, string> = {}): string => makeProject(fixtureFiles({ 'clusters/a/out.txt': 'version: 1.28.4\n', ...extra }))

/** The repository's project with the demo cluster, its committed artifacts and the real tasks.ts. */
function demo(edit?: (root: string) => void): string {
  const root = repoCopy()
  edit?.(root)
  return root
}

const editFile = (root: string, file: string, change: (text: string) => string): void =>
  writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8')))

const lines = (...l: string[]): string => `${l.join('\n')}\n`

// ── cluster.yaml ──

t.test('cluster.yaml: a YAML syntax error (an unclosed quote)', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'region: "eu-west-1\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:1:19 Missing closing "quote',
    '  region: "eu-west-1',
    '                    ^',
  ) })
})

t.test('cluster.yaml: a key written twice', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'region: eu-west-1\nprofile: a\nregion: eu-west-2\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:3:1 Map keys must be unique',
    '  region: eu-west-2',
    '  ^',
  ) })
})

t.test('cluster.yaml: tabs as indentation', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'backends:\n\tkops: {}\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:1 Tabs are not allowed as indentation',
    '  \tkops: {}',
    '  ^',
  ) })
})

t.test('cluster.yaml: an unknown key, with the closest known one', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'regoin: eu-west-1\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:1:1 unknown setting "regoin" (did you mean "region"?); known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template',
    '  regoin: eu-west-1',
    '  ^',
  ) })
})

t.test('cluster.yaml: an unknown nested key', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'backends:\n  kops:\n    bukcet: b\n    key: k\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:3:5 unknown setting "backends.kops.bukcet" (did you mean "bucket"?); known settings here are bucket, key, region, dynamodb_table, kms_key_id, acl, profile, workspace_key_prefix, sts_region, retry_mode, custom_ca_bundle, endpoint, iam_endpoint, sts_endpoint, dynamodb_endpoint, ec2_metadata_service_endpoint, ec2_metadata_service_endpoint_mode, http_proxy, https_proxy, no_proxy, shared_credentials_file, use_lockfile, encrypt, use_path_style, force_path_style, insecure, use_dualstack_endpoint, use_fips_endpoint, skip_credentials_validation, skip_region_validation, skip_metadata_api_check, skip_requesting_account_id, skip_s3_checksum, max_retries, endpoints, shared_config_files, shared_credentials_files, allowed_account_ids, forbidden_account_ids, assume_role, assume_role_with_web_identity, access_key, secret_key, token, sse_customer_key',
    '      bukcet: b',
    '      ^',
  ) })
})

t.test('cluster.yaml: a credential in a backend is refused at its line (cluster.yaml is committed)', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'backends:\n  kops:\n    bucket: b\n    key: k\n    secret_key: wJalrXUtnFEMI\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:5:5 "backends.kops.secret_key" is a credential: it would be committed with cluster.yaml and shown in logs; use `profile` or the AWS_* variables of the environment instead',
    '      secret_key: wJalrXUtnFEMI',
    '      ^',
  ) })
})

t.test('cluster.yaml: a string where a boolean belongs', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'region: eu-west-1\nprotected: "yes"\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:1 "protected" must be a boolean (refuse teardown without --allow-protected), not "yes"',
    '  protected: "yes"',
    '  ^',
  ) })
})

t.test('cluster.yaml: a word where a number belongs, inside a list item', async (t) => {
  const yaml = 'template:\n  instanceGroups:\n    - name: batch\n      machineType: m5.large\n      minSize: one\n      maxSize: 2\n'
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': yaml }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:5:7 "template.instanceGroups.0.minSize" must be a whole number (minimum size), not "one"',
    '        minSize: one',
    '        ^',
  ) })
})

t.test('cluster.yaml: a value outside its choices', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'template:\n  topology: privte\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:3 "template.topology" must be one of private, public, not "privte" (did you mean "private"?)',
    '    topology: privte',
    '    ^',
  ) })
})

t.test('cluster.yaml: a missing required setting', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': 'backends:\n  kops:\n    key: a/2-kops.tfstate\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:3 missing required setting "backends.kops.bucket" (state bucket)',
    '    kops:',
    '    ^',
  ) })
})

t.test('cluster.yaml: a list instead of a mapping', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': '- region: eu-west-1\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:1:1 the file must be a mapping (cluster settings), not a list',
    '  - region: eu-west-1',
    '  ^',
  ) })
})

// A configuration error (exit 2), found when the cluster is loaded — as `tasks validate` finds it —
// before any stage runs; no longer a failed prereq-init (exit 1) after the tools started.
t.test('cluster.yaml: no backends, which the Terraform stages need', async (t) => {
  const root = demo((r) => editFile(r, 'clusters/demo/cluster.yaml', (s) => s.replace(/^backends:\n( {2}.*\n)+/m, '')))
  await expectRun(t, root, ['cluster-update', '--cluster', 'demo'], { code: 2, stderr: lines(
    'clusters/demo/cluster.yaml:1:1 missing required setting "backends.prerequisites" (the S3 backend of the 1-prerequisites layer)',
    '  # The demo cluster: runs on the sandbox simulators (sandbox/), no AWS account needed.',
    '  ^',
    'hint: add backends.prerequisites: { bucket: <state bucket>, key: demo/1-prerequisites.tfstate, region: <its region> }; `npx tasks validate --cluster demo` lists both problems of this file.',
  ) })
  t.notOk(existsSync(join(root, '.tasks/logs/demo/prereq-init.log')), 'no stage ran')
})

// ── the cluster template ──

const TEMPLATE = '2-kops/cluster-template.yml.eta'
const breakTemplate = (to: string) => (root: string) => editFile(root, TEMPLATE, (s) => s.replace('<%= it.cluster_name %>', to))

t.test('template: a syntax error in an expression, in a run', async (t) => {
  await expectRun(t, demo(breakTemplate('<%= it.cluster_name ) %>')), ['cluster-template', '--cluster', 'demo'], { code: 1, stderr: lines(
    '✖ demo: render failed: 2-kops/cluster-template.yml.eta:26:9 syntax error in the expression: Unexpected token \')\'',
    '    name: <%= it.cluster_name ) %>',
    '          ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
    '  full log: .tasks/logs/demo/render.log',
    '1 cluster: 0 ok, 1 failed',
  ) })
})

t.test('template: a syntax error in an expression, with render-template', async (t) => {
  await expectRun(t, demo(breakTemplate('<%= it.cluster_name ) %>')), ['render-template', '--values', 'clusters/demo/outputs.json'], { code: 2, stderr: lines(
    '2-kops/cluster-template.yml.eta:26:9 syntax error in the expression: Unexpected token \')\'',
    '    name: <%= it.cluster_name ) %>',
    '          ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
  ) })
})

t.test('template: a tag that is never closed', async (t) => {
  await expectRun(t, demo(breakTemplate('<%= it.cluster_name')), ['render-template', '--values', 'clusters/demo/outputs.json'], { code: 2, stderr: lines(
    '2-kops/cluster-template.yml.eta:26:9 this tag is not closed: there is no "%>" before the next "<%"',
    '    name: <%= it.cluster_name',
    '          ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
  ) })
})

t.test('template: a value no output defines, in a run', async (t) => {
  await expectRun(t, demo(breakTemplate('<%= it.clustr_name %>')), ['cluster-template', '--cluster', 'demo'], { code: 1, stderr: lines(
    '✖ demo: render failed: 2-kops/cluster-template.yml.eta:26:9 MissingValue: the template uses it.clustr_name, but the Terraform outputs define no "clustr_name" (did you mean "cluster_name"?)',
    '    name: <%= it.clustr_name %>',
    '          ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
    '  full log: .tasks/logs/demo/render.log',
    '1 cluster: 0 ok, 1 failed',
  ) })
})

t.test('template: a value no output defines, with render-template', async (t) => {
  await expectRun(t, demo(breakTemplate('<%= it.clustr_name %>')), ['render-template', '--values', 'clusters/demo/outputs.json'], { code: 2, stderr: lines(
    '2-kops/cluster-template.yml.eta:26:9 MissingValue: the template uses it.clustr_name, but the Terraform outputs define no "clustr_name" (did you mean "cluster_name"?)',
    '    name: <%= it.clustr_name %>',
    '          ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
  ) })
})

t.test('template: render-template --template names no file', async (t) => {
  await expectRun(t, demo(), ['render-template', '--values', 'clusters/demo/outputs.json', '--template', 'nope.eta'], { code: 2, stderr: lines('Cannot read the template {root}/nope.eta: no such file.') })
})

t.test('template: the template file is gone, in a run', async (t) => {
  await expectRun(t, demo((r) => rmSync(join(r, TEMPLATE))), ['cluster-template', '--cluster', 'demo'], {
    code: 1,
    stderr: lines('✖ demo: render failed: Cannot read the template 2-kops/cluster-template.yml.eta: no such file.', '  full log: .tasks/logs/demo/render.log', '1 cluster: 0 ok, 1 failed'),
  })
})

// ── outputs and values documents ──

t.test('values: render-template --values is not JSON', async (t) => {
  const root = demo((r) => writeFileSync(join(r, 'values.json'), '{"cluster_name": '))
  await expectRun(t, root, ['render-template', '--values', 'values.json'], { code: 2, stderr: lines(
    'values.json is not a `terraform output -json` document: Unexpected end of JSON input.',
    'hint: create it with: terraform output -json > values.json',
  ) })
})

t.test('values: render-template --values is JSON but not `terraform output -json`', async (t) => {
  const root = demo((r) => writeFileSync(join(r, 'values.json'), '{"cluster_name": "demo.k8s.local"}'))
  await expectRun(t, root, ['render-template', '--values', 'values.json'], {
    code: 2,
    stderr: lines('values.json is not a `terraform output -json` document: output "cluster_name" is not a {sensitive, type, value} object.', 'hint: create it with: terraform output -json > values.json'),
  })
})

t.test('values: render-template --values names no file', async (t) => {
  await expectRun(t, demo(), ['render-template', '--values', 'nope.json'], { code: 2, stderr: lines('Cannot read the values document {root}/nope.json: no such file.') })
})

t.test('values: the recorded outputs.json is not JSON, and --offline needs it', async (t) => {
  const root = demo((r) => writeFileSync(join(r, 'clusters/demo/outputs.json'), '{"cluster_name": '))
  await expectRun(t, root, ['cluster-template', '--cluster', 'demo', '--offline'], { code: 1, stderr: lines(
    'warning: ignoring clusters/demo/outputs.json: it is not JSON (Unexpected end of JSON input); the next online run rewrites it',
    '✖ demo: outputs failed: offline, and no recorded result to serve',
    '1 cluster: 0 ok, 1 failed',
  ) })
})

t.test('values: terraform output prints something that is not JSON', async (t) => {
  const root = demo()
  const tools = simulatedTools(join(root, '.tasks/sandbox'))
  tools.fault = (cmd) => (cmd.args.includes('output') ? { exitCode: 0, stdout: 'Warning: No outputs found\n', stderr: '' } : undefined)
  await expectRun(t, root, ['cluster-template', '--cluster', 'demo'], { code: 1, stderr: lines(
    '✖ demo: outputs failed: terraform output -json did not print JSON: it stops being JSON at line 1, column 1 of its 26 bytes (none of it is shown: it may hold sensitive values)',
    '  │ $ terraform -chdir={root}/.tasks/work/demo/1-prerequisites output -json -no-color',
    '  │ (its output holds sensitive values and is not logged: 26 bytes)',
    '  full log: .tasks/logs/demo/outputs.log',
    '1 cluster: 0 ok, 1 failed',
  ) }, { ports: { tools } })
})

// ── tools and their versions ──

t.test('tools: neither terraform nor kops is installed', async (t) => {
  const root = repoCopy(['example-dev'])
  await expectRun(t, root, ['cluster-update', '--cluster', 'example-dev'], { code: 2, stderr: lines(
    'Cluster "example-dev" cannot use terraform: terraform was not found.',
    'hint: install terraform (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set "terraform: /path/to/terraform" in .tasksrc.yaml; to try things without AWS, add --sandbox',
    'Cluster "example-dev" cannot use kops: kops was not found.',
    'hint: install kops 1.28.4 (https://github.com/kubernetes/kops/releases) and put it on PATH, or set "kops: /path/to/kops" in .tasksrc.yaml; to try things without AWS, add --sandbox',
  ) }, { env: { PATH: '/nonexistent' } })
})

t.test('tools: kops is not the version cluster.yaml pins', async (t) => {
  const root = demo((r) => editFile(r, 'clusters/demo/cluster.yaml', (s) => `${s}kopsVersion: 1.27.0\n`))
  await expectRun(t, root, ['cluster-update', '--cluster', 'demo'], { code: 2, stderr: lines(
    'Cluster "demo" cannot use kops: 1.28.4 is not the pinned 1.27.0 (kopsVersion in its cluster.yaml).',
    'hint: install kops 1.27.0 (https://github.com/kubernetes/kops/releases) and put it on PATH, or set "kops: /path/to/kops" in .tasksrc.yaml; to try things without AWS, add --sandbox',
  ) })
})

t.test('tools: terraform does not meet terraformVersion', async (t) => {
  const root = demo((r) => editFile(r, 'clusters/demo/cluster.yaml', (s) => `${s}terraformVersion: ">= 2.0"\n`))
  await expectRun(t, root, ['plan', '--cluster', 'demo'], { code: 2, stderr: lines(
    'Cluster "demo" cannot use terraform: 1.9.8 does not satisfy ">= 2.0" (terraformVersion in its cluster.yaml).',
    'hint: install terraform (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set "terraform: /path/to/terraform" in .tasksrc.yaml; to try things without AWS, add --sandbox',
  ) })
})

t.test('tools: terraformVersion is not a version constraint', async (t) => {
  const root = demo((r) => editFile(r, 'clusters/demo/cluster.yaml', (s) => `${s}terraformVersion: latest\n`))
  await expectRun(t, root, ['plan', '--cluster', 'demo'], { code: 2, stderr: lines(
    'Cluster "demo" cannot use terraform: "latest" is not a version constraint (e.g. ">= 1.5, < 2.0" or "~> 1.9") (terraformVersion in its cluster.yaml).',
    'hint: install terraform (https://developer.hashicorp.com/terraform/install) and put it on PATH, or set "terraform: /path/to/terraform" in .tasksrc.yaml; to try things without AWS, add --sandbox',
  ) })
})

// ── the command line ──

t.test('cli: an unknown cluster', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster', 'c'], { code: 2, stderr: lines('Cannot find cluster "c": known clusters are a, b.') })
})

t.test('cli: an unknown target', async (t) => {
  await expectRun(t, fixture(), ['psuh', '--cluster', 'a'], { code: 2, stderr: lines(
    'Unknown target "psuh" (did you mean "push"?).',
    'hint: run "tasks help" to list the targets.',
  ) })
})

t.test('cli: an unknown option', async (t) => {
  await expectRun(t, fixture(), ['push', '--clutser', 'a'], { code: 2, stderr: lines(
    'Unknown option "--clutser" (did you mean "--cluster"?).',
    'hint: run "tasks help" to list the options.',
  ) })
})

t.test('cli: -v is taken for --version, never for -y', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster', 'a', '-v'], { code: 2, stderr: lines(
    'Unknown option "-v" (did you mean "--version"?).',
    'hint: run "tasks help" to list the options.',
  ) })
})

t.test('cli: a typo of an approval flag is never completed into it', async (t) => {
  for (const typo of ['--yse', '--allow-protect', '--froce', '--reconfigur']) {
    await expectRun(t, fixture(), ['deploy', '--cluster', 'a', typo], { code: 2, stderr: lines(`Unknown option "${typo}".`, 'hint: run "tasks help" to list the options.') })
  }
})

t.test('cli: -C names no directory', async (t) => {
  const root = fixture()
  await expectRun(t, root, ['-C', 'clusters/c', 'push', '--cluster', 'a'], { code: 2, stderr: lines(
    'Cannot run in clusters/c (-C/--dir): no such directory ({root}/clusters/c).',
    'hint: -C DIR takes a directory, relative to the one tasks starts in.',
  ) })
})

t.test('cli: a bad option value', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster', 'a', '--concurrency', 'many'], { code: 2, stderr: lines('Option --concurrency does not accept "many": expected a whole number of at least 1.') })
})

t.test('cli: an option without its value', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster'], { code: 2, stderr: lines('Option --cluster needs a value: --cluster CLUSTER.') })
})

t.test('cli: --force naming no stage', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster', 'a', '--force=rendr'], { code: 2, stderr: lines(
    '--force=rendr names no stage (did you mean "render"?).',
    'hint: --force takes stage names (tasks help <target> lists them): outputs, render, push, check, deploy, announce.',
  ) })
})

t.test('cli: a glob that matches no cluster', async (t) => {
  await expectRun(t, fixture(), ['push', '--cluster', 'prod-*'], { code: 2, stderr: lines('--cluster \'prod-*\' matches no cluster; known clusters are a, b.') })
})

t.test('cli: kops-cmd with nothing after --', async (t) => {
  await expectRun(t, demo(), ['kops-cmd', '--cluster', 'demo'], { code: 2, stderr: lines(
    'Option -- ARGS is required here.',
    'hint: nothing to pass on; usage: tasks kops-cmd --cluster NAME -- get ig',
  ) })
})

// ── cluster names: refused by name, never looked up on disk ──

/** A cluster.yaml planted where a path-like name would lead, to prove it is never read. */
const planted = (): string => fixture({ 'outside/cluster.yaml': 'region: planted\n', 'etc/cluster.yaml': 'region: planted\n' })

t.test('names: shell metacharacters (a;rm -rf x)', async (t) => {
  await expectRun(t, planted(), ['push', '--cluster', 'a;rm -rf x'], { code: 2, stderr: lines(
    'Refusing cluster name "a;rm -rf x": cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).',
    'hint: known clusters are a, b.',
  ) })
})

t.test('names: command substitution ($(id))', async (t) => {
  await expectRun(t, planted(), ['push', '--cluster', '$(id)'], { code: 2, stderr: lines(
    'Refusing cluster name "$(id)": cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).',
    'hint: known clusters are a, b.',
  ) })
})

t.test('names: path traversal (../../etc)', async (t) => {
  await expectRun(t, planted(), ['push', '--cluster', '../../etc'], { code: 2, stderr: lines(
    'Refusing cluster name "../../etc": cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).',
    'hint: known clusters are a, b.',
  ) })
})

t.test('names: path traversal to a planted cluster.yaml, through render-template', async (t) => {
  const root = planted()
  writeFileSync(join(root, 'values.json'), '{}')
  writeFileSync(join(root, 'template.eta'), 'region: <%= it.settings.region %>\n')
  await expectRun(t, root, ['render-template', '--values', 'values.json', '--template', 'template.eta', '--cluster', '../outside'], { code: 2, stderr: lines(
    'Refusing cluster name "../outside": cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).',
    'hint: known clusters are a, b.',
  ) })
})

t.test('names: an unknown but well-formed name in render-template', async (t) => {
  const root = fixture({ 'values.json': '{}', 'template.eta': 'x\n' })
  await expectRun(t, root, ['render-template', '--values', 'values.json', '--template', 'template.eta', '--cluster', 'c'], { code: 2, stderr: lines('Cannot find cluster "c": known clusters are a, b.') })
})

// ── tasks.ts ──

const graphFile = (...body: string[]): string => [`import { graph } from '${GRAPH_API}'`, 'export default graph()', ...body, ''].join('\n')

t.test('tasks.ts: a cycle', async (t) => {
  const root = fixture({
    'tasks.ts': graphFile("  .stage('a', { kind: 'pure', needs: ['c'] })", "  .stage('b', { kind: 'pure', needs: ['a'] })", "  .stage('c', { kind: 'pure', needs: ['b'] })", "  .target('c', { description: 'C', stages: ['c'] })"),
  })
  await expectRun(t, root, ['c', '--cluster', 'a'], { code: 2, stderr: lines(
    'tasks.ts:3:4 stages depend on each other in a cycle: a → c → b → a.',
    '    .stage(\'a\', { kind: \'pure\', needs: [\'c\'] })',
    '     ^',
    'hint: remove one of these needs.',
  ) })
})

t.test('tasks.ts: a need on an unknown stage', async (t) => {
  const root = fixture({ 'tasks.ts': graphFile("  .stage('outputs', { kind: 'read' })", "  .stage('render', { kind: 'pure', needs: ['output'] })", "  .target('render', { description: 'Render', stages: ['render'] })") })
  await expectRun(t, root, ['render', '--cluster', 'a'], { code: 2, stderr: lines(
    'tasks.ts:4:4 stage "render" needs "output", which is not a stage (did you mean "outputs"?).',
    '    .stage(\'render\', { kind: \'pure\', needs: [\'output\'] })',
    '     ^',
    'hint: stages are outputs, render.',
  ) })
})

t.test('tasks.ts: a target running an unknown stage', async (t) => {
  const root = fixture({ 'tasks.ts': graphFile("  .stage('outputs', { kind: 'read' })", "  .target('render', { description: 'Render', stages: ['rendr'] })") })
  await expectRun(t, root, ['help'], { code: 2, stderr: lines(
    'tasks.ts:4:4 target "render" runs "rendr", which is not a stage.',
    '    .target(\'render\', { description: \'Render\', stages: [\'rendr\'] })',
    '     ^',
    'hint: stages are outputs.',
  ) })
})

const SYNTAX_ERROR = graphFile("  .stage('a' { kind: 'pure' })", "  .target('a', { description: 'A', stages: ['a'] })")

t.test('tasks.ts: it throws on import', async (t) => {
  const root = fixture({ 'tasks.ts': "throw new Error('boom')\n" })
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    "tasks.ts:1:7 tasks.ts failed to load: boom",
    "  throw new Error('boom')",
    '        ^',
    'hint: fix it, then run again (--debug shows the whole error).',
  ) })
})

t.test('tasks.ts: a syntax error', async (t) => {
  await expectRun(t, fixture({ 'tasks.ts': SYNTAX_ERROR }), ['help'], { code: 2, stderr: lines(
    'tasks.ts:3:14 tasks.ts failed to load: Expected ")" but found "{"',
    "    .stage('a' { kind: 'pure' })",
    '               ^',
    'hint: fix it, then run again (--debug shows the whole error).',
  ) })
})

t.test('tasks.ts: what an import error points at, as load-graph.ts would report it', async (t) => {
  // The same texts as the two cases above, from the diag side alone: errorLocation finds the
  // place, the printer shows it; load-graph.ts has only to pass `at` (see the report).
  const report = async (source: string): Promise<string> => {
    const root = fixture({ 'tasks.ts': source })
    const file = join(root, 'tasks.ts')
    const error = await import(pathToFileURL(file).href).then(() => undefined, (e: unknown) => e)
    const where = errorLocation(error, file)
    if (!where) return `not located: ${String(error)}`
    const failure: Failure = { reason: 'bad-graph-module', file, detail: where.message, at: { ...where.at, file: 'tasks.ts' } }
    return formatFailure(failure, (f, n) => readFileSync(join(root, f), 'utf8').split('\n')[n - 1])
  }
  t.equal(await report("throw new Error('boom')\n"), "tasks.ts:1:7 tasks.ts failed to load: boom\n  throw new Error('boom')\n        ^\nhint: fix it, then run again (--debug shows the whole error).")
  t.equal(await report(SYNTAX_ERROR), 'tasks.ts:3:14 tasks.ts failed to load: Expected ")" but found "{"\n    .stage(\'a\' { kind: \'pure\' })\n               ^\nhint: fix it, then run again (--debug shows the whole error).')
  t.equal(errorLocation(new Error('elsewhere'), '/nowhere/tasks.ts'), undefined, 'an error that points elsewhere is not located')
})

// ── the state directory ──

t.test('state: a corrupt cache record is a warning and a rerun', async (t) => {
  const root = fixture()
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).code, 0)
  writeFileSync(join(root, '.tasks/cache/a/render.json'), '{"format":1,')
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 0, stderr: lines(
    'warning: ignoring corrupt cache record .tasks/cache/a/render.json (Expected double-quoted property name in JSON at position 12); the stage will run',
    '1 cluster: 1 ok, 0 failed',
  ) })
  t.equal(JSON.parse(readFileSync(join(root, '.tasks/cache/a/render.json'), 'utf8')).stage, 'render', 'the stage ran again and was recorded')
})

t.test('state: a cache record of another shape is a warning and a rerun', async (t) => {
  const root = fixture()
  t.equal((await runCli(root, ['push', '--cluster', 'a'])).code, 0)
  writeFileSync(join(root, '.tasks/cache/a/render.json'), '[1, 2, 3]\n')
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 0, stderr: lines(
    'warning: ignoring cache record .tasks/cache/a/render.json: not a tasks cache record; the stage will run',
    '1 cluster: 1 ok, 0 failed',
  ) })
  t.equal(JSON.parse(readFileSync(join(root, '.tasks/cache/a/render.json'), 'utf8')).stage, 'render', 'the stage ran again and was recorded')
})

t.test('state: a corrupt lock file', async (t) => {
  const root = fixture()
  mkdirSync(join(root, '.tasks/locks'), { recursive: true })
  writeFileSync(join(root, '.tasks/locks/a.lock'), '{"pid":')
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 3, stderr: lines(
    'Cluster "a" is locked by {root}/.tasks/locks/a.lock, which is not a lock tasks can read: it is not JSON (Unexpected end of JSON input).',
    'hint: tasks writes its locks whole, so this one is damaged or foreign; if no tasks run is active on this cluster, remove it (rm {root}/.tasks/locks/a.lock) and run again.',
  ) })
})

t.test('state: .tasks is a file, not a directory', async (t) => {
  const root = fixture({ '.tasks': 'not a directory\n' })
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'Cannot write tasks\'s state to {root}/.tasks/secret.key: a parent is a file, not a directory (ENOTDIR).',
    'hint: tasks keeps cache records, logs and locks under {root}/.tasks; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.',
  ) })
})

t.test('state: .tasks cannot be written (permission denied)', async (t) => {
  const root = fixture()
  const denied = (path: string): Error => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path })
  const underState = (path: string): boolean => path.startsWith(join(root, '.tasks'))
  const fs: FileSystem = {
    ...nodeFileSystem,
    writeAtomic: async (path, data, mode) => (underState(path) ? Promise.reject(denied(path)) : nodeFileSystem.writeAtomic(path, data, mode)),
    createExclusive: async (path, data, mode) => (underState(path) ? Promise.reject(denied(path)) : nodeFileSystem.createExclusive(path, data, mode)),
    openLog: async (path) => (underState(path) ? Promise.reject(denied(path)) : nodeFileSystem.openLog(path)),
  }
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'Cannot write tasks\'s state to {root}/.tasks/secret.key: permission denied (EACCES).',
    'hint: tasks keeps cache records, logs and locks under {root}/.tasks; make it writable (or set stateDir in .tasksrc.yaml to a writable directory), then run again.',
  ) }, { ports: { fs } })
})

// ── the project ──

t.test('project: an empty clusters directory (a stray file in it)', async (t) => {
  const root = makeProject({ 'tasks.ts': fixtureFiles()['tasks.ts'], 'clusters/.keep': '', 'clusters/README.md': '# clusters\n' })
  await expectRun(t, root, ['push', '--all'], { code: 2, stderr: lines(
    'No clusters found in clusters.',
    'hint: create clusters/<name>/cluster.yaml.',
  ) })
})

t.test('project: no clusters directory at all', async (t) => {
  const root = makeProject({ 'tasks.ts': fixtureFiles()['tasks.ts'] })
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'No clusters found in clusters.',
    'hint: create clusters/<name>/cluster.yaml.',
  ) })
})

t.test('project: a bad setting in .tasksrc.yaml', async (t) => {
  await expectRun(t, fixture({ '.tasksrc.yaml': 'clustersDir: clusters\nconcurrency: 0\n' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    '.tasksrc.yaml:2:1 setting "concurrency" must be a whole number of at least 1, not 0',
    '  concurrency: 0',
    '  ^',
  ) })
})

t.test('project: no project above the working directory', async (t) => {
  const root = fixture()
  await expectRun(t, root, ['help'], { code: 2, stderr: lines(
    'No tasks project found from /: no tasks.ts, .tasksrc.yaml or package.json "tasks" key in it or any parent directory.',
    'hint: run tasks inside the repository.',
  ) }, { cwd: '/' })
})

// ── hostile input: never an internal error, never the terminal taken over ──

/** Two entries of clusters/ that link to each other: every stat of them fails with ELOOP. */
const loop = (root: string): void => {
  symlinkSync('loop1', join(root, 'clusters/loop2'))
  symlinkSync('loop2', join(root, 'clusters/loop1'))
}

t.test('hostile: a symlink loop in clusters/ is skipped with a warning', async (t) => {
  const root = fixture()
  loop(root)
  symlinkSync('nowhere', join(root, 'clusters/gone'))
  await expectRun(t, root, ['push', '--cluster', 'a'], { code: 0, stderr: lines(
    'warning: skipping clusters/gone: a symbolic link to nothing',
    'warning: skipping clusters/loop1: a loop of symbolic links (ELOOP)',
    'warning: skipping clusters/loop2: a loop of symbolic links (ELOOP)',
    '1 cluster: 1 ok, 0 failed',
  ) })
})

t.test('hostile: a symlink loop named as the cluster is an error', async (t) => {
  const root = fixture()
  loop(root)
  await expectRun(t, root, ['push', '--cluster', 'loop1'], { code: 2, stderr: lines(
    'warning: skipping clusters/loop1: a loop of symbolic links (ELOOP)',
    'warning: skipping clusters/loop2: a loop of symbolic links (ELOOP)',
    'Cannot find cluster "loop1": known clusters are a, b.',
  ) })
  writeFileSync(join(root, 'values.json'), '{}')
  await expectRun(t, root, ['render-template', '--values', 'values.json', '--template', 'values.json', '--cluster', 'loop1'], { code: 2, stderr: lines(
    'Cannot read the cluster settings clusters/loop1/cluster.yaml: a loop of symbolic links (ELOOP).',
    'hint: clusters/loop1 must be a directory holding a readable cluster.yaml: fix or remove it.',
  ) })
})

t.test('hostile: validate skips a symlink loop with a warning', async (t) => {
  await expectRun(t, demo(loop), ['validate', '--all'], { code: 0, stdout: lines(
    'clusters/loop1:1:1 warning: skipped: a loop of symbolic links (ELOOP) [cluster-dir]',
    'clusters/loop2:1:1 warning: skipped: a loop of symbolic links (ELOOP) [cluster-dir]',
    '✔ 1 cluster valid (2 warnings).',
  ), stderr: '' })
})

/** Nine levels of aliases of nine aliases each: 9^9 nodes if expanded. */
const BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n') + '\n'

t.test('hostile: an alias bomb in cluster.yaml', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': BOMB }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:8 its aliases (*name) expand to too many nodes (Excessive alias count indicates a resource exhaustion attack)',
    '  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    '         ^',
    'hint: write the values out instead of nesting aliases: tasks settings need few aliases, if any.',
  ) })
})

t.test('hostile: an alias bomb in .tasksrc.yaml', async (t) => {
  await expectRun(t, fixture({ '.tasksrc.yaml': BOMB }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    '.tasksrc.yaml:2:8 its aliases (*name) expand to too many nodes (Excessive alias count indicates a resource exhaustion attack)',
    '  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    '         ^',
    'hint: write the values out instead of nesting aliases: tasks settings need few aliases, if any.',
  ) })
})

t.test('hostile: .tasksrc.json that is not JSON', async (t) => {
  await expectRun(t, fixture({ '.tasksrc.json': '{"concurrency": 2,' }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    '.tasksrc.json:1:19 not valid JSON: Expected double-quoted property name',
    '  {"concurrency": 2,',
    '                    ^',
    'hint: fix the JSON, or write the settings as YAML in .tasksrc.yaml.',
  ) })
})

/** A key holding a window-title escape and a clear-screen sequence. */
const ESCAPES = 'x\x1b]0;pwned\x07\x1b[2J'

t.test('hostile: terminal escapes from cluster.yaml are shown escaped, in a run', async (t) => {
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': `region: eu-west-1\n"${ESCAPES}": 1\n` }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:2:1 unknown setting "x\\x1b]0;pwned\\x07\\x1b[2J"; known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template',
    '  "x\\x1b]0;pwned\\x07\\x1b[2J": 1',
    '  ^',
  ) })
})

t.test('hostile: terminal escapes from cluster.yaml are shown escaped, by validate', async (t) => {
  const root = demo((r) => editFile(r, 'clusters/demo/cluster.yaml', (s) => `${s}"${ESCAPES}": 1\n`))
  const r = await expectRun(t, root, ['validate', '--cluster', 'demo'], { code: 2, stderr: '', stdout: lines(
    'clusters/demo/cluster.yaml:34:1 error: unknown setting "x\\x1b]0;pwned\\x07\\x1b[2J"; known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template [cluster-yaml]',
    '  "x\\x1b]0;pwned\\x07\\x1b[2J": 1',
    '  ^',
    '✖ 1 cluster checked: 1 error, 0 warnings.',
  ) })
  t.notMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, 'no control character reaches the terminal')
})

t.test('hostile: a very long line is quoted around the column only', async (t) => {
  const yaml = `region: eu-west-1\nprofile: a\nregion: eu-west-2 ${'#'.repeat(3000)}\n`
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': yaml }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:3:1 Map keys must be unique',
    `  region: eu-west-2 ${'#'.repeat(182)}…`,
    '  ^',
  ) })
})

t.test('hostile: a cluster.yaml over 1 MiB is refused before parsing', async (t) => {
  const huge = `region: eu-west-1\nprofile: ${'p'.repeat(1 << 20)}\n`
  await expectRun(t, fixture({ 'clusters/a/cluster.yaml': huge }), ['push', '--cluster', 'a'], { code: 2, stderr: lines(
    'clusters/a/cluster.yaml:1:1 the file is 1048604 bytes, over the limit of 1048576 bytes (1 MiB) for a settings file; it was not read',
    'hint: a settings file this large is a mistake (a generated file saved under this name?): make it the few settings it should hold.',
  ) })
})

t.test('hostile: validate --all refuses directories whose names a run refuses', async (t) => {
  const root = demo((r) => {
    for (const name of ['sp ace', ';rm -rf x', '-lead']) {
      mkdirSync(join(r, 'clusters', name))
      writeFileSync(join(r, 'clusters', name, 'cluster.yaml'), 'region: eu-west-1\n')
    }
  })
  await expectRun(t, root, ['validate', '--all'], { code: 2, stdout: lines(
    'clusters/-lead/cluster.yaml:1:1 error: the directory "-lead" cannot be a cluster: cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit, and a run refuses any other [cluster-name]',
    '  hint: rename the directory, e.g. to clusters/lead',
    'clusters/;rm -rf x/cluster.yaml:1:1 error: the directory ";rm -rf x" cannot be a cluster: cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit, and a run refuses any other [cluster-name]',
    '  hint: rename the directory, e.g. to clusters/rm-rf-x',
    'clusters/sp ace/cluster.yaml:1:1 error: the directory "sp ace" cannot be a cluster: cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit, and a run refuses any other [cluster-name]',
    '  hint: rename the directory, e.g. to clusters/sp-ace',
    '✖ 4 clusters checked: 3 errors, 0 warnings.',
  ), stderr: '' })
})

// ── internal errors: one line and a hint; the stack only with --debug ──

const throwingGraph = (): string =>
  fixture({ 'tasks.ts': graphFile("  .stage('a', { kind: 'pure', settings: () => { throw new Error('settings broke') } })", "  .target('a', { description: 'A', stages: ['a'] })") })

t.test('internal error: one line and a hint, no stack', async (t) => {
  await expectRun(t, throwingGraph(), ['a', '--cluster', 'a'], { code: 1, stderr: lines(
    'tasks: internal error: settings broke',
    'hint: rerun with --debug for the stack trace, and report it.',
  ) })
})

t.test('internal error with --debug: the stack trace', async (t) => {
  const r = await runCli(throwingGraph(), ['a', '--cluster', 'a', '--debug'])
  t.equal(r.code, 1)
  t.match(r.stderr, /^tasks: internal error: Error: settings broke\n {4}at Object\.settings \(\S+\/tasks\.ts:3:\d+\)\n( {4}at .*\n)+$/)
})

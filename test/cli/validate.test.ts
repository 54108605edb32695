// `tasks validate` end to end, in-process through main(): the repository's clusters, each kind of
// problem at its file:line:column, --staged on git's index, the pre-commit hook, remembered results.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

// Every test runs main() in-process but the hook test, which commits through git and so runs the
// compiled bin twice (after a source change the first run rebuilds it). Under a loaded suite that
// alone can take a minute, so the file gets more than the suite's per-file timeout (package.json).
t.setTimeout(180_000)

const CLUSTERS = ['demo', 'example-dev', 'example-prod']
const TEMPLATE = '2-kops/cluster-template.yml.eta'
/** example-dev runs on real AWS and its cluster.yaml sets no account: every check of it warns so. */
const DEV_WARNING = 'clusters/example-dev/cluster.yaml:4:1 warning: cluster "example-dev" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on [account-missing]\n  profile: acme-dev\n  ^\n  hint: add `account: "<its 12-digit AWS account ID>"` to clusters/example-dev/cluster.yaml; `tasks doctor` shows the account its credentials sign in to\n'

/** A project copy with the three clusters, and an edit helper for its files. */
function project() {
  const root = repoCopy(CLUSTERS)
  const edit = (file: string, from: string | RegExp, to: string) => {
    const text = readFileSync(join(root, file), 'utf8')
    const next = text.replace(from, to)
    if (next === text) throw new Error(`${file}: nothing replaced`)
    writeFileSync(join(root, file), next)
  }
  const validate = (...argv: string[]) => runCli(root, ['validate', ...argv], { ports: { tools: processRunner } })
  return { root, edit, validate }
}

t.test("the project's own clusters validate clean", async (t) => {
  const { validate } = project()
  t.same(await validate('--all'), { code: 0, stdout: `${DEV_WARNING}✔ 3 clusters valid (1 warning).\n`, stderr: '' }, 'a warning leaves the exit code 0')
  t.same(await validate('--cluster', 'demo'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' })
  t.same(await validate(), { code: 0, stdout: `${DEV_WARNING}✔ 3 clusters valid (1 warning).\n`, stderr: '' }, 'no selection: every cluster')
})

t.test('a rule broken in the template is reported at the template line, once for every cluster it breaks', async (t) => {
  const { edit, validate } = project()
  edit(TEMPLATE, /^ {2}role: Node$/m, '  role: Nodes')
  const r = await validate('--cluster', 'demo,example-dev')
  t.equal(r.code, 2)
  t.equal(r.stdout, "2-kops/cluster-template.yml.eta:228:9 error: spec.role: Unsupported value: \"Nodes\": supported values: \"ControlPlane\", \"Master\", \"Node\", \"Bastion\", \"APIServer\" [ig-role] (clusters demo, example-dev)\n    role: Nodes\n          ^\n  hint: did you mean \"Node\"?\nclusters/demo/cluster.yml:170:1 error: clusters/demo/cluster.yml is stale: the template now renders \"  role: Nodes\" here [stale-generated]\n    role: Node\n  ^\n  hint: regenerate it with `npx tasks cluster-template --cluster demo` (and `npx tasks cluster-update --cluster demo` for kubernetes.tf), then commit both\n" + DEV_WARNING + "clusters/example-dev/cluster.yml:170:1 error: clusters/example-dev/cluster.yml is stale: the template now renders \"  role: Nodes\" here [stale-generated]\n    role: Node\n  ^\n  hint: regenerate it with `npx tasks cluster-template --cluster example-dev` (and `npx tasks cluster-update --cluster example-dev` for kubernetes.tf), then commit both\n✖ 2 clusters checked: 3 errors, 1 warning.\n")
})

t.test('a template syntax error is reported at its line', async (t) => {
  const { edit, validate } = project()
  edit(TEMPLATE, 'clusterId: <%= it.cluster_name %>', 'clusterId: <%= it.cluster_name) %>')
  const r = await validate('--cluster', 'demo')
  t.equal(r.code, 2)
  t.equal(r.stdout, "2-kops/cluster-template.yml.eta:40:18 error: syntax error in the expression: Unexpected token ')' [template] (cluster demo)\n        clusterId: <%= it.cluster_name) %>\n                   ^\n✖ 1 cluster checked: 1 error, 0 warnings.\n")
})

t.test('a value the outputs do not define is reported where the template reads it', async (t) => {
  const { edit, validate } = project()
  edit(TEMPLATE, 'Environment: <%= it.environment %>', 'Environment: <%= it.enviroment %>')
  const r = await validate('--cluster', 'demo')
  t.equal(r.code, 2)
  t.equal(r.stdout, "2-kops/cluster-template.yml.eta:50:22 error: the template uses it.enviroment, but the cluster's outputs define no \"enviroment\" [template-value] (cluster demo)\n      Environment: <%= it.enviroment %>\n                       ^\n  hint: add output \"enviroment\" to 1-prerequisites/outputs.tf (or to the mock outputs), or fix the name\n✖ 1 cluster checked: 1 error, 0 warnings.\n")
})

t.test('cluster.yaml problems are reported at their own line', async (t) => {
  const { edit, validate } = project()
  edit('clusters/demo/cluster.yaml', 'region: us-east-1\n', 'region: us-east-1\nregoin: eu-west-1\nprotected: maybe\n')
  const r = await validate('--cluster', 'demo')
  t.equal(r.code, 2)
  t.equal(r.stdout, "clusters/demo/cluster.yaml:6:1 error: unknown setting \"regoin\" (did you mean \"region\"?); known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template [cluster-yaml]\n  regoin: eu-west-1\n  ^\nclusters/demo/cluster.yaml:7:12 error: \"protected\" must be a boolean (refuse teardown without --allow-protected), not \"maybe\" [cluster-yaml]\n  protected: maybe\n             ^\n✖ 1 cluster checked: 2 errors, 0 warnings.\n")
  edit('clusters/demo/cluster.yaml', 'regoin: eu-west-1\n', 'regoin: [eu-west-1\n')
  t.equal((await validate('--cluster', 'demo')).stdout, "clusters/demo/cluster.yaml:7:1 error: Flow sequence in block collection must be sufficiently indented and end with a ] [cluster-yaml]\n  protected: maybe\n  ^\n✖ 1 cluster checked: 1 error, 0 warnings.\n")
})

/** The errors a copy of demo (clusters/demo-b, nothing renamed) has: it shares demo's states and name. */
const COPY_ERRORS = [
  'clusters/demo-b/cluster.yaml:16:55 error: backends.prerequisites (bucket "demo-terraform-state", key "demo/1-prerequisites.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:16:55): the clusters would share one Terraform state [shared-backend]',
  '    prerequisites: { bucket: demo-terraform-state, key: demo/1-prerequisites.tfstate, region: us-east-1 }',
  '                                                        ^',
  '  hint: each cluster needs its own state: change the key here or there, e.g. key: demo-b/1-prerequisites.tfstate',
  'clusters/demo-b/cluster.yaml:17:46 error: backends.kops (bucket "demo-terraform-state", key "demo/2-kops.tfstate") is also the backend of cluster "demo" (clusters/demo/cluster.yaml:17:46): the clusters would share one Terraform state [shared-backend]',
  '    kops: { bucket: demo-terraform-state, key: demo/2-kops.tfstate, region: us-east-1 }',
  '                                               ^',
  '  hint: each cluster needs its own state: change the key here or there, e.g. key: demo-b/2-kops.tfstate',
  'clusters/demo-b/cluster.yaml:21:17 error: "prerequisites.cluster_name" "demo.k8s.local" is also the cluster name of cluster "demo" (clusters/demo/cluster.yaml:21:17): kOps would manage both as one cluster [shared-cluster-name]',
  '    cluster_name: demo.k8s.local',
  '                  ^',
  '  hint: give each cluster its own name, e.g. demo-b.k8s.local',
  '',
].join('\n')

/** demo-b as a copy should be made: its own cluster name and state keys. */
const ownCopy = (yaml: string): string => yaml.replaceAll('demo.k8s.local', 'demo-b.k8s.local').replaceAll('key: demo/', 'key: demo-b/')

t.test('prerequisites values are checked at their own line and column, and a run refuses the same', async (t) => {
  const { edit, validate, root } = project()
  edit('clusters/demo/cluster.yaml', 'cluster_version: 1.28.9', 'cluster_version: banana')
  edit('clusters/demo/cluster.yaml', 'vpc_cidr_block: 10.0.0.0/16', 'vpc_cidr_block: 10.0.0.0/33')
  t.same(await validate('--cluster', 'demo'), { code: 2, stderr: '', stdout: [
    'clusters/demo/cluster.yaml:22:20 error: "prerequisites.cluster_version" must be a Kubernetes version (MAJOR.MINOR.PATCH), not "banana" [kubernetes-version]',
    '    cluster_version: banana',
    '                     ^',
    '  hint: write it like 1.28.9 or v1.28.9',
    'clusters/demo/cluster.yaml:26:19 error: "prerequisites.vpc_cidr_block" must be an IPv4 CIDR (ADDRESS/PREFIX), not "10.0.0.0/33": the prefix must be a number from 0 to 32 [cidr]',
    '    vpc_cidr_block: 10.0.0.0/33',
    '                    ^',
    '  hint: write ADDRESS/PREFIX with the first address of the range, e.g. 10.0.0.0/16',
    '✖ 1 cluster checked: 2 errors, 0 warnings.',
    '',
  ].join('\n') })
  const run = await runCli(root, ['cluster-template', '--cluster', 'demo'])
  t.same(run, { code: 2, stdout: '', stderr: [
    'clusters/demo/cluster.yaml:22:20 "prerequisites.cluster_version" must be a Kubernetes version (MAJOR.MINOR.PATCH), not "banana"',
    '    cluster_version: banana',
    '                     ^',
    'hint: write it like 1.28.9 or v1.28.9; `npx tasks validate --cluster demo` lists both problems of this file.',
    '',
  ].join('\n') }, 'the run stops on load, at the same place, before any tool runs')
})

t.test('an empty cluster.yaml: exit 2 at 1:1 with the settings it needs; an incomplete one at the file', async (t) => {
  const { root, validate } = project()
  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), '# to be written\n')
  t.same(await validate('--cluster', 'demo'), { code: 2, stderr: '', stdout: [
    'clusters/demo/cluster.yaml:1:1 error: cluster.yaml holds no settings: every run of this cluster would stop [cluster-empty]',
    '  # to be written',
    '  ^',
    '  hint: write its settings: profile, region, backends.prerequisites, backends.kops and prerequisites (project_short, environment, cluster_name, cluster_version, cluster_master_azs, kops_ami_id, vpc_id, vpc_cidr_block, shared_vpc_cidr_block, availability_zones, public_subnet_ids, private_subnet_ids, nat_gateway_ids, ssh_pub_key_path, devops_role); README.md ("cluster.yaml") describes them',
    '✖ 1 cluster checked: 1 error, 0 warnings.',
    '',
  ].join('\n') })
  writeFileSync(join(root, 'clusters/demo/cluster.yaml'), 'sandbox: true\nprofile: demo\nregion: us-east-1\nbackends:\n  prerequisites: { bucket: b, key: demo/1.tfstate }\n  kops: { bucket: b, key: demo/2.tfstate }\nprerequisites:\n  project_short: demo\n')
  const r = await validate('--cluster', 'demo')
  t.equal(r.code, 2)
  t.equal(r.stdout, 'clusters/demo/cluster.yaml:7:1 error: missing required variables in "prerequisites": environment, cluster_name, cluster_version, cluster_master_azs, kops_ami_id, vpc_id, vpc_cidr_block, shared_vpc_cidr_block, availability_zones, public_subnet_ids, private_subnet_ids, nat_gateway_ids, ssh_pub_key_path, devops_role (no default in 1-prerequisites) [prerequisites-missing]\n  prerequisites:\n  ^\n  hint: add them under prerequisites:, as 1-prerequisites/variables.tf describes\n✖ 1 cluster checked: 1 error, 0 warnings.\n')
})

t.test('a 1-prerequisites file whose variables cannot be read is reported at its line', async (t) => {
  const { edit, validate } = project()
  edit('1-prerequisites/variables.tf', 'description = "Kubernetes version"', 'description = "Kubernetes version')
  t.same(await validate('--cluster', 'demo'), { code: 2, stderr: '', stdout: [
    '1-prerequisites/variables.tf:29:17 error: cannot read the variables of 1-prerequisites/variables.tf: the string is never closed on its line [layer-variables] (cluster demo)',
    '    description = "Kubernetes version',
    '                  ^',
    '  hint: fix the file (terraform fmt shows where); the prerequisites of every cluster are checked against these variables',
    '✖ 1 cluster checked: 1 error, 0 warnings.',
    '',
  ].join('\n') })
})

t.test('a copy of a cluster is caught when only the copy is validated, naming the file it copies', async (t) => {
  const { root, validate } = project()
  cpSync(join(root, 'clusters/demo'), join(root, 'clusters/demo-b'), { recursive: true })
  t.same(await validate('--cluster', 'demo-b'), { code: 2, stderr: '', stdout: `${COPY_ERRORS}✖ 1 cluster checked: 3 errors, 0 warnings.\n` })
  const all = await validate('--all', '--json')
  t.same(JSON.parse(all.stdout).problems.filter((p: { rule: string }) => p.rule.startsWith('shared-')).map((p: { file: string; line: number }) => `${p.file}:${p.line}`), [
    'clusters/demo-b/cluster.yaml:16', 'clusters/demo-b/cluster.yaml:17', 'clusters/demo-b/cluster.yaml:21',
    'clusters/demo/cluster.yaml:16', 'clusters/demo/cluster.yaml:17', 'clusters/demo/cluster.yaml:21',
  ], 'validating both: each file is told about the other')
  const file = join(root, 'clusters/demo-b/cluster.yaml')
  writeFileSync(file, ownCopy(readFileSync(file, 'utf8')))
  t.same(await validate('--cluster', 'demo-b'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' }, 'with its own name and keys it is valid')
})

t.test('outputs: not JSON (at the offending character), mock outputs before prerequisites exist, none at all', async (t) => {
  const { root, edit, validate } = project()
  edit('clusters/demo/outputs.json', '"sensitive": false,', '"sensitive": false,,')
  t.equal((await validate('--cluster', 'demo')).stdout, "clusters/demo/outputs.json:3:24 error: outputs.json is not valid JSON: Expected double-quoted property name [outputs-json]\n      \"sensitive\": false,,\n                         ^\n  hint: it holds `terraform output -json` of the 1-prerequisites layer\n✖ 1 cluster checked: 1 error, 0 warnings.\n")
  const recorded = readFileSync(join(root, 'clusters/example-dev/outputs.json'), 'utf8')
  rmSync(join(root, 'clusters/example-dev/outputs.json'))
  t.equal((await validate('--cluster', 'example-dev')).stdout, "clusters/example-dev/cluster.yaml:1:1 error: cluster \"example-dev\" has no recorded outputs (outputs.json) and no outputs.mock.json [outputs-missing]\n  # A development cluster on real AWS: gossip DNS, one control-plane node, spot workers for batch jobs.\n  ^\n  hint: run `npx tasks cluster-template --cluster example-dev` once to record its outputs, or write clusters/example-dev/outputs.mock.json before its prerequisites exist\n" + DEV_WARNING + "✖ 1 cluster checked: 1 error, 1 warning.\n")
  writeFileSync(join(root, 'clusters/example-dev/outputs.mock.json'), recorded)
  t.same(await validate('--cluster', 'example-dev'), { code: 0, stdout: `${DEV_WARNING}✔ 1 cluster valid (1 warning).\n`, stderr: '' })
})

t.test('--manifest checks files as they are; --json for editors', async (t) => {
  const { root, edit, validate } = project()
  t.same(await validate('--manifest', 'clusters/demo/cluster.yml', 'clusters/example-prod/cluster.yml'), { code: 0, stdout: '✔ 2 manifests valid.\n', stderr: '' })
  edit('clusters/demo/cluster.yml', 'networkCIDR: 10.0.0.0/16', 'networkCIDR: 10.0.0.1/16')
  const r = await validate('--manifest', 'clusters/demo/cluster.yml')
  t.equal(r.code, 2)
  t.equal(r.stdout, "clusters/demo/cluster.yml:67:16 error: spec.networkCIDR: Invalid value: \"10.0.0.1/16\": Network contains bits outside prefix (did you mean \"10.0.0.0/16\") [cidr-not-canonical]\n    networkCIDR: 10.0.0.1/16\n                 ^\n  hint: write 10.0.0.0/16: the address must be the first of its range\n✖ 1 manifest checked: 1 error, 0 warnings.\n")
  const json = await validate('--manifest', 'clusters/demo/cluster.yml', '--json')
  t.equal(json.code, 2)
  t.same(JSON.parse(json.stdout), {"ok": false, "checked": {"files": ["clusters/demo/cluster.yml"]}, "problems": [{"file": "clusters/demo/cluster.yml", "line": 67, "column": 16, "severity": "error", "rule": "cidr-not-canonical", "message": "spec.networkCIDR: Invalid value: \"10.0.0.1/16\": Network contains bits outside prefix (did you mean \"10.0.0.0/16\")", "hint": "write 10.0.0.0/16: the address must be the first of its range", "clusters": []}]})
  t.same(await validate('--manifest', 'nope.yml'), { code: 2, stdout: '', stderr: 'Cannot read the manifest nope.yml: no such file.\n' })
  t.same(await validate('clusters/demo/cluster.yml'), {
    code: 2,
    stdout: '',
    stderr: 'Option --manifest is required here.\nhint: to check "clusters/demo/cluster.yml" as a kOps manifest: tasks validate --manifest FILE…; clusters are chosen with --cluster NAME\n',
  })
  void root
})

t.test('--staged validates what git holds in its index, for the clusters staged files touch', async (t) => {
  const { root, edit, validate } = project()
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' })
  git('init', '-q')
  git('add', '-A')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init')
  t.same(await validate('--staged'), { code: 0, stdout: 'No staged change touches a cluster: nothing to validate.\n', stderr: '' })
  // --changed selecting nothing says so, in the run's words (not "✔ 0 clusters valid.").
  t.same(await validate('--changed'), { code: 0, stdout: 'No cluster changed since HEAD: nothing to validate.\n', stderr: '' })
  const none = await validate('--changed', '--since', 'HEAD', '--json')
  t.same([none.code, JSON.parse(none.stdout)], [0, { ok: true, checked: { clusters: [] }, problems: [] }])
  edit('clusters/example-dev/cluster.yaml', 'region: us-east-1\n', 'region: us-east-1\nregoin: x\n')
  git('add', 'clusters/example-dev/cluster.yaml')
  edit('clusters/example-dev/cluster.yaml', 'regoin: x\n', '')
  const r = await validate('--staged')
  t.equal(r.code, 2)
  t.equal(r.stdout, "clusters/example-dev/cluster.yaml:6:1 error: unknown setting \"regoin\" (did you mean \"region\"?); known settings here are description, profile, region, account, name, sandbox, protected, wave, protect, kopsVersion, terraformVersion, sshPublicKey, env, backends, prerequisites, template [cluster-yaml]\n  regoin: x\n  ^\n✖ 1 cluster checked: 1 error, 0 warnings.\n")
  // A staged copy of demo: only the copy is selected, and it is checked against every cluster.
  git('reset', '-q')
  cpSync(join(root, 'clusters/demo'), join(root, 'clusters/demo-b'), { recursive: true })
  git('add', 'clusters/demo-b')
  t.same(await validate('--staged'), { code: 2, stderr: '', stdout: `${COPY_ERRORS}✖ 1 cluster checked: 3 errors, 0 warnings.\n` })
})

t.test('--staged in a project below the top of its git repository reads the index at the right paths', async (t) => {
  const { root: copy } = project()
  // The repository's top is one level up: the project lives in infra/.
  const top = mkdtempSync(join(tmpdir(), 'tasks-staged-top-'))
  t.teardown(() => rmSync(top, { recursive: true, force: true }))
  const root = join(top, 'infra')
  renameSync(copy, root)
  const git = (...args: string[]) => execFileSync('git', ['-C', top, ...args], { encoding: 'utf8' })
  git('init', '-q')
  git('add', '-A')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init')
  const file = join(root, 'clusters/example-dev/cluster.yaml')
  const good = readFileSync(file, 'utf8')
  writeFileSync(file, good.replace('region: us-east-1\n', 'region: us-east-1\nregoin: x\n'))
  git('add', 'infra/clusters/example-dev/cluster.yaml')
  writeFileSync(file, good)
  const r = await runCli(root, ['validate', '--staged'], { ports: { tools: processRunner } })
  t.equal(r.code, 2, 'the staged (broken) text is checked, not the clean working copy')
  t.match(r.stdout, /^clusters\/example-dev\/cluster\.yaml:6:1 error: unknown setting "regoin"/)
})

// The hook runs `node scripts/bin/tasks.mjs validate --staged` through git, twice: real processes,
// and the first may rebuild the bin's compiled build after a source change. 120 s covers that on a
// loaded two-core machine; everything else here runs in-process.
t.test('the installed pre-commit hook stops the commit of a copied cluster, and lets it through once it has its own name and state', { timeout: 120_000 }, async (t) => {
  const { root } = project()
  const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8', stdio: 'pipe' })
  git('init', '-q')
  git('add', '-A')
  git('commit', '-qm', 'init', '--no-verify')
  const installed = await runCli(root, ['hooks', 'install'], { ports: { tools: processRunner }, bin: join(root, 'scripts/bin/tasks.mjs') })
  t.equal(installed.code, 0)
  cpSync(join(root, 'clusters/demo'), join(root, 'clusters/demo-b'), { recursive: true })
  git('add', 'clusters/demo-b')
  const refused = (() => {
    try {
      git('commit', '-qm', 'copy')
      return undefined
    } catch (error) {
      return error as { status: number; stderr: string }
    }
  })()
  t.equal(refused?.status, 1, 'git refuses the commit')
  // git sends a hook's output to stderr
  t.equal(refused?.stderr, `${COPY_ERRORS}✖ 1 cluster checked: 3 errors, 0 warnings.\n`)
  const file = join(root, 'clusters/demo-b/cluster.yaml')
  writeFileSync(file, ownCopy(readFileSync(file, 'utf8')))
  git('add', 'clusters/demo-b')
  git('commit', '-qm', 'demo-b')
  t.equal(git('log', '--format=%s', '-1'), 'demo-b\n')
})

t.test('results are remembered by content: unchanged clusters are served from .tasks/cache/validate.json, any changed input is checked again', async (t) => {
  const { root, edit, validate } = project()
  t.equal((await validate('--all')).code, 0)
  const file = join(root, '.tasks/cache/validate.json')
  const stored = JSON.parse(readFileSync(file, 'utf8'))
  t.same(Object.keys(stored.entries).sort(), CLUSTERS)
  // A planted result with demo's key is what validate reports: it did not check demo again.
  const planted = { at: { file: 'clusters/demo/cluster.yaml', line: 2, column: 1 }, rule: 'planted', severity: 'error', message: 'from the cache' }
  stored.entries.demo.problems = [planted]
  writeFileSync(file, JSON.stringify(stored))
  const served = await validate('--cluster', 'demo')
  t.equal(served.code, 2)
  t.match(served.stdout, /^clusters\/demo\/cluster\.yaml:2:1 error: from the cache \[planted\]\n/)
  edit('clusters/demo/cluster.yaml', 'description: ', 'description: Still ')
  t.same(await validate('--cluster', 'demo'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' }, 'a changed cluster.yaml is checked again')
  writeFileSync(file, '{"format": 1, "entr')
  t.same(await validate('--all'), { code: 0, stdout: `${DEV_WARNING}✔ 3 clusters valid (1 warning).\n`, stderr: '' }, 'a damaged cache is ignored')
  t.equal(JSON.parse(readFileSync(file, 'utf8')).format, 2, 'and rewritten')
})

t.test('a cluster on real AWS without account: a warning at its profile (exit 0), gone once account is set; sandboxes never warn', async (t) => {
  const { edit, validate } = project()
  t.same(await validate('--cluster', 'example-dev'), { code: 0, stdout: `${DEV_WARNING}✔ 1 cluster valid (1 warning).\n`, stderr: '' })
  const json = await validate('--cluster', 'example-dev', '--json')
  t.equal(json.code, 0)
  t.same(JSON.parse(json.stdout).problems, [{
    file: 'clusters/example-dev/cluster.yaml', line: 4, column: 1, severity: 'warning', rule: 'account-missing',
    message: 'cluster "example-dev" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on',
    hint: 'add `account: "<its 12-digit AWS account ID>"` to clusters/example-dev/cluster.yaml; `tasks doctor` shows the account its credentials sign in to',
    clusters: ['example-dev'],
  }])
  edit('clusters/example-dev/cluster.yaml', 'region: us-east-1\n', 'region: us-east-1\naccount: "111111111111"\n')
  t.same(await validate('--cluster', 'example-dev'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' })
  edit('clusters/example-dev/cluster.yaml', /^profile: acme-dev\n(.*\n)*?account: "111111111111"\n/m, '')
  // Without profile (and region) the 1-prerequisites layer cannot run either: errors, at the file too.
  const bare = await validate('--cluster', 'example-dev', '--json')
  t.equal(bare.code, 2)
  t.same(
    JSON.parse(bare.stdout).problems.map((p: { line: number; column: number; severity: string; rule: string; message: string }) => `${p.line}:${p.column} ${p.severity} [${p.rule}] ${p.message.split(' (')[0]}`),
    ['1:1 error [required-setting] missing required setting "profile"', '1:1 error [required-setting] missing required setting "region"', '1:1 warning [account-missing] cluster "example-dev" runs on real AWS and its cluster.yaml sets no account: tasks cannot check which account its credentials act on'],
    'no profile: the warning at the start of the file',
  )
  edit('clusters/demo/cluster.yaml', 'account: "000000000000"\n', '')
  t.same(await validate('--cluster', 'demo'), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' }, 'a sandbox cluster needs no account')
})

// The fault matrix (README "Failure and recovery"): for every stage of tasks.ts that runs a tool, a
// failing call (non-zero exit, stderr) stops that cluster's downstream stages, records nothing for
// the failed stage, leaves the generated artifacts as they were (no half-written file, no temp file),
// prints the tail of the tool's output and the log path, and exits 1; once the fault is gone, the
// same command resumes at the failed stage (upstream read stages rerun by contract, nothing else).
// The tools are the sandbox simulators run in-process; two cases go through the real processes.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import type { RunEvent, ToolRunner } from '../../modules/exec/mod.ts'
import { formatCommand, plannedCommands, type Command, type Graph } from '../../modules/graph/mod.ts'
import * as tools from '../../modules/tools/mod.ts'
import { tfTarget } from '../../modules/workflow/mod.ts'
import { recordingReporter, runCli } from '../helpers/project.ts'
import { REPO, repoCopy, withEnv } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'
import tasks from '../../tasks.ts'

t.setTimeout(300_000)

const GRAPH: Graph = tasks.build()
const K = '--name=demo.k8s.local --state=s3://demo-demo-kops-state-demo-k8s-local'
const W1 = '{root}/.tasks/work/demo/1-prerequisites'
const W2 = '{root}/.tasks/work/demo/2-kops'
/** What every injected failure prints on stderr. */
const FAULT = (stage: string): string[] => [`Error: injected: ${stage} broke`, '  (line two)']

interface Case {
  /** The stage whose tool call fails. */
  stage: string
  /** The target and its flags (`--cluster demo` is added). */
  argv: string[]
  /** Fault-free runs first, to reach the state the stage needs. */
  setup?: string[][]
  /** Anything else to prepare before the faulty run. */
  prepare?: (root: string) => void
  /** The failing call exactly as logged ({root} is the project): it selects the call to fail. */
  call: string
  /** The tool does its work (writes its files) and then fails. */
  after?: boolean
  /** The tail shown under the failure; default: the call and the fault's stderr. */
  tail?: string[]
  /** The failure's reason; default `TOOL exited with code 1`. */
  reason?: string
  /** The summary table, printed when a stage of the run left a note (plan counts). */
  summary?: string[]
  /** The stages after the failed one, none of which may start. */
  downstream: string[]
  /** What the run after the fix executes. */
  rerun: string[]
}

/** A state lock as a killed run leaves it in the simulator's S3 (see test/e2e/lock.test.ts). */
function holdLock(root: string, layer: '1-prerequisites' | '2-kops', id: string): void {
  const lock = join(root, `.tasks/sandbox/terraform/s3/demo-terraform-state/demo/${layer}.tfstate.tflock`)
  mkdirSync(dirname(lock), { recursive: true })
  writeFileSync(lock, JSON.stringify({ ID: id, Operation: 'OperationTypeApply', Info: '', Who: 'ci@runner-7', Version: '1.9.8', Created: '2026-01-01 10:11:12.123456789 +0000 UTC', Path: `demo-terraform-state/demo/${layer}.tfstate` }))
}

/**
 * Drift in the simulated 2-kops state after an apply: the nodes' launch template there differs from
 * kubernetes.tf, so the next plan has changes, the apply writes a new launch template version (the
 * nodes then need a roll) and the health check runs.
 */
function driftNodesLaunchTemplate(root: string): void {
  const path = join(root, '.tasks/sandbox/terraform/s3/demo-terraform-state/demo/2-kops.tfstate')
  const state = JSON.parse(readFileSync(path, 'utf8')) as { serial: number; resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] }
  const lt = state.resources.find((r) => r.type === 'aws_launch_template' && r.name.startsWith('nodes'))!
  lt.instances[0].attributes.instance_type = 't3.nano'
  state.serial += 1
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`)
}

const CASES: Case[] = [
  // ── cluster-update: outputs → render → kops get (read) → kops replace → ssh key → kops update ──
  {
    stage: 'prereq-init', argv: ['cluster-update', '--yes'],
    call: `terraform -chdir=${W1} init -input=false -no-color -backend-config=bucket=demo-terraform-state -backend-config=key=demo/1-prerequisites.tfstate -backend-config=region=us-east-1`,
    downstream: ['outputs', 'render', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'],
    rerun: ['prereq-init', 'outputs', 'render', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'],
  },
  {
    stage: 'outputs', argv: ['cluster-update', '--yes'],
    // The recorded outputs.json must not be touched by a failed read: mark it to tell.
    prepare: (root) => appendFileSync(join(root, 'clusters/demo/outputs.json'), '\n'),
    call: `terraform -chdir=${W1} output -json -no-color`,
    tail: [`$ terraform -chdir=${W1} output -json -no-color`, ...FAULT('outputs'), '(its output holds sensitive values and is not logged: 0 bytes)'],
    downstream: ['render', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'], rerun: ['outputs', 'render', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'],
  },
  {
    // exit 1 is kops's answer for a store without the cluster; any other error is a failure.
    stage: 'kops-spec', argv: ['cluster-update', '--yes'],
    call: `kops get all ${K} --output=yaml`,
    // The reason quotes the last line kops printed on stderr.
    reason: 'kops get all exited with code 1: Error: injected: kops-spec broke',
    tail: [`$ kops get all ${K} --output=yaml`, ...FAULT('kops-spec'), '(its output holds sensitive values and is not logged: 0 bytes)'],
    downstream: ['kops-replace', 'ssh-key', 'kops-tf'], rerun: ['outputs', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'],
  },
  {
    stage: 'kops-replace', argv: ['cluster-update', '--yes'],
    call: `kops replace ${K} --filename=clusters/demo/cluster.yml --force=true`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-replace  ssh-key  kops-tf  TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  -        -        600ms',
      '',
      '  demo  kops-spec: not in the kOps state store yet',
    ],
    downstream: ['ssh-key', 'kops-tf'], rerun: ['outputs', 'kops-spec', 'kops-replace', 'ssh-key', 'kops-tf'],
  },
  {
    // The stage's second command fails: the first one's work does not make the stage done.
    stage: 'ssh-key', argv: ['cluster-update', '--yes'],
    call: `kops create sshpublickey ${K} --ssh-public-key=clusters/demo/id_ed25519.pub`,
    tail: [
      `$ kops delete sshpublickey ${K}`,
      `$ kops create sshpublickey ${K} --ssh-public-key=clusters/demo/id_ed25519.pub`,
      ...FAULT('ssh-key'),
    ],
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-replace  ssh-key       kops-tf  TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  ran 100ms     FAILED 100ms  -        700ms',
      '',
      '  demo  kops-spec: not in the kOps state store yet',
    ],
    downstream: ['kops-tf'], rerun: ['outputs', 'kops-spec', 'ssh-key', 'kops-tf'],
  },
  {
    // kops writes kubernetes.tf and data/ to its out dir, then fails: nothing is published, so the
    // reviewed kubernetes.tf (marked stale here) stays as it was.
    stage: 'kops-tf', argv: ['cluster-update', '--yes'], after: true,
    prepare: (root) => appendFileSync(join(root, 'clusters/demo/kubernetes.tf'), '# stale\n'),
    call: `kops update cluster ${K} --target=terraform --out={root}/.tasks/work/demo/kops-out --yes=true --create-kube-config=false`,
    tail: [
      `$ kops update cluster ${K} --target=terraform --out={root}/.tasks/work/demo/kops-out --yes=true --create-kube-config=false`,
      'I0101 00:00:00.000000   12345 executor.go:111] Tasks: 0 done / 85 total; 39 can run',
      'I0101 00:00:00.000000   12345 executor.go:111] Tasks: 39 done / 85 total; 44 can run',
      'I0101 00:00:00.000000   12345 executor.go:111] Tasks: 83 done / 85 total; 2 can run',
      'I0101 00:00:00.000000   12345 executor.go:111] Tasks: 85 done / 85 total; 0 can run',
      'I0101 00:00:00.000000   12345 target.go:312] Terraform output is in {root}/.tasks/work/demo/kops-out',
      'Terraform output has been placed into {root}/.tasks/work/demo/kops-out',
      'Changes may require instances to restart: kops rolling-update cluster',
      ...FAULT('kops-tf'),
    ],
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-replace  ssh-key    kops-tf       TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  ran 100ms     ran 100ms  FAILED 100ms  800ms',
      '',
      '  demo  kops-spec: not in the kOps state store yet',
    ],
    downstream: [], rerun: ['outputs', 'kops-spec', 'kops-tf'],
  },
  // ── plan (the committed kubernetes.tf, writes nothing) and apply of 2-kops ──
  {
    stage: 'kops-init', argv: ['plan'],
    call: `terraform -chdir=${W2} init -input=false -no-color -backend-config=bucket=demo-terraform-state -backend-config=key=demo/2-kops.tfstate -backend-config=region=us-east-1`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-dir   kops-init     plan  TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  -     700ms',
      '',
      '  demo  kops-spec: not in the kOps state store yet; kubernetes.tf may be behind: push it with tasks cluster-update',
    ],
    downstream: ['plan'], rerun: ['outputs', 'kops-spec', 'kops-init', 'plan'],
  },
  {
    stage: 'plan', argv: ['plan'],
    call: `terraform -chdir=${W2} plan -input=false -no-color -detailed-exitcode -out=plan.tfplan`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-dir   kops-init  plan          TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  800ms',
      '',
      '  demo  kops-spec: not in the kOps state store yet; kubernetes.tf may be behind: push it with tasks cluster-update',
    ],
    downstream: [], rerun: ['outputs', 'kops-spec', 'plan'],
  },
  {
    stage: 'apply', argv: ['apply', '--yes'],
    call: `terraform -chdir=${W2} apply -input=false -no-color plan.tfplan`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render     kops-spec  kops-replace  ssh-key    kops-tf    kops-dir   kops-init  plan       guard      apply         TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms  ran 100ms  ran 100ms  ran 100ms     ran 100ms  ran 100ms  ran 100ms  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  1.3s',
      '',
      '  demo  kops-spec: not in the kOps state store yet',
      '  demo  plan: +68 ~0 -0',
    ],
    downstream: [], rerun: ['outputs', 'kops-spec', 'plan', 'guard', 'apply'],
  },
  // ── pinned plans: plan --save DIR, apply --plan DIR ──
  {
    stage: 'plan-save', argv: ['plan', '--save', 'plans'], setup: [['cluster-update', '--yes']],
    call: 'terraform version -json',
    tail: [`$ terraform -chdir=${W2} show -json -no-color plan.tfplan`, '(its output holds sensitive values and is not logged: 120728 bytes)', '$ terraform version -json', ...FAULT('plan-save')],
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-dir   kops-init  plan       plan-save     TIME',
      'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  600ms',
      '',
      '  demo  kops-spec: the state store holds this spec',
      '  demo  plan: +68 ~0 -0',
    ],
    downstream: [], rerun: ['outputs', 'kops-spec', 'plan', 'plan-save'],
  },
  {
    stage: 'saved-check', argv: ['apply', '--plan', 'plans', '--yes'], setup: [['cluster-update', '--yes'], ['plan', '--save', 'plans']],
    call: 'terraform version -json',
    downstream: ['saved-apply'], rerun: ['saved-check', 'saved-apply'],
  },
  {
    stage: 'saved-apply', argv: ['apply', '--plan', 'plans', '--yes'], setup: [['cluster-update', '--yes'], ['plan', '--save', 'plans']],
    call: `terraform -chdir=${W2} apply -input=false -no-color {root}/plans/demo/plan.tfplan`,
    reason: 'terraform apply exited with code 1; it said: Error: injected: saved-apply broke',
    summary: [
      'CLUSTER  RESULT  kops-dir  kops-init  saved-check  saved-apply   TIME',
      'demo     failed  cached    cached     ran 100ms    FAILED 100ms  200ms',
      '',
      '  demo  saved-check: +68 ~0 -0',
    ],
    downstream: [], rerun: ['saved-check', 'saved-apply'],
  },
  // ── rolling updates: the Kubernetes API answers once 2-kops is applied ──
  {
    stage: 'kubeconfig', argv: ['cluster-rolling-update'], setup: [['apply', '--yes']],
    call: `kops export kubeconfig ${K} --kubeconfig={root}/.tasks/kube/demo/config --admin=18h`,
    downstream: ['rolling-update'], rerun: ['outputs', 'kubeconfig', 'rolling-update'],
  },
  {
    stage: 'rolling-update', argv: ['cluster-rolling-update'], setup: [['apply', '--yes']],
    call: `kops rolling-update cluster ${K} --yes=false`,
    downstream: [], rerun: ['outputs', 'kubeconfig', 'rolling-update'],
  },
  {
    // After an apply that changed the nodes' launch template, validate --wait must pass before any
    // roll; the rerun must check health again before it rolls.
    stage: 'health', argv: ['cluster-rolling-update-yes', '--yes'], setup: [['apply', '--yes']],
    prepare: driftNodesLaunchTemplate,
    call: `kops validate cluster ${K} --output=json --wait=10m`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-replace  ssh-key  kops-tf  kops-dir  kops-init  plan       guard      apply      kubeconfig  health        rolling-update  rolling-update-yes  TIME',
      'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  skipped       cached   cached   cached    cached     ran 100ms  ran 100ms  ran 100ms  ran 100ms   FAILED 100ms  -               -                   700ms',
      '',
      '  demo  kops-spec: the state store holds this spec',
      '  demo  plan: +0 ~2 -0',
    ],
    reason: 'kops validate cluster exited with code 1 and printed nothing on stdout; it said: Error: injected: health broke',
    downstream: ['rolling-update', 'rolling-update-yes'],
    rerun: ['outputs', 'kops-spec', 'plan', 'guard', 'kubeconfig', 'health', 'rolling-update', 'rolling-update-yes'],
  },
  {
    // In a rollout (--waves) each cluster ends with a health check; the rerun checks again.
    stage: 'rollout-health', argv: ['apply', '--yes', '--waves', '1'], setup: [['apply', '--yes']],
    call: `kops validate cluster ${K} --output=json --wait=10m`,
    summary: [
      'CLUSTER  WAVE  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-replace  ssh-key  kops-tf  kops-dir  kops-init  plan       guard      apply    kubeconfig  rollout-health  TIME',
      'demo     1     failed  cached      cached       ran 100ms  cached  ran 100ms  skipped       cached   cached   cached    cached     ran 100ms  ran 100ms  skipped  ran 100ms   FAILED 100ms    600ms',
      '',
      '  demo  kops-spec: the state store holds this spec',
      '  demo  plan: no changes',
    ],
    reason: 'kops validate cluster exited with code 1 and printed nothing on stdout; it said: Error: injected: rollout-health broke',
    downstream: [],
    rerun: ['outputs', 'kops-spec', 'plan', 'guard', 'kubeconfig', 'rollout-health'],
  },
  {
    stage: 'rolling-update-yes', argv: ['cluster-rolling-update-yes-force-masters', '--yes'], setup: [['apply', '--yes']],
    call: `kops rolling-update cluster ${K} --yes=true --force=true --instance-group-roles=control-plane`,
    summary: [
      // The health check runs once after the setup's apply (which it never validated), then is cached.
      'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-replace  ssh-key  kops-tf  kops-dir  kops-init  plan       guard      apply    kubeconfig  health     rolling-update  rolling-update-yes  TIME',
      'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  skipped       cached   cached   cached    cached     ran 100ms  ran 100ms  skipped  ran 100ms   ran 100ms  ran 100ms       FAILED 100ms        800ms',
      '',
      '  demo  kops-spec: the state store holds this spec',
      '  demo  plan: no changes',
      '  demo  rolling-update: no roll needed',
    ],
    downstream: [], rerun: ['outputs', 'kops-spec', 'plan', 'guard', 'kubeconfig', 'rolling-update', 'rolling-update-yes'],
  },
  // ── teardown, one reverse chain: destroy → cluster-delete → prereq-destroy ──
  {
    stage: 'destroy', argv: ['destroy', '--yes'], setup: [['apply', '--yes']],
    call: `terraform -chdir=${W2} destroy -auto-approve -input=false -no-color`,
    downstream: [], rerun: ['destroy'],
  },
  {
    stage: 'cluster-delete-dry', argv: ['cluster-destroy'], setup: [['cluster-update', '--yes']],
    call: `kops delete cluster ${K} --yes=false --unregister=true`,
    downstream: [], rerun: ['outputs', 'cluster-delete-dry'],
  },
  {
    stage: 'cluster-delete', argv: ['cluster-destroy-yes', '--yes'], setup: [['apply', '--yes']],
    call: `kops delete cluster ${K} --yes=true --unregister=true`,
    downstream: [], rerun: ['outputs', 'destroy', 'cluster-delete'],
  },
  {
    stage: 'prereq-destroy', argv: ['1-prerequisites:destroy', '--yes'], setup: [['apply', '--yes']],
    call: `terraform -chdir=${W1} destroy -auto-approve -input=false -no-color`,
    downstream: [], rerun: ['outputs', 'destroy', 'cluster-delete', 'prereq-destroy'],
  },
  // ── 1-prerequisites ──
  {
    stage: 'prereq-plan', argv: ['1-prerequisites:apply', '--yes'],
    call: `terraform -chdir=${W1} plan -input=false -no-color -detailed-exitcode -out=plan.tfplan`,
    downstream: ['prereq-guard', 'prereq-apply'], rerun: ['prereq-plan', 'prereq-guard', 'prereq-apply'],
  },
  {
    stage: 'prereq-apply', argv: ['1-prerequisites:apply', '--yes'],
    call: `terraform -chdir=${W1} apply -input=false -no-color plan.tfplan`,
    summary: [
      'CLUSTER  RESULT  prereq-dir  prereq-init  prereq-plan  prereq-guard  prereq-apply  TIME',
      'demo     failed  ran 100ms   ran 100ms    ran 100ms    ran 100ms     FAILED 100ms  500ms',
      '',
      '  demo  prereq-plan: +8 ~0 -0',
    ],
    downstream: [], rerun: ['prereq-plan', 'prereq-guard', 'prereq-apply'],
  },
  // ── operations ──
  {
    stage: 'cluster-get', argv: ['cluster-get'], setup: [['cluster-update', '--yes']],
    call: `kops get all ${K} --output=table`,
    downstream: [], rerun: ['outputs', 'cluster-get'],
  },
  {
    // kops validate exits 1 for an unhealthy cluster, a result; a failure prints no JSON.
    stage: 'cluster-validate', argv: ['cluster-validate'], setup: [['apply', '--yes']],
    call: `kops validate cluster ${K} --output=json`,
    reason: 'kops validate cluster exited with code 1 and printed nothing on stdout',
    downstream: [], rerun: ['outputs', 'kubeconfig', 'cluster-validate'],
  },
  {
    stage: 'kops-cmd', argv: ['kops-cmd', '--', 'get', 'ig'], setup: [['cluster-update', '--yes']],
    call: `kops get ig ${K}`,
    downstream: [], rerun: ['outputs', 'kops-cmd'],
  },
  {
    stage: 'force-unlock', argv: ['force-unlock', '--', 'L-2'], setup: [['plan']],
    prepare: (root) => holdLock(root, '2-kops', 'L-2'),
    call: `terraform -chdir=${W2} force-unlock -force L-2`,
    downstream: [], rerun: ['force-unlock'],
  },
  {
    stage: 'prereq-force-unlock', argv: ['1-prerequisites:force-unlock', '--', 'L-1'],
    prepare: (root) => holdLock(root, '1-prerequisites', 'L-1'),
    call: `terraform -chdir=${W1} force-unlock -force L-1`,
    downstream: [], rerun: ['prereq-force-unlock'],
  },
  {
    stage: 'format', argv: ['format'],
    call: 'terraform -chdir={root}/2-kops fmt -no-color -recursive',
    tail: ['$ terraform -chdir={root}/1-prerequisites fmt -no-color -recursive', '$ terraform -chdir={root}/2-kops fmt -no-color -recursive', ...FAULT('format')],
    downstream: [], rerun: ['format'],
  },
  {
    stage: 'versions', argv: ['version'],
    call: 'kops version --short',
    tail: ['$ terraform version -json', '{', '  "terraform_version": "1.9.8",', '  "platform": "linux_amd64",', '  "provider_selections": {},', '  "terraform_outdated": false', '}', '$ kops version --short', ...FAULT('versions')],
    downstream: [], rerun: ['versions'],
  },
]

/** Every file under `dir` (relative path → sha256). */
function hashes(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {}
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) Object.assign(out, hashes(path, base))
    else out[path.slice(base.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex')
  }
  return out
}

/** Temp files left behind anywhere in the project (an interrupted atomic write would leave one). */
function tempFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (['modules', 'scripts', 'node_modules', 'sandbox'].includes(name)) return []
    if (statSync(path).isDirectory()) return tempFiles(root, path)
    return name.endsWith('.tmp') ? [path.slice(root.length + 1)] : []
  })
}

const read = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined)
const withCluster = (argv: string[]): string[] => {
  const dashes = argv.indexOf('--')
  return dashes < 0 ? [...argv, '--cluster', 'demo'] : [...argv.slice(0, dashes), '--cluster', 'demo', ...argv.slice(dashes)]
}

/** Runs the CLI on the project; the stages that started and what ended, from the reporter. */
async function run(root: string, argv: string[], runner: ToolRunner) {
  const events: RunEvent[] = []
  const r = await runCli(root, withCluster(argv), { ports: { tools: runner, reporter: recordingReporter((e) => void events.push(e)) } })
  const started = events.flatMap((e) => (e.type === 'stage-start' ? [e.stage] : []))
  const ended = events.flatMap((e) => (e.type === 'stage-end' ? [e.outcome] : []))
  return { ...r, started, ended }
}

/** How a case makes its call fail: in-process (`fault`) or through the simulators' TASKS_SANDBOX_FAIL. */
interface Injector {
  tools: ToolRunner
  arm(call: string, c: Case): void
  disarm(): void
  /** The calls made, when the runner records them. */
  calls?: Command[]
  /** What the setup runs on, when not `tools`. */
  setupTools?: ToolRunner
}

/** One case: setup, the faulty run and everything it must (not) do, then the run after the fix. */
async function faultCase(t: Test, c: Case, root: string, inject: Injector): Promise<void> {
  const x = (s: string): string => s.replaceAll('{root}', root)
  for (const argv of c.setup ?? []) {
    const r = await run(root, argv, inject.setupTools ?? inject.tools)
    t.equal(r.code, 0, `setup ${argv.join(' ')}: ${r.stderr}`)
  }
  c.prepare?.(root)
  const record = join(root, '.tasks/cache/demo', `${c.stage}.json`)
  const recordBefore = read(record)
  const before = hashes(join(root, 'clusters'))
  const call = x(c.call)
  inject.arm(call, c)

  const failed = await run(root, c.argv, inject.tools)
  t.equal(failed.code, 1, 'exit 1')
  t.equal(failed.stdout, '')
  const tool = c.call.split(' ')[0]
  t.equal(failed.stderr, [
    `✖ demo: ${c.stage} failed: ${c.reason ?? `${tool} exited with code 1`}`,
    ...(c.tail ?? [`$ ${c.call}`, ...FAULT(c.stage)]).map((l) => `  │ ${x(l)}`),
    `  full log: .tasks/logs/demo/${c.stage}.log`,
    ...(c.summary ? ['', ...c.summary, ''] : []),
    '1 cluster: 0 ok, 1 failed',
    '',
  ].join('\n'), 'the failure, the tail of the output and the log path')
  const log = read(join(root, '.tasks/logs/demo', `${c.stage}.log`)) ?? ''
  t.ok(log.includes(`$ ${call}\n`) && log.includes(FAULT(c.stage).join('\n')), 'the full log holds the call and its stderr')
  if (inject.calls) t.equal(formatCommand(inject.calls.at(-1)!), call, 'no tool ran after the failing call')
  t.equal(failed.started.at(-1), c.stage, 'no stage started after the failed one')
  const at = failed.ended.findIndex((o) => o.name === c.stage)
  t.same(failed.ended.slice(at + 1).map((o) => `${o.name}: ${o.status}: ${o.reason}`), c.downstream.map((n) => `${n}: not-reached: ${c.stage} failed`), 'downstream stages not reached')
  t.equal(read(record), recordBefore, 'nothing recorded for the failed stage')
  t.same(hashes(join(root, 'clusters')), before, 'the generated artifacts are as they were')
  t.same(tempFiles(root), [], 'no temp file left behind')

  inject.disarm()
  const again = await run(root, c.argv, inject.tools)
  t.equal(again.code, 0, again.stderr)
  t.same(again.started, c.rerun, 'the rerun executes the failed stage and what follows')
  const at2 = again.started.indexOf(c.stage)
  t.ok(at2 >= 0, 'the rerun reaches the failed stage')
  const upstream = again.started.slice(0, at2 < 0 ? undefined : at2)
  // Read stages read live state every time; a write stage that is never cached (a teardown step:
  // terraform destroy) runs whenever it is asked for. Nothing that was done and recorded runs again.
  t.same(upstream.filter((s) => GRAPH.stages.get(s)?.kind !== 'read' && GRAPH.stages.get(s)?.cached !== false), [], 'before it, only read (and never-cached) stages ran')
  t.ok(existsSync(record) || GRAPH.stages.get(c.stage)?.cached === false, 'the stage is recorded once it succeeded')
  t.same(hashes(join(root, 'clusters/demo')), hashes(join(REPO, 'clusters/demo')), 'the artifacts are the committed ones again, each fully written')
}

const label = (c: Case): string => c.call.split(' -')[0].replace(/ -chdir=\S+/, '')

t.test('every stage of tasks.ts that runs a tool has a fault case, and every case is such a stage', async (t) => {
  const tooled = [...GRAPH.stages].filter(([, stage]) => stage.commands !== undefined).map(([name]) => name)
  t.ok(tooled.length >= 25, `tasks.ts has its tool-running stages (${tooled.length})`)
  t.same(tooled.filter((name) => !CASES.some((c) => c.stage === name)), [], 'no tool-running stage without a case')
  t.same(CASES.map((c) => c.stage).filter((name) => !tooled.includes(name)), [], 'no case for a stage that runs no tool')
})

for (const c of CASES) {
  t.test(`${c.stage} fails (${label(c)}): exit 1, nothing recorded, resumes there`, async (t) => {
    const root = repoCopy()
    const sim = simulatedTools(join(root, '.tasks/sandbox'))
    await faultCase(t, c, root, {
      tools: sim,
      calls: sim.calls,
      arm: (call) => void (sim.fault = (cmd) => (formatCommand(cmd) === call ? { exitCode: 1, stderr: `${FAULT(c.stage).join('\n')}\n`, after: c.after } : undefined)),
      disarm: () => void (sim.fault = undefined),
    })
  })
}

// The same through the real path: the simulators as processes (zx), the fault injected by
// TASKS_SANDBOX_FAIL as a user of the sandbox would. One change and one teardown stage; the setup
// runs in-process on the same sandbox state (a simulator call as a process costs ~0.5 s).
const REAL: { c: Case; rule: string }[] = [
  {
    c: {
      ...CASES.find((c) => c.stage === 'plan')!,
      setup: [['cluster-update', '--yes']],
      summary: [
        'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-dir   kops-init  plan          TIME',
        'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  500ms',
        '',
        '  demo  kops-spec: the state store holds this spec',
      ],
    },
    rule: 'terraform plan@demo',
  },
  { c: CASES.find((c) => c.stage === 'destroy')!, rule: 'terraform destroy@demo' },
]
for (const { c, rule } of REAL) {
  t.test(`real processes: ${c.stage} fails by TASKS_SANDBOX_FAIL="${rule}=…"`, async (t) => {
    const root = repoCopy()
    withEnv(t, { TASKS_SANDBOX_DIR: join(root, '.tasks/sandbox'), TASKS_SANDBOX_FAIL: undefined })
    await faultCase(t, c, root, {
      tools: processRunner,
      setupTools: simulatedTools(join(root, '.tasks/sandbox')),
      arm: () => void (process.env.TASKS_SANDBOX_FAIL = `${rule}=1:${FAULT(c.stage).join('\\n')}\\n`),
      disarm: () => void delete process.env.TASKS_SANDBOX_FAIL,
    })
  })
}

t.test('a held state lock: its ID and the exact force-unlock command, for either layer', async (t) => {
  const root = repoCopy()
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  const cli = (...argv: string[]) => run(root, argv, sim)
  t.equal((await cli('cluster-update', '--yes')).code, 0)
  const lockError = (layer: string, id: string): string[] => [
    'Error: Error acquiring the state lock',
    'Error message: operation error S3: PutObject, https response error',
    'StatusCode: 412, api error PreconditionFailed: At least one of the',
    'pre-conditions you specified did not hold',
    'Lock Info:',
    `  ID:        ${id}`,
    `  Path:      demo-terraform-state/demo/${layer}.tfstate`,
    '  Operation: OperationTypeApply',
    '  Who:       ci@runner-7',
    '  Version:   1.9.8',
    '  Created:   2026-01-01 10:11:12.123 +0000 UTC',
    '  Info:',
    'Terraform acquires a state lock to protect the state from being written',
    'by multiple users at the same time. Please resolve the issue above and try',
    'again. For most commands, you can disable locking with the "-lock=false"',
    'flag, but this is not recommended.',
  ]
  const cases = [
    {
      layer: '2-kops' as const, id: '9db590f1-b6fe-c5f2-2678-8804f089deba', argv: ['plan'], stage: 'plan', unlock: 'force-unlock',
      // plan's kops-spec read ran before it and left its note.
      summary: [
        '',
        'CLUSTER  RESULT  prereq-dir  prereq-init  outputs    render  kops-spec  kops-dir   kops-init  plan          TIME',
        'demo     failed  cached      cached       ran 100ms  cached  ran 100ms  ran 100ms  ran 100ms  FAILED 100ms  500ms',
        '',
        '  demo  kops-spec: the state store holds this spec',
        '',
      ],
    },
    { layer: '1-prerequisites' as const, id: '3f0c2a77-1d5e-4b8a-9c61-0e2d4b7a5f10', argv: ['1-prerequisites:apply', '--yes'], stage: 'prereq-plan', unlock: '1-prerequisites:force-unlock', summary: [] },
  ]
  for (const { layer, id, argv, stage, unlock, summary } of cases) {
    holdLock(root, layer, id)
    const blocked = await cli(...argv)
    t.equal(blocked.code, 1, `${layer}: exit 1`)
    t.equal(blocked.stderr, [
      `✖ demo: ${stage} failed: The Terraform state of cluster "demo" is locked by ci@runner-7 (apply since 2026-01-01 10:11:12.123 +0000 UTC, lock ID ${id}).`,
      'If no other run is active, release it with:',
      `  npx tasks ${unlock} --cluster demo -- ${id}`,
      `  │ $ terraform -chdir=${root}/.tasks/work/demo/${layer} plan -input=false -no-color -detailed-exitcode -out=plan.tfplan`,
      ...lockError(layer, id).map((l) => `  │ ${l}`),
      `  full log: .tasks/logs/demo/${stage}.log`,
      ...summary,
      '1 cluster: 0 ok, 1 failed',
      '',
    ].join('\n'), `${layer}: the lock ID and the command that releases it`)
    t.notOk(existsSync(join(root, '.tasks/cache/demo', `${stage}.json`)), 'nothing recorded for the blocked plan')
    // The command printed, run as printed, releases it.
    const unlocked = await cli(unlock, '--', id)
    t.equal(unlocked.code, 0, unlocked.stderr)
    const through = await cli(...argv)
    t.equal(through.code, 0, `${layer}: the lock is gone: ${through.stderr}`)
  }
})

t.test('--lock-timeout: a lockTimeout param reaches exactly the terraform commands that take the state lock', async (t) => {
  const backend = { bucket: 'b', key: 'k', region: 'r' }
  const ctx = (params: Record<string, unknown>) => ({
    cluster: { name: 'demo', dir: 'clusters/demo', settings: { backends: { prerequisites: backend, kops: backend } }, toolPath: '/bin', bins: {} },
    needs: {}, params: { args: ['L-1'], ...params }, root: '/r', stateDir: '/r/.tasks', workDir: '/r/.tasks/work/demo',
  })
  const stages = ['prereq-init', 'prereq-plan', 'prereq-apply', 'prereq-destroy', 'outputs', 'kops-init', 'plan', 'apply', 'destroy', 'force-unlock', 'prereq-force-unlock']
  const waits = (params: Record<string, unknown>) => stages.flatMap((name) =>
    plannedCommands(GRAPH.stages.get(name)!, ctx(params))!.map((cmd) => `${name}: ${cmd.args[1]} ${cmd.args.filter((a) => a.startsWith('-lock-timeout')).join(' ')}`.trimEnd()))
  t.same(waits({ lockTimeout: '5m' }), [
    'prereq-init: init -lock-timeout=5m',
    'prereq-plan: plan -lock-timeout=5m',
    'prereq-plan: show',
    'prereq-apply: apply -lock-timeout=5m',
    'prereq-destroy: destroy -lock-timeout=5m',
    'outputs: output',
    'kops-init: init -lock-timeout=5m',
    'plan: plan -lock-timeout=5m',
    'plan: show',
    'apply: apply -lock-timeout=5m',
    'destroy: destroy -lock-timeout=5m',
    'force-unlock: force-unlock',
    'prereq-force-unlock: force-unlock',
  ])
  t.same(waits({}).filter((l) => l.includes('-lock-timeout')), [], 'without it, terraform\'s default (0s)')
  t.same(tools.tfApply(tfTarget(ctx({ lockTimeout: '90s' }) as never, '2-kops'), 'plan.tfplan').args.slice(1), ['apply', '-input=false', '-no-color', '-lock-timeout=90s', 'plan.tfplan'], 'before the plan file')
})

t.test('--lock-timeout on the command line reaches terraform', async (t) => {
  const root = repoCopy()
  const r = await runCli(root, ['plan', '--cluster', 'demo', '--dry-run', '--lock-timeout', '5m'], { ports: { tools: simulatedTools(join(root, '.tasks/sandbox')) } })
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /terraform -chdir=\S+ plan -input=false -no-color -detailed-exitcode -out=plan\.tfplan -lock-timeout=5m\n/)
})

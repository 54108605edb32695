// The task graph of the kOps workflow: every stage, what it needs, and the Makefile-named targets
// (`make cluster-update` is `npx tasks cluster-update --cluster NAME`). Pure data on import.
// Commands are built by modules/tools; per-cluster paths and environments by modules/workflow.
import { join } from 'node:path'
import { sha256 } from './modules/cache/mod.ts'
import { graph, isStageFailure, stageFailure, type RunContext } from './modules/graph/mod.ts'
import * as tools from './modules/tools/mod.ts'
import {
  backendConfig, backendOf, backendRefusal, backendStatePath, backendSwitch, backendSwitchSummary, clusterEnv, kopsOutDir, kopsTarget,
  layerDir, outputsResult, planLine, planReport, planResult, prepareLayer, publishKopsTerraform, rollingReport, rollingResult,
  specRead, specReport, specSummary, stageKopsFiles, tfTarget, unregistered, validateResult, PLAN_FILE, type LayerName,
  clusterValidation, readValidation, toolVersions, validationReport, versionsReport, guardPlan, protectedGlobs,
  checkSavedPlan, savedApplyResult, savePlan, CLUSTER_TEMPLATE as TEMPLATE,
  type ClusterSettings, type WorkflowCluster, type WorkflowContext, type WorkflowParams, type WorkflowRefuseContext,
} from './modules/workflow/mod.ts'

const s = (ctx: WorkflowContext) => ctx.cluster.settings
const pick = (...names: (keyof ClusterSettings)[]) => (c: WorkflowCluster) => Object.fromEntries(names.map((n) => [n, c.settings[n] ?? null]))

/** Variables of the 1-prerequisites layer: the cluster's profile and region, then its `prerequisites:`. */
const prereqVars = (ctx: WorkflowContext) => ({ profile: s(ctx).profile, region: s(ctx).region, ...s(ctx).prerequisites })

/** A file's text, or undefined when it does not exist (other read errors are not expected). */
const readIfThere = (ctx: Pick<RunContext<unknown>, 'readFile'>, path: string): Promise<string | undefined> =>
  ctx.readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })

/**
 * Teardown of a `protected: true` cluster needs --allow-protected: without it the run is refused
 * (exit 3) before anything runs or is asked.
 */
function protectedTeardown({ cluster, params }: WorkflowRefuseContext) {
  if (cluster.settings.protected !== true || params.allowProtected === true) return undefined
  return { reason: 'it is protected (protected: true in its cluster.yaml)', hint: 'pass --allow-protected if you mean to tear it down' }
}

/** The words after `--` (kops-cmd, force-unlock); their absence is refused before anything runs. */
const args = (ctx: WorkflowContext): string[] => ctx.params.args ?? []
const needsArgs = (usage: string) => ({ params }: { params: WorkflowParams }) =>
  params.args?.length ? undefined : { reason: 'nothing to pass on', hint: `usage: ${usage}`, usage: { missing: '-- ARGS' } }

/** How long the health check waits: --validate-timeout, else VALIDATE_WAIT. */
const validateWait = (ctx: WorkflowContext): string => (typeof ctx.params.validateTimeout === 'string' ? ctx.params.validateTimeout : VALIDATE_WAIT)

/** Default wait for `kops validate cluster --wait` after an apply that changed something (--validate-timeout). */
const VALIDATE_WAIT = '10m'

/**
 * `terraform init` of a layer with the cluster's backend. A backend changed since the working
 * directory's last init refuses the run, unless --migrate-state or --reconfigure (which ask first).
 */
const initStage = <const N extends string>(layer: LayerName, need: N) => ({
  kind: 'pure' as const,
  description: `terraform init of ${layer} with the cluster's backend`,
  needs: [need],
  tools: ['terraform'],
  // This layer's backend only: a change to the other layer's is not this init's business.
  settings: (c: WorkflowCluster) => ({ backend: backendOf(c.settings, layer) ?? null, ...pick('env', 'profile', 'region')(c) }),
  outputs: [`{state}/work/{cluster}/${layer}/.terraform/terraform.tfstate`],
  reads: [backendStatePath(layer)],
  refuseIf: backendRefusal(layer),
  gated: true,
  gateWhen: (ctx: WorkflowContext) => backendSwitch(ctx.params) !== 'none',
  gateSummary: (ctx: WorkflowContext) => backendSwitchSummary(ctx, layer),
  commands: (ctx: WorkflowContext) => {
    const config = backendConfig(ctx, layer)
    return isStageFailure(config) ? config : [tools.tfInit(tfTarget(ctx, layer), { backendConfig: config, backendSwitch: backendSwitch(ctx.params) })]
  },
})

export default graph<ClusterSettings, WorkflowParams>()
  // ── 1-prerequisites: the state bucket, DNS zone and IRSA bucket, per cluster ──
  .stage('prereq-dir', {
    kind: 'pure',
    description: "the cluster's copy of 1-prerequisites with its variables",
    inputs: ['1-prerequisites/*.tf'],
    settings: pick('prerequisites', 'profile', 'region'),
    outputs: ['{state}/work/{cluster}/1-prerequisites/terraform.tfvars.json'],
    run: async (ctx) => ({ files: await prepareLayer(ctx, '1-prerequisites', prereqVars(ctx)) }),
  })
  .stage('prereq-init', initStage('1-prerequisites', 'prereq-dir'))
  .stage('prereq-plan', {
    kind: 'read',
    description: 'terraform plan of 1-prerequisites',
    needs: ['prereq-init'],
    settings: pick('protect'),
    tools: ['terraform'],
    commands: (ctx) => [tools.tfPlan(tfTarget(ctx, '1-prerequisites'), { out: PLAN_FILE }), { ...tools.tfShowJson(tfTarget(ctx, '1-prerequisites'), PLAN_FILE), secretStdout: true }],
    run: (ctx, [plan, show]) => planResult(plan.exitCode, show.stdout, protectedGlobs(ctx)),
    report: planReport,
  })
  .stage('prereq-guard', {
    kind: 'read', // with every plan, as the plan itself
    params: ['allowReplace'],
    description: 'refuses a 1-prerequisites plan that deletes or replaces a protected resource (--allow-replace GLOB lets one through)',
    needs: ['prereq-plan'],
    run: (ctx) => guardPlan(ctx, ctx.needs['prereq-plan'], '1-prerequisites'),
  })
  .stage('prereq-apply', {
    kind: 'write',
    description: 'terraform apply of the reviewed 1-prerequisites plan',
    needs: ['prereq-plan', 'prereq-guard'],
    gated: true,
    tools: ['terraform'],
    skipIf: (ctx) => (ctx.needs['prereq-plan'].changes ? undefined : 'no changes'),
    gateSummary: (ctx) => `1-prerequisites ${planLine(ctx.needs['prereq-plan'])}`,
    commands: (ctx) => [tools.tfApply(tfTarget(ctx, '1-prerequisites'), PLAN_FILE)],
  })
  .stage('outputs', {
    kind: 'read',
    description: 'terraform output -json of 1-prerequisites (recorded in clusters/<name>/outputs.json)',
    needs: ['prereq-init'],
    tools: ['terraform'],
    recorded: '{clusterDir}/outputs.json',
    commands: (ctx) => [{ ...tools.tfOutputJson(tfTarget(ctx, '1-prerequisites')), secretStdout: true }],
    run: (ctx, [out]) => outputsResult(ctx, out.stdout),
  })
  // ── the cluster: template → kOps state → kubernetes.tf ──
  .stage('render', {
    kind: 'pure',
    description: 'render the cluster template to clusters/<name>/cluster.yml',
    needs: ['outputs'],
    inputs: [TEMPLATE],
    settings: pick('template'),
    outputs: ['{clusterDir}/cluster.yml'],
    run: async (ctx) => {
      const template = await readIfThere(ctx, TEMPLATE)
      if (template === undefined) return stageFailure({ reason: 'missing-file', path: TEMPLATE, what: 'template' })
      // The template engine loads when a cluster is rendered: help, graph and up-to-date runs skip it.
      const { renderTemplate } = await import('./modules/template/mod.ts')
      const rendered = renderTemplate({ template, templatePath: TEMPLATE, outputs: ctx.needs.outputs, settings: s(ctx) })
      if (!rendered.ok) return stageFailure(rendered.failure)
      await ctx.writeFile(`${ctx.cluster.dir}/cluster.yml`, rendered.text)
      return { manifest: `${ctx.cluster.dir}/cluster.yml` }
    },
  })
  .stage('kops-spec', {
    kind: 'read',
    description: 'kops get all -o yaml: what the kOps state store holds, against the rendered cluster.yml',
    needs: ['outputs', 'render'],
    tools: ['kops'],
    // The stored spec may hold what a template rendered from a sensitive output: not logged.
    commands: (ctx) => [{ ...tools.kopsGetSpec(kopsTarget(ctx, ctx.needs.outputs)), secretStdout: true }],
    run: async (ctx, [get]) => {
      const read = await specRead(ctx, ctx.needs.render.manifest, get)
      return isStageFailure(read) ? read : { ...read, ...(ctx.params.readOnly ? { readOnly: true } : {}) }
    },
    report: specReport,
  })
  .stage('kops-replace', {
    kind: 'write',
    description: 'kops replace -f cluster.yml --force: pushes the spec to the state store (asks first)',
    needs: ['outputs', 'render', 'kops-spec'],
    inputs: ['{clusterDir}/cluster.yml'],
    settings: pick('name', 'env'),
    tools: ['kops'],
    gated: true,
    skipIf: (ctx) => (ctx.needs['kops-spec'].exists && !ctx.needs['kops-spec'].changes.length ? 'the state store holds this spec' : undefined),
    gateSummary: (ctx) => specSummary(ctx.needs['kops-spec'], kopsTarget(ctx, ctx.needs.outputs).name, kopsTarget(ctx, ctx.needs.outputs).state),
    commands: (ctx) => [tools.kopsReplace(kopsTarget(ctx, ctx.needs.outputs), ctx.needs.render.manifest)],
  })
  .stage('ssh-key', {
    kind: 'write',
    description: 'the admin SSH key: kops delete sshpublickey, then kops create sshpublickey (kOps keeps exactly one)',
    needs: ['outputs', 'kops-replace'],
    inputs: ['{clusterDir}/*.pub'],
    settings: pick('sshPublicKey', 'name', 'env'),
    tools: ['kops'],
    gated: true,
    skipIf: (ctx) => (s(ctx).sshPublicKey ? undefined : 'no sshPublicKey in cluster.yaml'),
    gateSummary: (ctx) => `sets the admin SSH key to ${String(s(ctx).sshPublicKey)} (any other key is deleted)`,
    commands: (ctx) => {
      const k = kopsTarget(ctx, ctx.needs.outputs)
      return [tools.kopsDeleteSshPublicKey(k), tools.kopsCreateSshPublicKey(k, String(s(ctx).sshPublicKey))]
    },
    // The key's digest: kops update (whose launch templates carry the key) runs again when it changes.
    run: async (ctx) => ({ publicKey: sha256(await ctx.readFile(String(s(ctx).sshPublicKey))) }),
  })
  .stage('kops-tf', {
    kind: 'write',
    description: 'kops update cluster --target terraform (writes the state store too, asks first), stripped and published to clusters/<name>/',
    needs: ['outputs', 'kops-replace', 'ssh-key'],
    inputs: ['{clusterDir}/cluster.yml'],
    outputs: ['{clusterDir}/kubernetes.tf'],
    tools: ['kops'],
    gated: true,
    gateSummary: (ctx) => `regenerates ${ctx.cluster.dir}/kubernetes.tf and the completed spec in ${kopsTarget(ctx, ctx.needs.outputs).state}`,
    commands: (ctx) => [tools.kopsUpdateTerraform(kopsTarget(ctx, ctx.needs.outputs), kopsOutDir(ctx))],
    run: (ctx) => publishKopsTerraform(ctx),
  })
  // ── 2-kops: plan and apply what kOps generated (the committed kubernetes.tf and data/) ──
  .stage('kops-dir', {
    kind: 'pure',
    description: "the cluster's copy of 2-kops with its kubernetes.tf and data/",
    inputs: ['2-kops/*.tf', '{clusterDir}/kubernetes.tf', '{clusterDir}/data'],
    settings: pick('profile', 'region'),
    outputs: ['{state}/work/{cluster}/2-kops/kubernetes.tf'],
    run: async (ctx) => {
      await prepareLayer(ctx, '2-kops', { profile: s(ctx).profile, region: s(ctx).region }, ['kubernetes.tf'])
      await stageKopsFiles(ctx, layerDir(ctx, '2-kops'))
      return null
    },
  })
  .stage('kops-init', initStage('2-kops', 'kops-dir'))
  .stage('plan', {
    kind: 'read',
    description: 'terraform plan -out of 2-kops, summarised from terraform show -json',
    needs: ['kops-init'],
    settings: pick('protect'),
    tools: ['terraform'],
    commands: (ctx) => [tools.tfPlan(tfTarget(ctx, '2-kops'), { out: PLAN_FILE }), { ...tools.tfShowJson(tfTarget(ctx, '2-kops'), PLAN_FILE), secretStdout: true }],
    run: (ctx, [plan, show]) => {
      const result = planResult(plan.exitCode, show.stdout, protectedGlobs(ctx))
      if (isStageFailure(result)) return result
      ctx.log(`plan: ${planLine(result)}`)
      return result
    },
    report: planReport,
  })
  .stage('guard', {
    kind: 'read', // with every plan, as the plan itself
    params: ['allowReplace'],
    description: 'refuses a plan that deletes or replaces a protected resource (--allow-replace GLOB lets one through)',
    needs: ['plan'],
    run: (ctx) => guardPlan(ctx, ctx.needs.plan, '2-kops'),
  })
  .stage('apply', {
    kind: 'write',
    description: 'terraform apply of the saved plan (never an unreviewed apply)',
    needs: ['plan', 'guard'],
    gated: true,
    tools: ['terraform'],
    skipIf: (ctx) => (ctx.needs.plan.changes ? undefined : 'no changes'),
    gateSummary: (ctx) => planLine(ctx.needs.plan),
    commands: (ctx) => [tools.tfApply(tfTarget(ctx, '2-kops'), PLAN_FILE)],
    // Which plan was applied: what the health check after it is keyed on.
    run: (ctx) => ({ planId: ctx.needs.plan.planId }),
  })
  // ── pinned plans: plan --save DIR on a pull request, apply --plan DIR after the merge ──
  .stage('plan-save', {
    kind: 'read',
    params: ['saveDir'],
    description: 'keeps the plan, its JSON and a fingerprint of its inputs in DIR/<cluster>/ (plan --save DIR)',
    needs: ['plan'],
    refuseIf: ({ params }) => (params.saveDir ? undefined : { reason: 'no directory to keep the plans in', hint: 'usage: tasks plan --cluster NAME --save DIR', usage: { missing: '--save DIR' } }),
    tools: ['terraform'],
    commands: (ctx) => [{ ...tools.tfShowJson(tfTarget(ctx, '2-kops'), PLAN_FILE), secretStdout: true }, tools.tfVersion({ cwd: layerDir(ctx, '2-kops'), env: clusterEnv(ctx), bin: ctx.cluster.bins.terraform })],
    run: (ctx, [show, version]) => savePlan(ctx, show, version),
    report: (r) => ({ note: `saved to ${r.saved}` }),
  })
  .stage('saved-check', {
    kind: 'read',
    params: ['planDir', 'allowReplace'],
    description: 'checks the plan saved in DIR/<cluster>/ against this checkout (files, variables, backend, terraform) and the guardrails',
    needs: ['kops-init'],
    refuseIf: ({ params }) => (params.planDir ? undefined : { reason: 'no saved plans to apply', hint: 'usage: tasks apply --cluster NAME --plan DIR (DIR as plan --save wrote it)', usage: { missing: '--plan DIR' } }),
    tools: ['terraform'],
    commands: (ctx) => [tools.tfVersion({ cwd: layerDir(ctx, '2-kops'), env: clusterEnv(ctx), bin: ctx.cluster.bins.terraform })],
    run: (ctx, [version]) => checkSavedPlan(ctx, version),
    report: planReport,
  })
  .stage('saved-apply', {
    kind: 'write',
    cached: false,
    description: 'terraform apply of the saved plan, exactly as it was reviewed (apply --plan DIR)',
    needs: ['saved-check'],
    gated: true,
    tools: ['terraform'],
    skipIf: (ctx) => (ctx.needs['saved-check'].changes ? undefined : 'no changes'),
    gateSummary: (ctx) => `${planLine(ctx.needs['saved-check'])} (the saved plan)`,
    commands: (ctx) => [{ ...tools.tfApply(tfTarget(ctx, '2-kops'), ctx.needs['saved-check'].planFile), okCodes: [0, 1] }],
    run: (ctx, [apply]) => savedApplyResult(ctx, apply),
  })
  // ── kOps operations ──
  .stage('kubeconfig', {
    kind: 'read',
    description: 'kops export kubeconfig --admin to .tasks/kube/<name>/config (this cluster\'s KUBECONFIG)',
    needs: ['outputs'],
    outputs: ['{state}/kube/{cluster}/config'], // so a run says where it is (not a key part)
    tools: ['kops'],
    commands: (ctx) => [tools.kopsExportKubeconfig(kopsTarget(ctx, ctx.needs.outputs), { kubeconfig: clusterEnv(ctx).KUBECONFIG, admin: '18h' })],
  })
  // Keyed on the last applied plan: it runs after every apply, and again until it passed once
  // (a failed check is not skipped on the rerun just because the plan has no changes left).
  .stage('health', {
    kind: 'write',
    description: 'kops validate cluster --wait after each apply, before any roll',
    needs: ['outputs', 'kubeconfig', 'apply'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsValidate(kopsTarget(ctx, ctx.needs.outputs), { wait: validateWait(ctx) })],
    run: (ctx, [out]) => validateResult(out, validateWait(ctx)),
  })
  // A rollout's health check: after each cluster's changes, before the next wave starts (--waves).
  .stage('rollout-health', {
    kind: 'read',
    description: 'kops validate cluster --wait after a cluster\'s changes in a rollout, before the next wave',
    needs: ['outputs', 'kubeconfig'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsValidate(kopsTarget(ctx, ctx.needs.outputs), { wait: validateWait(ctx) })],
    run: (ctx, [out]) => validateResult(out, validateWait(ctx)),
  })
  .stage('rolling-update', {
    kind: 'read',
    description: 'kops rolling-update cluster (dry run): which instance groups need a roll',
    needs: ['outputs', 'kubeconfig'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsRollingUpdate(kopsTarget(ctx, ctx.needs.outputs), { yes: false })],
    run: (_ctx, [out]) => rollingResult(out.stdout),
    report: rollingReport,
  })
  .stage('rolling-update-yes', {
    kind: 'write',
    cached: false,
    params: ['force', 'roles'],
    description: 'kops rolling-update cluster --yes, after the apply and a healthy validate',
    needs: ['outputs', 'health', 'rolling-update'],
    gated: true,
    tools: ['kops'],
    skipIf: (ctx) => (ctx.params.force || ctx.needs['rolling-update'].needsUpdate.length ? undefined : 'no instance group needs a roll'),
    gateSummary: (ctx) => `rolls ${ctx.params.force ? `every ${ctx.params.roles?.join(', ') ?? ''} instance group (forced)` : ctx.needs['rolling-update'].needsUpdate.join(', ')}`,
    commands: (ctx) => [tools.kopsRollingUpdate(kopsTarget(ctx, ctx.needs.outputs), { yes: true, force: ctx.params.force === true, roles: ctx.params.roles })],
  })
  // ── teardown: destroy → cluster-delete → prereq-destroy, each needing the one before ──
  .stage('destroy', {
    kind: 'write',
    cached: false,
    params: ['allowProtected'],
    description: 'terraform destroy of 2-kops (every resource kOps generated)',
    needs: ['kops-init'],
    gated: true,
    tools: ['terraform'],
    gateSummary: () => 'destroys every resource of kubernetes.tf (instances, volumes, load balancers, IAM)',
    refuseIf: protectedTeardown,
    commands: (ctx) => [tools.tfDestroy(tfTarget(ctx, '2-kops'))],
  })
  .stage('cluster-delete-dry', {
    kind: 'read',
    description: 'kops delete cluster --unregister (dry run)',
    needs: ['outputs'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsDeleteCluster(kopsTarget(ctx, ctx.needs.outputs), { yes: false, unregister: true })],
  })
  .stage('cluster-delete', {
    kind: 'write',
    cached: false,
    params: ['allowProtected'],
    description: 'kops delete cluster --unregister --yes: removes the cluster from the kOps state, after terraform destroyed its resources',
    needs: ['outputs', 'destroy'],
    gated: true,
    tools: ['kops'],
    gateSummary: (ctx) => `unregisters ${kopsTarget(ctx, ctx.needs.outputs).name} from ${kopsTarget(ctx, ctx.needs.outputs).state}`,
    refuseIf: protectedTeardown,
    // Unregistered: the next cluster-update must put the spec (and kOps's keys) back, not skip.
    undoes: ['kops-replace', 'ssh-key', 'kops-tf'],
    // Not registered (never pushed, or unregistered by an earlier, interrupted teardown): nothing to
    // do, so the chain can go on to 1-prerequisites.
    commands: (ctx) => [{ ...tools.kopsDeleteCluster(kopsTarget(ctx, ctx.needs.outputs), { yes: true, unregister: true }), okCodes: [0, 1] }],
    run: (ctx, [del]) => unregistered(ctx, del),
  })
  .stage('prereq-destroy', {
    kind: 'write',
    cached: false,
    params: ['allowProtected'],
    description: 'terraform destroy of 1-prerequisites (the kOps state bucket!), after the cluster is gone',
    needs: ['prereq-init', 'cluster-delete'],
    gated: true,
    tools: ['terraform'],
    gateSummary: () => 'destroys the kOps state bucket, the DNS zone and the IRSA bucket',
    refuseIf: protectedTeardown,
    // The kOps state store goes with the bucket: the cluster must be replaced and updated again.
    undoes: ['kops-replace', 'ssh-key', 'kops-tf'],
    commands: (ctx) => [tools.tfDestroy(tfTarget(ctx, '1-prerequisites'))],
  })
  .stage('cluster-get', {
    show: true,
    kind: 'read',
    description: 'kops get all',
    needs: ['outputs'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsGetAll(kopsTarget(ctx, ctx.needs.outputs))],
  })
  .stage('cluster-validate', {
    show: true,
    kind: 'read',
    description: 'kops validate cluster -o json',
    needs: ['outputs', 'kubeconfig'],
    tools: ['kops'],
    commands: (ctx) => [tools.kopsValidate(kopsTarget(ctx, ctx.needs.outputs))],
    // Read for people (the verdict, nodes and failures); the raw JSON is the --json document's.
    run: (ctx, [out]) => clusterValidation(ctx, readValidation(out, false), kopsTarget(ctx, ctx.needs.outputs).name),
    report: validationReport,
  })
  .stage('kops-cmd', {
    show: true,
    kind: 'read',
    params: ['args'],
    description: 'any kops command, with this cluster\'s --state and --name',
    needs: ['outputs'],
    tools: ['kops'],
    refuseIf: needsArgs('tasks kops-cmd --cluster NAME -- get ig'),
    commands: (ctx) => [tools.kopsPassthrough(kopsTarget(ctx, ctx.needs.outputs), args(ctx))],
  })
  .stage('force-unlock', {
    kind: 'read',
    params: ['args'],
    description: 'terraform force-unlock -force LOCK_ID in 2-kops',
    needs: ['kops-init'],
    tools: ['terraform'],
    refuseIf: needsArgs('tasks force-unlock --cluster NAME -- LOCK_ID'),
    commands: (ctx) => [tools.tfForceUnlock(tfTarget(ctx, '2-kops'), args(ctx)[0])],
  })
  .stage('prereq-force-unlock', {
    kind: 'read',
    params: ['args'],
    description: 'terraform force-unlock -force LOCK_ID in 1-prerequisites',
    needs: ['prereq-init'],
    tools: ['terraform'],
    refuseIf: needsArgs('tasks 1-prerequisites:force-unlock --cluster NAME -- LOCK_ID'),
    commands: (ctx) => [tools.tfForceUnlock(tfTarget(ctx, '1-prerequisites'), args(ctx)[0])],
  })
  .stage('format', {
    kind: 'read',
    description: 'terraform fmt -recursive of both layers',
    tools: ['terraform'],
    commands: (ctx) => ['1-prerequisites', '2-kops'].map((l) => tools.tfFmt({ dir: join(ctx.root, l), env: clusterEnv(ctx), bin: ctx.cluster.bins.terraform }, { recursive: true })),
  })
  .stage('versions', {
    show: true,
    kind: 'read',
    description: 'terraform version and kops version',
    tools: ['terraform', 'kops'],
    commands: (ctx) => [tools.tfVersion({ cwd: ctx.root, env: clusterEnv(ctx), bin: ctx.cluster.bins.terraform }), tools.kopsVersion({ cwd: ctx.root, env: clusterEnv(ctx), bin: ctx.cluster.bins.kops })],
    run: (_ctx, results) => toolVersions(results),
    report: versionsReport,
  })
  // ── targets, named as in the seed's Makefiles ──
  .target('cluster-template', { group: 'Cluster', description: 'Render the cluster template to clusters/<name>/cluster.yml', stages: ['render'] })
  .target('cluster-update', { group: 'Cluster', description: 'Outputs → render → kops replace → kops update (kubernetes.tf); asks before it writes the state store', stages: ['kops-tf'] })
  .target('cluster-rolling-update', { group: 'Cluster', description: 'Which instance groups need a rolling update (dry run)', stages: ['rolling-update'] })
  .target('cluster-rolling-update-yes', { group: 'Cluster', description: 'Push, apply, validate, then roll the instance groups that need it (asks first)', stages: ['kops-tf', 'apply', 'rolling-update-yes'], healthCheck: 'rollout-health' })
  .target('cluster-rolling-update-yes-force-masters', { group: 'Cluster', description: 'Roll every control-plane node, needed or not, after push and apply (asks first)', stages: ['kops-tf', 'apply', 'rolling-update-yes'], params: { force: true, roles: ['control-plane'] }, healthCheck: 'rollout-health' })
  .target('cluster-get', { group: 'Cluster', description: 'kops get all', stages: ['cluster-get'] })
  .target('cluster-validate', { group: 'Cluster', description: 'kops validate cluster', stages: ['cluster-validate'] })
  .target('kops-kubeconfig', { group: 'Cluster', description: "Write the cluster's kubeconfig to .tasks/kube/<name>/config", stages: ['kubeconfig'] })
  .target('kops-cmd', { group: 'Cluster', description: 'Run a kops command on the cluster: tasks kops-cmd --cluster X -- get ig', stages: ['kops-cmd'] })
  .target('init', { group: 'Terraform', description: 'terraform init of both layers', stages: ['prereq-init', 'kops-init'] })
  .target('plan', { group: 'Terraform', description: 'Preview the changes of the committed kubernetes.tf; writes nothing (says when the spec is not pushed); --save DIR keeps the plan', stages: ['kops-spec', 'plan'], params: { readOnly: true } })
  .target('plan-detailed', { group: 'Terraform', description: 'As plan, and exit 2 when changes are pending (for CI drift checks)', stages: ['kops-spec', 'plan'], params: { readOnly: true, detailedExitCode: true } })
  .target('plan-save', { group: 'Terraform', description: 'As plan, and keep the plan for apply-plan (plan --save DIR is the same)', stages: ['kops-spec', 'plan', 'plan-save'], params: { readOnly: true } })
  .target('apply-plan', { group: 'Terraform', description: 'Apply the plans plan --save kept, refused if anything changed since (apply --plan DIR is the same; asks first)', stages: ['saved-apply'], healthCheck: 'rollout-health' })
  .target('apply', { group: 'Terraform', description: 'Push the spec, plan, apply the reviewed plan (asks first; --yes without a terminal); --plan DIR applies a kept plan', stages: ['kops-tf', 'apply'], healthCheck: 'rollout-health' })
  .target('output', { group: 'Terraform', description: 'Read the prerequisites outputs into clusters/<name>/outputs.json', stages: ['outputs'] })
  .target('format', { group: 'Terraform', description: 'terraform fmt -recursive of both layers', stages: ['format'] })
  .target('force-unlock', { group: 'Terraform', description: 'Release a stuck 2-kops state lock: tasks force-unlock --cluster X -- LOCK_ID', stages: ['force-unlock'] })
  .target('version', { group: 'Terraform', description: 'terraform and kops versions', stages: ['versions'] })
  .target('destroy', { group: 'Teardown', description: 'terraform destroy of 2-kops (asks first)', stages: ['destroy'] })
  .target('cluster-destroy', { group: 'Teardown', description: 'kops delete cluster --unregister (dry run)', stages: ['cluster-delete-dry'] })
  .target('cluster-destroy-yes', { group: 'Teardown', description: 'destroy, then kops delete cluster --unregister --yes (asks first)', stages: ['cluster-delete'] })
  .target('1-prerequisites:init', { group: '1-prerequisites', description: 'terraform init of 1-prerequisites', stages: ['prereq-init'] })
  .target('1-prerequisites:plan', { group: '1-prerequisites', description: 'Preview the changes of 1-prerequisites', stages: ['prereq-plan'] })
  .target('1-prerequisites:apply', { group: '1-prerequisites', description: 'Apply 1-prerequisites (asks first)', stages: ['prereq-apply'] })
  .target('1-prerequisites:output', { group: '1-prerequisites', description: 'Read the outputs (as output)', stages: ['outputs'] })
  .target('1-prerequisites:destroy', { group: '1-prerequisites', description: 'destroy, cluster-destroy-yes, then terraform destroy of 1-prerequisites (asks first)', stages: ['prereq-destroy'] })
  .target('1-prerequisites:force-unlock', { group: '1-prerequisites', description: 'Release a stuck 1-prerequisites state lock', stages: ['prereq-force-unlock'] })

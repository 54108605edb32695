// The task graph: the stages of the kOps cluster workflow and the Makefile-named targets.
// Pure data on import. Until the Terraform/kOps tool layer lands (issues 3 and 4), the stages
// that would call terraform or kops run placeholder commands that only say what they stand for.
import { formatFailure } from './modules/diag/mod.ts'
import { graph, type Command, type StageContext } from './modules/graph/mod.ts'
import { renderTemplate, type TerraformOutputs } from './modules/template/mod.ts'

/** A placeholder command: prints what the real stage will do. */
const placeholder = (ctx: StageContext<unknown>, what: string): Command => ({
  tool: 'node',
  args: ['-e', `console.log(${JSON.stringify(`[placeholder] ${what} for cluster ${ctx.cluster.name}`)})`],
  cwd: ctx.root,
  env: {},
})

const TEMPLATE = '2-kops/cluster-template.yml.eta'

export default graph()
  .stage('outputs', {
    kind: 'read',
    description: 'terraform output -json of the 1-prerequisites layer (placeholder: outputs.mock.json)',
    run: async (ctx) => JSON.parse(await ctx.readFile(`${ctx.cluster.dir}/outputs.mock.json`)) as TerraformOutputs,
  })
  .stage('render', {
    kind: 'pure',
    description: 'render the cluster template to clusters/<name>/cluster.yml',
    needs: ['outputs'],
    inputs: [TEMPLATE, 'clusters/{cluster}/cluster.yaml'],
    outputs: ['clusters/{cluster}/cluster.yml'],
    run: async (ctx) => {
      const template = await ctx.readFile(TEMPLATE)
      const rendered = renderTemplate({ template, templatePath: TEMPLATE, outputs: ctx.needs.outputs, settings: ctx.cluster.settings })
      if (!rendered.ok) throw new Error(formatFailure(rendered.failure))
      await ctx.writeFile(`${ctx.cluster.dir}/cluster.yml`, rendered.text)
      return { manifest: `${ctx.cluster.dir}/cluster.yml` }
    },
  })
  .stage('kops-replace', {
    kind: 'write',
    description: 'kops replace -f cluster.yml --force, then register the SSH public key',
    needs: ['render'],
    inputs: ['clusters/{cluster}/cluster.yml'],
    tools: ['node'],
    commands: (ctx) => [placeholder(ctx, `kops replace -f ${ctx.needs.render.manifest} --force`)],
  })
  .stage('kops-tf', {
    kind: 'write',
    description: 'kops update cluster --target terraform, then strip the provider blocks',
    needs: ['kops-replace'],
    tools: ['node'],
    commands: (ctx) => [placeholder(ctx, 'kops update cluster --target terraform')],
  })
  .stage('plan', {
    kind: 'read',
    description: 'terraform plan -out of the 2-kops layer, summarised from terraform show -json',
    needs: ['kops-tf'],
    inputs: ['clusters/{cluster}/cluster.yml'],
    tools: ['node'],
    commands: (ctx) => [placeholder(ctx, 'terraform plan')],
    run: async (ctx) => ({ planned: await ctx.readFile(`${ctx.cluster.dir}/cluster.yml`) }),
  })
  .stage('apply', {
    kind: 'write',
    description: 'terraform apply of the reviewed plan file',
    needs: ['plan'],
    gated: true,
    tools: ['node'],
    commands: (ctx) => [placeholder(ctx, 'terraform apply')],
  })
  .stage('rolling-update', {
    kind: 'read',
    description: 'kops rolling-update cluster (dry run)',
    needs: ['apply'],
    tools: ['node'],
    commands: (ctx) => [placeholder(ctx, 'kops rolling-update cluster')],
  })
  .target('cluster-template', { group: 'Cluster', description: 'Render the cluster template to cluster.yml', stages: ['render'] })
  .target('cluster-update', { group: 'Cluster', description: 'Render, kops replace and regenerate kubernetes.tf', stages: ['kops-tf'] })
  .target('plan', { group: 'Terraform', description: 'Preview the infrastructure changes of the 2-kops layer', stages: ['plan'] })
  .target('apply', { group: 'Terraform', description: 'Apply the reviewed plan (asks first; --yes without a terminal)', stages: ['apply'] })
  .target('cluster-rolling-update', { group: 'Cluster', description: 'Show which instance groups need a rolling update (dry run)', stages: ['rolling-update'] })

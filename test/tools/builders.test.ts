// Every command builder's exact argv, cwd and env: what the executor will run.
import t from 'tap'
import * as tools from '../../modules/tools/mod.ts'

const env = tools.toolEnv({ cluster: 'prod', profile: 'acme-prod', region: 'eu-west-1', kubeconfig: '/r/.tasks/kube/prod/config', tfDataDir: '/r/.tasks/work/prod/2-kops/.terraform', path: '/usr/bin' })
const tf = { dir: '/r/.tasks/work/prod/2-kops', env }
const k = { state: 's3://acme-kops-state', name: 'prod.k8s.acme.io', cwd: '/r/clusters/prod', env }
const argv = (c: { tool: string; args: string[] }) => [c.tool, ...c.args]

t.test('every invocation carries its own environment', async (t) => {
  t.same(env, {
    AWS_PROFILE: 'acme-prod',
    AWS_REGION: 'eu-west-1',
    AWS_SDK_LOAD_CONFIG: '1',
    KUBECONFIG: '/r/.tasks/kube/prod/config',
    PATH: '/usr/bin',
    TASKS_CLUSTER: 'prod',
    TF_DATA_DIR: '/r/.tasks/work/prod/2-kops/.terraform',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  })
  t.same(tools.toolEnv({ cluster: 'x', kubeconfig: '/k', path: '/p' }), { AWS_SDK_LOAD_CONFIG: '1', KUBECONFIG: '/k', PATH: '/p', TASKS_CLUSTER: 'x', TF_IN_AUTOMATION: '1', TF_INPUT: '0' })
  t.equal(tools.kubeconfigPath('/r/.tasks', 'prod'), '/r/.tasks/kube/prod/config')
})

t.test('terraform: -chdir first, = on every flag, -input=false', async (t) => {
  const init = tools.tfInit(tf, { backendConfig: { key: 'prod/2-kops.tfstate', bucket: 'acme-tf', region: 'eu-west-1' } })
  t.same(argv(init), ['terraform', '-chdir=/r/.tasks/work/prod/2-kops', 'init', '-input=false', '-no-color', '-backend-config=bucket=acme-tf', '-backend-config=key=prod/2-kops.tfstate', '-backend-config=region=eu-west-1'])
  t.equal(init.cwd, tf.dir)
  t.equal(init.env, env)
  t.same(tools.tfInit(tf).args.slice(1), ['init', '-input=false', '-no-color'])
  t.same(tools.tfInit(tf, { backendSwitch: 'reconfigure' }).args.slice(1), ['init', '-input=false', '-no-color', '-reconfigure'])
  t.same(tools.tfInit(tf, { backendSwitch: 'migrate-state' }).args.slice(1), ['init', '-input=false', '-no-color', '-migrate-state', '-force-copy'])
  t.same(tools.tfOutputJson(tf).args, ['-chdir=/r/.tasks/work/prod/2-kops', 'output', '-json', '-no-color'])
  const plan = tools.tfPlan(tf, { out: 'plan.tfplan', varFiles: ['cluster.tfvars.json'], lockTimeout: '5m' })
  t.same(plan.args.slice(1), ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.tfplan', '-lock-timeout=5m', '-var-file=cluster.tfvars.json'])
  t.same(plan.okCodes, [0, 2], 'exit 2 means changes, not failure')
  t.same(tools.tfPlan(tf, { out: 'd.tfplan', destroy: true }).args.slice(1), ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=d.tfplan', '-destroy'])
  t.same(tools.tfShowJson(tf, 'plan.tfplan').args.slice(1), ['show', '-json', '-no-color', 'plan.tfplan'])
  t.same(tools.tfApply(tf, 'plan.tfplan').args.slice(1), ['apply', '-input=false', '-no-color', 'plan.tfplan'])
  t.same(tools.tfDestroy(tf, { varFiles: ['a.tfvars'] }).args.slice(1), ['destroy', '-auto-approve', '-input=false', '-no-color', '-var-file=a.tfvars'])
  t.same(tools.tfFmtCheck(tf, { recursive: true }).args.slice(1), ['fmt', '-check', '-no-color', '-recursive'])
  t.same(tools.tfFmtCheck(tf).okCodes, [0, 3])
  t.same(tools.tfFmt(tf).args.slice(1), ['fmt', '-no-color'])
  t.same(tools.tfForceUnlock(tf, '9db590f1-b6fe-c5f2-2678-8804f089deba').args.slice(1), ['force-unlock', '-force', '9db590f1-b6fe-c5f2-2678-8804f089deba'])
  t.same(tools.tfVersion({ cwd: '/r', env, bin: '/opt/tf/terraform' }), { tool: '/opt/tf/terraform', args: ['version', '-json'], cwd: '/r', env })
})

t.test('kops: explicit --name and --state on every call, bool flags as --flag=value', async (t) => {
  const base = ['--name=prod.k8s.acme.io', '--state=s3://acme-kops-state']
  t.same(argv(tools.kopsReplace(k, 'clusters/prod/cluster.yml')), ['kops', 'replace', ...base, '--filename=clusters/prod/cluster.yml', '--force=true'])
  t.same(tools.kopsCreateSshPublicKey(k, '/home/me/.ssh/id_rsa.pub').args, ['create', 'sshpublickey', ...base, '--ssh-public-key=/home/me/.ssh/id_rsa.pub'])
  t.same(tools.kopsUpdateTerraform(k, '/r/clusters/prod/terraform').args, ['update', 'cluster', ...base, '--target=terraform', '--out=/r/clusters/prod/terraform', '--yes=true', '--create-kube-config=false'])
  t.same(tools.kopsRollingUpdate(k, { yes: false }).args, ['rolling-update', 'cluster', ...base, '--yes=false'])
  t.same(tools.kopsRollingUpdate(k, { yes: true, force: true, roles: ['control-plane'], cloudonly: true }).args, ['rolling-update', 'cluster', ...base, '--yes=true', '--force=true', '--cloudonly=true', '--instance-group-roles=control-plane'])
  t.same(tools.kopsDeleteCluster(k, { yes: false, unregister: true }).args, ['delete', 'cluster', ...base, '--yes=false', '--unregister=true'])
  const validate = tools.kopsValidate(k, { wait: '10m' })
  t.same(validate.args, ['validate', 'cluster', ...base, '--output=json', '--wait=10m'])
  t.same(validate.okCodes, [0, 1, 2], 'an unhealthy cluster is a result to parse')
  t.same(tools.kopsGetAll(k, 'yaml').args, ['get', 'all', ...base, '--output=yaml'])
  t.same(tools.kopsExportKubeconfig(k, { kubeconfig: '/r/.tasks/kube/prod/config', admin: '87600h' }).args, ['export', 'kubeconfig', ...base, '--kubeconfig=/r/.tasks/kube/prod/config', '--admin=87600h'])
  t.same(tools.kopsVersion({ cwd: '/r', env }), { tool: 'kops', args: ['version', '--short'], cwd: '/r', env })
  t.same(tools.kopsPassthrough({ ...k, bin: '/opt/kops' }, ['get', 'ig']), { tool: '/opt/kops', args: ['get', 'ig', ...base], cwd: '/r/clusters/prod', env })
})

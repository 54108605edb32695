// `kops update cluster [--target terraform --out DIR] [--yes] [--create-kube-config=BOOL]
// [--admin[=DUR] | --user U]` (cli-contracts.md §2.3). The terraform target always writes
// DIR/kubernetes.tf and DIR/data/ and, like --yes, the completed spec and kops-version.txt to the
// store; it changes nothing in the cloud (the sandbox terraform does, when it applies
// kubernetes.tf). `--target direct --yes` is the cloud writer itself: launch templates get a new
// version where their content changed, ASGs their sizes (common/cloud.ts); without --yes it is a
// dry run.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { applyGroups, readCloud, writeCloud, type DesiredGroup } from '../common/cloud.ts'
import { rec, text, type Rec } from './yaml-io.ts'
import { asgName, nameOf, roleOf, specOf } from './api.ts'
import { klog, requireClusterName } from './context.ts'
import { KopsError, type CommandDef, type Ctx } from './types.ts'
import { boolFlag, flag } from './flags.ts'
import { addSshKey } from './cmd-create.ts'
import { kopsVersion } from './cmd-version.ts'
import { groupSizes, readApplied, recordApplied } from './fleet.ts'
import { contextState, kubeconfigPath, serverUrl, writeContext, type Auth } from './kubeconfig.ts'
import { openStore, writeObject, type Store } from './store.ts'
import { renderTerraform, type TfOutput } from './tf/render.ts'
import { displayName, dryRunReport, prepareUpdate, rendered, tfInput } from './update-plan.ts'

/** The klog task-progress lines of an apply, sized by the number of resources. */
function logTasks(ctx: Ctx, output: TfOutput): void {
  const total = output.resources.length + 17
  const first = Math.ceil(total * 0.45)
  for (const [done, canRun] of [[0, first], [first, total - first - 2], [total - 2, 2], [total, 0]]) {
    klog(ctx, 'I', 'executor.go:111', `Tasks: ${done} done / ${total} total; ${canRun} can run`)
  }
}

function writeTerraform(ctx: Ctx, outDir: string, output: TfOutput): void {
  const dir = resolve(ctx.io.cwd, outDir)
  mkdirSync(join(dir, 'data'), { recursive: true })
  writeFileSync(join(dir, 'kubernetes.tf'), output.text)
  for (const [name, content] of output.files) writeFileSync(join(dir, 'data', name), content)
  klog(ctx, 'I', 'target.go:312', `Terraform output is in ${outDir}`)
}

function deprecatedKey(ctx: Ctx, store: Store, name: string, file: string): void {
  ctx.io.stdout(`--ssh-public-key on update is deprecated - please use \`kops create sshpublickey --name ${name} -i ~/.ssh/id_rsa.pub\` instead\n`)
  const path = resolve(ctx.io.cwd, file)
  if (!existsSync(path)) throw new KopsError(`error reading SSH key file "${file}": open ${file}: no such file or directory`)
  const error = addSshKey(store, name, readFileSync(path, 'utf8'))
  if (error) throw new KopsError(`error adding SSH public key: ${error}`)
  klog(ctx, 'I', 'update_cluster.go:244', `Using SSH public key: ${file}`)
}

/** Writes the kubeconfig context like update does; returns whether this was the first run. */
function exportKubeconfig(ctx: Ctx, cluster: Rec, name: string, auth: Auth): boolean {
  const path = kubeconfigPath(ctx)
  const existed = contextState(path, name).exists
  klog(ctx, 'I', 'update_cluster.go:326', 'Exporting kubeconfig for cluster')
  writeContext(path, name, serverUrl(cluster, name, boolFlag(ctx.parsed, 'internal')), auth)
  ctx.io.stdout(`kOps has set your kubectl context to ${name}\n`)
  if ('none' in auth) {
    klog(ctx, 'W', 'update_cluster.go:350', 'Exported kubeconfig with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`')
  }
  return !existed
}

function suggestions(cluster: Rec, igs: Rec[], name: string): string {
  const spec = specOf(cluster)
  const api = text(rec(spec.api).publicName) || text(spec.masterPublicName) || `api.${name}`
  const bastionName = text(rec(rec(spec.topology).bastion).bastionPublicName)
  const bastion = igs.some((ig) => text(specOf(ig).role) === 'Bastion')
  const ssh = !bastion
    ? ` * ssh to a control-plane node: ssh -i ~/.ssh/id_rsa ubuntu@${api}`
    : bastionName
      ? ` * ssh to the bastion: ssh -A -i ~/.ssh/id_rsa ubuntu@${bastionName}`
      : ' * to ssh to the bastion, you probably want to configure a bastionPublicName.'
  return [
    'Suggestions:',
    ' * validate cluster: kops validate cluster --wait 10m',
    ' * list nodes: kubectl get nodes --show-labels',
    ssh,
    ' * the ubuntu user is specific to Ubuntu. If not using Ubuntu please use the appropriate user based on your OS.',
    ' * read about installing addons at: https://kops.sigs.k8s.io/addons.',
    '',
    '',
  ].join('\n')
}

function summary(terraform: boolean, outDir: string, firstRun: boolean, hints: string): string {
  let out = ''
  if (terraform) {
    out += `\nTerraform output has been placed into ${outDir}\n`
    if (firstRun) out += `Run these commands to apply the configuration:\n   cd ${outDir}\n   terraform plan\n   terraform apply\n\n`
  } else {
    out += firstRun ? '\nCluster is starting.  It should be ready in a few minutes.\n\n' : '\nCluster changes have been applied to the cloud.\n\n'
  }
  return out + (firstRun ? hints : '\nChanges may require instances to restart: kops rolling-update cluster\n\n')
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * `--target direct --yes`: kOps applies the launch templates and ASGs itself. A template whose
 * content (its block and the data files it reads) changed gets the next version; ids are those
 * `delete cluster` lists.
 */
function applyDirect(ctx: Ctx, name: string, igs: Rec[], output: TfOutput): void {
  const previous = readCloud(ctx.io.env, ctx.io.cwd, name)
  const files = new Map(output.files)
  const find = (type: string, asg: string) => output.resources.find((r) => r.type === type && displayName(r) === asg)
  const desired: Record<string, DesiredGroup> = {}
  for (const ig of igs) {
    const asg = asgName(name, ig)
    const lt = find('aws_launch_template', asg)
    if (!lt) continue
    const source = rendered(lt)
    const hash = sha([source, ...[...source.matchAll(/\/data\/([^"]+)"/g)].map((m) => files.get(m[1]) ?? '')].join('\n')).slice(0, 16)
    const id = `lt-${sha(`${name}/aws_launch_template/${lt.name}`).slice(0, 17)}`
    const before = previous?.groups[nameOf(ig)]?.launchTemplate
    const version = before?.id === id ? (before.hash === hash ? before.version : before.version + 1) : 1
    const group: DesiredGroup = { role: roleOf(ig) ?? 'Node', launchTemplate: { name: asg, id, version, hash } }
    if (find('aws_autoscaling_group', asg)) group.asg = { name: asg, ...groupSizes(ig), launchTemplate: { id, version } }
    desired[nameOf(ig)] = group
  }
  writeCloud(ctx.io.env, ctx.io.cwd, applyGroups(previous, name, desired))
}

function authOf(ctx: Ctx): Auth {
  const admin = flag(ctx.parsed, 'admin')
  const user = flag(ctx.parsed, 'user')
  if (admin && user) throw new KopsError('cannot use both --admin and --user')
  return admin ? { admin } : user ? { user } : { none: true }
}

function run(ctx: Ctx): number {
  const name = requireClusterName(ctx)
  const target = flag(ctx.parsed, 'target', 'direct')
  if (target !== 'direct' && target !== 'terraform') throw new KopsError(`unsupported target type "${target}"`)
  const auth = authOf(ctx)
  const yes = boolFlag(ctx.parsed, 'yes')
  const outDir = flag(ctx.parsed, 'out') || (target === 'terraform' ? 'out/terraform' : 'out')
  const store = openStore(ctx)
  const keyFile = flag(ctx.parsed, 'ssh-public-key')
  if (keyFile) deprecatedKey(ctx, store, name, keyFile)
  const { cluster, igs, input } = prepareUpdate(ctx, store, name)
  const output = renderTerraform(input)
  logTasks(ctx, output)
  if (target === 'direct' && !yes) {
    const applied = readApplied(store, name)
    const previous = applied ? renderTerraform(tfInput(ctx, store, applied.cluster, applied.igs, false)) : undefined
    ctx.io.stdout(dryRunReport(previous, output))
    return 0
  }
  if (target === 'terraform') writeTerraform(ctx, outDir, output)
  writeObject(store, name, 'cluster-completed.spec', input.completedSpec)
  writeObject(store, name, 'kops-version.txt', kopsVersion(ctx))
  recordApplied(store, name, { cluster, igs })
  if (target === 'direct') applyDirect(ctx, name, igs, output)
  const firstRun = boolFlag(ctx.parsed, 'create-kube-config', true) ? exportKubeconfig(ctx, cluster, name, auth) : false
  ctx.io.stdout(summary(target === 'terraform', outDir, firstRun, suggestions(cluster, igs, name)))
  return 0
}

/** `kops update cluster`. */
export const updateClusterCommand: CommandDef = {
  path: ['update', 'cluster'],
  short: 'Update a cluster.',
  flags: [
    { name: 'yes', short: 'y', kind: 'bool' },
    { name: 'target', kind: 'string' },
    { name: 'out', kind: 'string' },
    { name: 'create-kube-config', kind: 'bool' },
    { name: 'admin', kind: 'optional', bare: '18h' },
    { name: 'user', kind: 'string' },
    { name: 'internal', kind: 'bool' },
    { name: 'phase', kind: 'string' },
    { name: 'lifecycle-overrides', kind: 'list' },
    { name: 'instance-group', kind: 'list' },
    { name: 'instance-group-roles', kind: 'list' },
    { name: 'prune', kind: 'bool' },
    { name: 'allow-kops-downgrade', kind: 'bool' },
    { name: 'ignore-kubelet-version-skew', kind: 'bool' },
    { name: 'ssh-public-key', kind: 'string' },
  ],
  run,
}

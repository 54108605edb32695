// Command builders for every kops command the workflow runs: always an explicit --state and
// --name (never KOPS_STATE_STORE or the kubectl context), and bool flags as --flag=value.
import type { Command } from '../graph/mod.ts'

export interface KopsTarget {
  /** The state store, e.g. s3://my-kops-state. */
  state: string
  /** The cluster's full name, e.g. prod.k8s.example.com. */
  name: string
  cwd: string
  env: Record<string, string>
  bin?: string
}

const kops = (t: KopsTarget, words: string[], flags: string[], okCodes?: number[]): Command => ({
  tool: t.bin ?? 'kops',
  args: [...words, `--name=${t.name}`, `--state=${t.state}`, ...flags],
  cwd: t.cwd,
  env: t.env,
  ...(okCodes ? { okCodes } : {}),
})

const bool = (flag: string, value: boolean): string => `--${flag}=${value}`

/** `kops replace -f FILE --force=true`: creates or updates the Cluster and InstanceGroups. */
export const kopsReplace = (t: KopsTarget, file: string): Command => kops(t, ['replace'], [`--filename=${file}`, bool('force', true)])

/** `kops create sshpublickey -i FILE` (kOps ≥ 1.22). */
export const kopsCreateSshPublicKey = (t: KopsTarget, keyFile: string): Command =>
  kops(t, ['create', 'sshpublickey'], [`--ssh-public-key=${keyFile}`])

/** `kops delete sshpublickey`: removes every admin SSH key of the cluster (before a rotated key is created). */
export const kopsDeleteSshPublicKey = (t: KopsTarget): Command => kops(t, ['delete', 'sshpublickey'], [])

/** `kops get all -o yaml`: the Cluster and InstanceGroups the state store holds; exit 1 when it holds none. */
export const kopsGetSpec = (t: KopsTarget): Command => kops(t, ['get', 'all'], ['--output=yaml'], [0, 1])

/** `kops update cluster --target=terraform --out=DIR`: writes kubernetes.tf and data/ (not read-only). */
export const kopsUpdateTerraform = (t: KopsTarget, outDir: string): Command =>
  kops(t, ['update', 'cluster'], ['--target=terraform', `--out=${outDir}`, bool('yes', true), bool('create-kube-config', false)])

export interface RollingUpdateOptions {
  yes: boolean
  force?: boolean
  /** e.g. ['control-plane'] for the force-masters target. */
  roles?: string[]
  cloudonly?: boolean
}

/** `kops rolling-update cluster`: a dry run unless yes. */
export const kopsRollingUpdate = (t: KopsTarget, o: RollingUpdateOptions): Command =>
  kops(t, ['rolling-update', 'cluster'], [
    bool('yes', o.yes),
    ...(o.force ? [bool('force', true)] : []),
    ...(o.cloudonly ? [bool('cloudonly', true)] : []),
    ...(o.roles?.length ? [`--instance-group-roles=${o.roles.join(',')}`] : []),
  ])

/** `kops delete cluster --unregister`: removes the cluster from the state store only. */
export const kopsDeleteCluster = (t: KopsTarget, o: { yes: boolean; unregister: boolean }): Command =>
  kops(t, ['delete', 'cluster'], [bool('yes', o.yes), ...(o.unregister ? [bool('unregister', true)] : [])])

/** `kops validate cluster -o json`; exit 1 (or 2) means not healthy, which is a result, not a crash. */
export const kopsValidate = (t: KopsTarget, o: { wait?: string } = {}): Command =>
  kops(t, ['validate', 'cluster'], ['--output=json', ...(o.wait ? [`--wait=${o.wait}`] : [])], [0, 1, 2])

/** `kops get all -o yaml`. */
export const kopsGetAll = (t: KopsTarget, output: 'table' | 'yaml' | 'json' = 'table'): Command =>
  kops(t, ['get', 'all'], [`--output=${output}`])

/** `kops export kubeconfig --admin=DUR --kubeconfig=FILE`. */
export const kopsExportKubeconfig = (t: KopsTarget, o: { kubeconfig: string; admin?: string }): Command =>
  kops(t, ['export', 'kubeconfig'], [`--kubeconfig=${o.kubeconfig}`, ...(o.admin ? [`--admin=${o.admin}`] : [])])

/** `kops version --short` (no cluster flags). */
export const kopsVersion = (t: Pick<KopsTarget, 'cwd' | 'env' | 'bin'>): Command => ({
  tool: t.bin ?? 'kops',
  args: ['version', '--short'],
  cwd: t.cwd,
  env: t.env,
})

/** Any kops command the user passes through (`tasks kops-cmd -- get ig`), with explicit --state/--name. */
export const kopsPassthrough = (t: KopsTarget, args: string[]): Command => kops(t, args, [])

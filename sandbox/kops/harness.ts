// Running the kops simulator in-process, for tests and benchmarks: a throwaway working directory
// with its own sandbox state and kubeconfig, a fixed clock, and `run(argv)` → exit code and output.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { memoryIo } from '../common/io.ts'
import { main } from './main.ts'

/** The clock every sandbox run sees unless overridden (TASKS_SANDBOX_NOW). */
export const FIXED_NOW = '2024-11-27T10:00:00Z'

/** What one invocation produced. */
export interface KopsRun {
  code: number
  stdout: string
  stderr: string
}

/** A throwaway place to run kops in. */
export interface KopsSandbox {
  /** The working directory (relative paths in argv resolve against it). */
  cwd: string
  /** The environment of every run (TASKS_SANDBOX_DIR, KUBECONFIG, TASKS_SANDBOX_NOW). */
  env: Record<string, string>
  /** Runs `kops ARGV` in-process. */
  run(argv: string[], env?: Record<string, string | undefined>): Promise<KopsRun>
  /** Writes a file under cwd (folders created); returns its path. */
  write(path: string, content: string): string
  /** Reads a file under cwd. */
  read(path: string): string
  /** Whether a file exists under cwd. */
  exists(path: string): boolean
  /** The entries of a folder under cwd, sorted. */
  list(path: string): string[]
  /** The folder that stands for s3://BUCKET[/prefix]. */
  s3(url: string): string
}

/** Creates a sandbox in a new temporary directory. */
export function kopsSandbox(env: Record<string, string> = {}): KopsSandbox {
  const cwd = mkdtempSync(join(tmpdir(), 'kops-sim-'))
  const base = { TASKS_SANDBOX_DIR: join(cwd, '.sandbox-state'), KUBECONFIG: join(cwd, 'kube', 'config'), TASKS_SANDBOX_NOW: FIXED_NOW, ...env }
  const at = (p: string): string => join(cwd, p)
  return {
    cwd,
    env: base,
    async run(argv, extra = {}) {
      const io = memoryIo(argv, cwd, { ...base, ...extra })
      const code = await main(io)
      return { code, stdout: io.out.join(''), stderr: io.err.join('') }
    },
    write(path, content) {
      mkdirSync(dirname(at(path)), { recursive: true })
      writeFileSync(at(path), content)
      return at(path)
    },
    read: (path) => readFileSync(at(path), 'utf8'),
    exists: (path) => existsSync(at(path)),
    list: (path) => readdirSync(at(path)).sort(),
    s3: (url) => join(base.TASKS_SANDBOX_DIR, 's3', ...url.replace(/^s3:\/\//, '').split('/').filter(Boolean)),
  }
}

/** Knobs of the sample manifest. */
export interface SampleOptions {
  name?: string
  kubernetesVersion?: string
  nodeMachineType?: string
  nodes?: number
}

/** A small valid manifest (Cluster, one control plane, one node group) in one public zone. */
export function sampleManifest(o: SampleOptions = {}): string {
  const name = o.name ?? 'demo.example.com'
  const ig = (ig: string, role: string, type: string, size: number): string =>
    `apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata:\n  name: ${ig}\n  labels:\n    kops.k8s.io/cluster: ${name}\n` +
    `spec:\n  image: ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301\n  machineType: ${type}\n  minSize: ${size}\n  maxSize: ${size}\n  role: ${role}\n  subnets:\n  - eu-west-1a\n`
  const cluster =
    `apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  cloudProvider: aws\n  kubernetesVersion: ${o.kubernetesVersion ?? '1.28.9'}\n` +
    `  networkCIDR: 172.20.0.0/16\n  nonMasqueradeCIDR: 100.64.0.0/10\n  networking:\n    cilium: {}\n  kubernetesApiAccess:\n  - 0.0.0.0/0\n  sshAccess:\n  - 10.0.0.0/8\n` +
    `  etcdClusters:\n  - name: main\n    etcdMembers:\n    - name: a\n      instanceGroup: control-plane-eu-west-1a\n  - name: events\n    etcdMembers:\n    - name: a\n      instanceGroup: control-plane-eu-west-1a\n` +
    `  subnets:\n  - name: eu-west-1a\n    zone: eu-west-1a\n    cidr: 172.20.32.0/19\n    type: Public\n`
  return [cluster, ig('control-plane-eu-west-1a', 'ControlPlane', 't3.medium', 1), ig('nodes-eu-west-1a', 'Node', o.nodeMachineType ?? 't3.medium', o.nodes ?? 2)].join('---\n')
}

/** `--state=URL --name=NAME`, as the runner passes them. */
export const target = (state: string, name: string): string[] => [`--state=${state}`, `--name=${name}`]

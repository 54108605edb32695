// The real executable sandbox/bin/kops, as the runner spawns it: exit codes, streams,
// files on disk, fault injection by the shim.
import t from 'tap'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sampleManifest } from '../kops/harness.ts'

const BIN = fileURLToPath(new URL('../bin/kops', import.meta.url))
const TERRAFORM = fileURLToPath(new URL('../bin/terraform', import.meta.url))
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCenANmqnK1yFilVx14zq/rLRcVQVn3hrtyoin+F2DOQMEgnCdRDHFqahm+ay1MO3HYVVbtPnX5dHvYhhE9IX8O50av21eSho0WVrt3ODqT53/G7iBXSBbg39d2K61Oa4TFKAgNEMVu4OsrKgoB0/ksXAF+2y5uka1/nrihgYJ31DhDxodCg5ddJzALqhXEWYAL++rvIzOUeEjIT7BSGMCfHVNWz6WEyFgmW0YuE7pqCDCsETNzV/t6n0Rt75ZxQIN6kY1prPrvSDMqTHmbdd33VA+89WiZgI5L7+mwXVQNSv3q2/NlYeEWiGgZu9HlNj+l2edE8Ranm+zGES+d8JMT sandbox@example\n'

interface Proc {
  code: number | null
  stdout: string
  stderr: string
}

function kops(args: string[], cwd: string, env: Record<string, string> = {}, bin = BIN): Promise<Proc> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KOPS_') && !k.startsWith('TASKS_SANDBOX')))
    const path = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`
    const fullEnv = { ...clean, PATH: path, TASKS_SANDBOX_DIR: join(cwd, 'state'), KUBECONFIG: join(cwd, 'kubeconfig'), TASKS_SANDBOX_NOW: '2024-11-27T10:00:00Z', ...env }
    // The executable itself (shebang `env node`), started by a shell. tap injects its processinfo
    // loader into every child's NODE_OPTIONS, which cannot load an extensionless ES module; the
    // shell drops it so the shim runs as it does for a user.
    const child = spawn('/bin/sh', ['-c', 'unset NODE_OPTIONS; exec "$0" "$@"', bin, ...args], { cwd, env: fullEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const workdir = (): string => mkdtempSync(join(tmpdir(), 'kops-bin-'))

t.test('version --short, as tool-version detection runs it', async (t) => {
  t.same(await kops(['version', '--short'], workdir()), { code: 0, stdout: '1.28.4\n', stderr: '' })
})

t.test('a missing state store exits 1 with the three-line error on stderr', async (t) => {
  const r = await kops(['get', 'all', '--name=x.example.com'], workdir())
  t.equal(r.code, 1)
  t.equal(r.stdout, '')
  t.match(r.stderr, /^Error: State Store: Required value: Please set the --state flag or export KOPS_STATE_STORE\.\nFor example, a valid value follows the format s3:\/\/<bucket>\.\nYou can find the supported stores in https:\/\/kops\.sigs\.k8s\.io\/state\.\n$/)
})

t.test('replace, key, update --target terraform, terraform apply, rolling-update: the runner flow', async (t) => {
  const cwd = workdir()
  writeFileSync(join(cwd, 'cluster.yml'), sampleManifest())
  writeFileSync(join(cwd, 'id.pub'), RSA)
  const flags = ['--name=demo.example.com', '--state=s3://bucket']
  t.equal((await kops(['replace', ...flags, '--filename=cluster.yml', '--force=true'], cwd)).code, 0)
  t.same(await kops(['create', 'sshpublickey', ...flags, '--ssh-public-key=id.pub'], cwd), { code: 0, stdout: '', stderr: '' })
  const update = await kops(['update', 'cluster', ...flags, '--target=terraform', '--out=tf', '--yes=true', '--create-kube-config=false'], cwd)
  t.equal(update.code, 0)
  t.equal(update.stdout, '\nTerraform output has been placed into tf\n\nChanges may require instances to restart: kops rolling-update cluster\n\n')
  t.ok(existsSync(join(cwd, 'tf/kubernetes.tf')))
  t.ok(existsSync(join(cwd, 'state/s3/bucket/demo.example.com/cluster-completed.spec')))
  const roll = await kops(['rolling-update', 'cluster', ...flags, '--yes=false'], cwd)
  t.equal(roll.code, 1, 'no kubeconfig context: real kOps cannot load its kube client either')
  t.equal((await kops(['export', 'kubeconfig', ...flags, '--admin=87600h'], cwd)).code, 0)
  const early = await kops(['rolling-update', 'cluster', ...flags, '--yes=false'], cwd)
  t.equal(early.code, 1, 'before terraform apply there is no API server')
  t.match(early.stderr, /^Unable to reach the kubernetes API\.\n/)
  const terraform = (args: string[]) => kops(args, cwd, { TF_IN_AUTOMATION: '1' }, TERRAFORM)
  t.equal((await terraform(['-chdir=tf', 'init', '-input=false', '-no-color'])).code, 0)
  const apply = await terraform(['-chdir=tf', 'apply', '-auto-approve', '-input=false', '-no-color'])
  t.equal(apply.code, 0, apply.stderr)
  t.ok(existsSync(join(cwd, 'state/cloud/demo.example.com.json')), 'the sandbox terraform wrote the cloud')
  const dry = await kops(['rolling-update', 'cluster', ...flags, '--yes=false'], cwd)
  t.equal(dry.code, 0)
  t.match(dry.stdout, /\nnodes-eu-west-1a\t\tReady\t0\t\t2\t2\t2\t2\t2\n\nNo rolling-update required\.\n$/)
})

t.test('fault injection is applied by the shim before the simulator runs', async (t) => {
  const r = await kops(['update', 'cluster', '--name=demo.example.com'], workdir(), { TASKS_SANDBOX_FAIL: 'kops update=3:Error: boom\\n' })
  t.same(r, { code: 3, stdout: '', stderr: 'Error: boom\n' })
})

// Copies of clusters/example-prod that run on the simulators: the issue's fan-out is "12 copies of
// example-prod". Each copy is example-prod with every `prod` name made its own (kOps name, state
// keys, key file, committed artifacts) and switched to the sandbox (sandbox: true, the sandbox's
// account, its auto-apply and fixed clock, as the demo has), so copies share only the simulators.
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** The cluster the fan-out copies; the demo is the fallback when a checkout has none. */
export const PROD = 'example-prod'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/** example-prod's cluster.yaml, on the sandbox. */
export function sandboxed(yaml: string): string {
  const settings = [
    'sandbox: true',
    'account: "000000000000"',
    'env:',
    '  TASKS_SANDBOX_AUTO_APPLY: "1"',
    '  TASKS_SANDBOX_NOW: "2026-01-01T00:00:00Z"',
  ]
  const kept = yaml.split('\n').filter((l) => !/^(sandbox|account|env):/.test(l))
  const at = kept.findIndex((l) => /^description:/.test(l)) + 1
  return [...kept.slice(0, at), ...settings, ...kept.slice(at)].join('\n')
}

/** One copy of example-prod named `name`, in a project copy that holds clusters/example-prod. */
export function cloneProd(root: string, name: string): void {
  const dir = join(root, 'clusters', name)
  cpSync(join(root, 'clusters', PROD), dir, { recursive: true })
  for (const file of files(dir)) {
    let text = readFileSync(file, 'utf8')
    if (basename(file) === 'cluster.yaml') text = sandboxed(text)
    const renamed = text
      .replaceAll('prod.k8s.acme.io', `${name}.k8s.acme.io`)
      .replaceAll('prod-k8s-acme-io', `${name}-k8s-acme-io`)
      .replaceAll('k8s/prod/', `k8s/${name}/`)
      .replaceAll(`clusters/${PROD}/`, `clusters/${name}/`)
    writeFileSync(file, renamed)
    const base = basename(file)
    if (base.includes('prod.k8s.acme.io')) renameSync(file, join(dirname(file), base.replaceAll('prod.k8s.acme.io', `${name}.k8s.acme.io`)))
  }
}

/** `n` sandboxed copies of example-prod named p000…; the project's other clusters are removed, so `--all` means them. */
export function prodFleet(root: string, n: number, checkout: string): string[] {
  cpSync(join(checkout, 'clusters', PROD), join(root, 'clusters', PROD), { recursive: true })
  const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, '0')}`)
  for (const name of names) cloneProd(root, name)
  for (const other of readdirSync(join(root, 'clusters'))) if (!names.includes(other)) rmSync(join(root, 'clusters', other), { recursive: true, force: true })
  return names
}

export const hasProd = (checkout: string): boolean => existsSync(join(checkout, 'clusters', PROD, 'cluster.yaml'))

// A throwaway copy of this repository's project (tasks.ts, layers, clusters) whose modules and
// scripts are links to the real ones: end-to-end runs write their artifacts there, not here.
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export function repoCopy(clusters: string[] = ['demo']): string {
  const root = mkdtempSync(join(tmpdir(), 'tasks-e2e-'))
  for (const dir of ['modules', 'scripts', 'node_modules']) symlinkSync(join(REPO, dir), join(root, dir))
  for (const dir of ['1-prerequisites', '2-kops']) cpSync(join(REPO, dir), join(root, dir), { recursive: true })
  for (const c of clusters) cpSync(join(REPO, 'clusters', c), join(root, 'clusters', c), { recursive: true })
  cpSync(join(REPO, 'tasks.ts'), join(root, 'tasks.ts'))
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n')
  return root
}

/** Sets environment variables for one test (undefined removes one), restored when it ends. */
export function withEnv(t: { teardown(fn: () => void): void }, vars: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) if (v === undefined) delete process.env[k]; else process.env[k] = v
  }
  apply(vars)
  t.teardown(() => apply(saved))
}

/** Another sandbox cluster made from the demo in a repo copy: its own name, state keys and key file. */
export function cloneDemo(root: string, name: string): void {
  const demo = readFileSync(join(root, 'clusters/demo/cluster.yaml'), 'utf8')
  cpSync(join(root, 'clusters/demo'), join(root, 'clusters', name), { recursive: true })
  writeFileSync(join(root, 'clusters', name, 'cluster.yaml'), demo.replaceAll('demo.k8s.local', `${name}.k8s.local`).replaceAll('key: demo/', `key: ${name}/`).replaceAll('clusters/demo/', `clusters/${name}/`))
}

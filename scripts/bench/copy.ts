// Throwaway project copies for the process benchmarks, in os.tmpdir() (modelled on
// test/helpers/repo-copy.ts): tasks.ts, both layers and the clusters are copied; modules/, scripts/,
// sandbox/ and node_modules/ are links to this repository's. Each copy has its own simulator state.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

const made: string[] = []

/** A temporary directory removed by `cleanUp` (unless the run keeps its files). */
export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tasks-bench-${tag}-`))
  made.push(dir)
  return dir
}

export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Where the simulators keep this copy's state (TASKS_SANDBOX_DIR). */
export const sandboxDir = (root: string): string => join(root, '.sandbox')

/** A project copy holding the demo cluster (the clone source), nothing else; its tasks installation is `checkout`'s. */
export function projectCopy(tag: string, checkout = REPO): string {
  const root = tempDir(tag)
  for (const dir of ['modules', 'scripts', 'sandbox', 'node_modules']) if (existsSync(join(checkout, dir))) symlinkSync(join(checkout, dir), join(root, dir))
  for (const dir of ['1-prerequisites', '2-kops']) cpSync(join(checkout, dir), join(root, dir), { recursive: true })
  cpSync(join(checkout, 'clusters', 'demo'), join(root, 'clusters', 'demo'), { recursive: true })
  cpSync(join(checkout, 'tasks.ts'), join(root, 'tasks.ts'))
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n')
  return root
}

/** Every file under a directory, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/**
 * Another sandbox cluster made from the demo: its own kOps name, state keys, key file and
 * committed artifacts (every `demo` name in its files and file names renamed, as test/helpers cloneDemo does for
 * cluster.yaml), so clusters share nothing but the simulators' code.
 */
export function cloneDemo(root: string, name: string): void {
  const dir = join(root, 'clusters', name)
  cpSync(join(root, 'clusters', 'demo'), dir, { recursive: true })
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8')
    const renamed = text
      .replaceAll('demo.k8s.local', `${name}.k8s.local`)
      .replaceAll('demo-k8s-local', `${name}-k8s-local`)
      .replaceAll('key: demo/', `key: ${name}/`)
      .replaceAll('clusters/demo/', `clusters/${name}/`)
    if (renamed !== text) writeFileSync(file, renamed)
    const base = basename(file)
    if (base.includes('demo.k8s.local')) renameSync(file, join(dirname(file), base.replaceAll('demo.k8s.local', `${name}.k8s.local`)))
  }
}

/** `n` clones named PREFIX000…; the demo itself is removed when `dropDemo`, so `--all` means them. */
export function fleet(root: string, n: number, prefix = 'c', dropDemo = true): string[] {
  const width = Math.max(3, String(n - 1).length)
  const names = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(width, '0')}`)
  for (const name of names) cloneDemo(root, name)
  if (dropDemo) rmSync(join(root, 'clusters', 'demo'), { recursive: true, force: true })
  return names
}

/** Sets one top-level `key: value` line of a cluster.yaml (which must already have the key). */
export function setClusterKey(root: string, cluster: string, key: string, value: string): void {
  const file = join(root, 'clusters', cluster, 'cluster.yaml')
  const text = readFileSync(file, 'utf8')
  const line = new RegExp(`^${key}:.*$`, 'm')
  if (!line.test(text)) throw new Error(`${file} has no ${key}:`)
  writeFileSync(file, text.replace(line, `${key}: ${value}`))
}

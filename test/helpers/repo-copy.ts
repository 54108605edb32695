// A throwaway copy of this repository's project (tasks.ts, layers, clusters) whose modules and
// scripts are links to the real ones: end-to-end runs write their artifacts there, not here.
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
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

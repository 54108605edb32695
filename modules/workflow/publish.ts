// After `kops update cluster --target terraform`: strip the provider and terraform blocks kOps
// writes, check that every provider alias it uses is configured by 2-kops, and publish
// kubernetes.tf and data/ under clusters/<name>/ for review.
import { join } from 'node:path'
import { stageFailed, type StageFailure } from '../graph/mod.ts'
import { checkAliases, stripKopsTerraform } from '../hcl/mod.ts'
import { kopsOutDir } from './cluster.ts'
import type { WorkflowRunContext } from './context.ts'

/** Provider aliases 2-kops/config.tf configures. */
export const KOPS_LAYER_ALIASES = ['aws.files']

export async function publishKopsTerraform(ctx: WorkflowRunContext): Promise<{ removed: string[]; dataFiles: number } | StageFailure> {
  const out = kopsOutDir(ctx)
  const raw = await ctx.readFile(join(out, 'kubernetes.tf'))
  const stripped = stripKopsTerraform(raw)
  if (!stripped.ok) return stageFailed(`${join(out, 'kubernetes.tf')}:${stripped.error}`)
  const missing = checkAliases(stripped.text, KOPS_LAYER_ALIASES)
  if (missing) return stageFailed(missing)
  // Only the files kubernetes.tf refers to: kOps leaves files of earlier runs in its out dir.
  const present = await ctx.list(join(out, 'data'))
  const data = referencedDataFiles(stripped.text)
  const lost = data.filter((f) => !present.includes(f))
  if (lost.length) return stageFailed(`kops update cluster wrote no ${join(out, 'data', lost[0])}, which kubernetes.tf refers to${lost.length > 1 ? ` (and ${lost.length - 1} more)` : ''}`)
  await ctx.writeFile(join(ctx.cluster.dir, 'kubernetes.tf'), stripped.text)
  const published = join(ctx.cluster.dir, 'data')
  for (const f of await ctx.list(published)) if (!data.includes(f)) await ctx.remove(join(published, f))
  for (const f of data) await ctx.copyFile(join(out, 'data', f), join(published, f))
  ctx.log(`stripped ${stripped.removed.join(', ')}; published ${ctx.cluster.dir}/kubernetes.tf and ${data.length} data files`)
  return { removed: stripped.removed, dataFiles: data.length }
}

/** The data/ files a kubernetes.tf reads (`file("${path.module}/data/NAME")`, filebase64 too), sorted. */
export function referencedDataFiles(tf: string): string[] {
  const names = [...tf.matchAll(/\$\{path\.module\}\/data\/([^"}]+)"/g)].map((m) => m[1])
  return [...new Set(names)].sort()
}

/** Copies the published kubernetes.tf and data/ into the cluster's 2-kops working directory. */
export async function stageKopsFiles(ctx: WorkflowRunContext, dir: string): Promise<void> {
  await ctx.copyFile(join(ctx.cluster.dir, 'kubernetes.tf'), join(dir, 'kubernetes.tf'))
  const data = await ctx.list(join(ctx.cluster.dir, 'data'))
  for (const f of await ctx.list(join(dir, 'data'))) if (!data.includes(f)) await ctx.remove(join(dir, 'data', f))
  for (const f of data) await ctx.copyFile(join(ctx.cluster.dir, 'data', f), join(dir, 'data', f))
}

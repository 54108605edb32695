// Driving the sandbox terraform on what `kops update cluster --target terraform` wrote, in-process
// and in the same sandbox as the kops simulator: so the launch templates and ASGs of kubernetes.tf
// reach the shared simulated cloud (sandbox/common/cloud.ts) as they would on AWS.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readCloud, type Cloud } from '../../common/cloud.ts'
import type { KopsRun, KopsSandbox } from '../../kops/harness.ts'
import { runTerraform } from '../../terraform/cmd/main.ts'

const run = (k: KopsSandbox, dir: string, argv: string[]): Promise<KopsRun> =>
  runTerraform(argv, join(k.cwd, dir), { ...k.env, TF_IN_AUTOMATION: '1' })

async function init(k: KopsSandbox, dir: string): Promise<void> {
  if (existsSync(join(k.cwd, dir, '.terraform'))) return
  const r = await run(k, dir, ['init', '-input=false', '-no-color'])
  if (r.code !== 0) throw new Error(`terraform init failed: ${r.stderr}`)
}

/** `terraform apply -auto-approve` in DIR (kops's --out, `out` by default); throws when it fails. */
export async function terraformApply(k: KopsSandbox, dir = 'out'): Promise<KopsRun> {
  await init(k, dir)
  const r = await run(k, dir, ['apply', '-auto-approve', '-input=false', '-no-color'])
  if (r.code !== 0) throw new Error(`terraform apply failed: ${r.stderr}`)
  return r
}

/** `terraform destroy -auto-approve` in DIR; throws when it fails. */
export async function terraformDestroy(k: KopsSandbox, dir = 'out'): Promise<KopsRun> {
  await init(k, dir)
  const r = await run(k, dir, ['destroy', '-auto-approve', '-input=false', '-no-color'])
  if (r.code !== 0) throw new Error(`terraform destroy failed: ${r.stderr}`)
  return r
}

/** The simulated cloud of a cluster in this sandbox, or undefined. */
export const cloudOf = (k: KopsSandbox, cluster: string): Cloud | undefined => readCloud(k.env, k.cwd, cluster)

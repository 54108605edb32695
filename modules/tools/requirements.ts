// Which tool versions a cluster requires (cluster.yaml `kopsVersion`, exact; `terraformVersion`,
// a range) and whether what was found meets them.
import type { ClusterInfo } from '../graph/mod.ts'
import { matchesExactly, parseVersion, satisfies, type ConstraintCheck } from './versions.ts'

export interface Requirement {
  tool: string
  /** The setting it came from, for messages: kopsVersion or terraformVersion. */
  setting: string
  constraint: string
  exact: boolean
}

/** The version requirements a cluster declares, for the given tools. */
export function requirementsOf(cluster: ClusterInfo, tools: readonly string[]): Requirement[] {
  const out: Requirement[] = []
  const kops = cluster.settings.kopsVersion
  const terraform = cluster.settings.terraformVersion
  if (tools.includes('kops') && kops !== undefined) out.push({ tool: 'kops', setting: 'kopsVersion', constraint: String(kops), exact: true })
  if (tools.includes('terraform') && terraform !== undefined) {
    out.push({ tool: 'terraform', setting: 'terraformVersion', constraint: String(terraform), exact: false })
  }
  return out
}

/** Checks one requirement against a version as ToolVersions reports it ("not-found" when absent). */
export function checkRequirement(req: Requirement, found: string): ConstraintCheck {
  if (found === 'not-found') return { ok: false, reason: `${req.tool} was not found` }
  return req.exact ? matchesExactly(found, req.constraint) : satisfies(found, req.constraint)
}

/** The version number in a tool's version output ("Terraform v1.9.8" → "1.9.8"), or the text. */
export const versionNumber = (found: string): string => parseVersion(found)?.text ?? found

/** How to get a tool, for the hint under a failed check. */
export function installHint(tool: string, wanted?: string): string {
  const version = wanted ? ` ${wanted}` : ''
  const where = tool === 'kops' ? 'https://github.com/kubernetes/kops/releases' : 'https://developer.hashicorp.com/terraform/install'
  return `install ${tool}${version} (${where}) and put it on PATH, or set "${tool}: /path/to/${tool}" in .tasksrc.yaml; to try things without AWS, add --sandbox`
}

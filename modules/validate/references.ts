// The values a template reads (`it.NAME` inside its tags) that a cluster's outputs do not define.
// Checked statically, so a name read only in a branch this cluster does not take is caught too:
// the prerequisites contract defines every output for every cluster.
import type { Problem } from '../manifest/mod.ts'
import { position, RESERVED_VALUES, tagRanges, type TerraformOutputs } from '../template/mod.ts'

export interface Reference {
  name: string
  line: number
  column: number
}

/** Each distinct `it.NAME` a template reads, at its first use. */
export function templateReferences(template: string): Reference[] {
  const seen = new Map<string, Reference>()
  for (const [start, end] of tagRanges(template)) {
    for (const m of template.slice(start, end).matchAll(/(?<![\w$.])it\.([A-Za-z_$][\w$]*)/g)) {
      if (seen.has(m[1]) || RESERVED_VALUES.includes(m[1])) continue
      seen.set(m[1], { name: m[1], ...position(template, start + m.index) })
    }
  }
  return [...seen.values()]
}

/** A problem per referenced name the outputs lack, at the template's line. */
export function missingValues(refs: readonly Reference[], outputs: TerraformOutputs, templatePath: string): Problem[] {
  return refs
    .filter((r) => !(r.name in outputs))
    .map((r) => ({
      at: { file: templatePath, line: r.line, column: r.column },
      rule: 'template-value',
      severity: 'error' as const,
      message: `the template uses it.${r.name}, but the cluster's outputs define no "${r.name}"`,
      hint: `add output "${r.name}" to 1-prerequisites/outputs.tf (or to the mock outputs), or fix the name`,
    }))
}

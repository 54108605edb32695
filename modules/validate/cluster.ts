// One cluster validated offline: its cluster.yaml, its recorded (or mock) outputs, the template
// rendered from them, the kOps rules on the rendering — reported at the template's own lines —
// and whether the committed cluster.yml is what the template renders today.
import type { Unreadable } from '../config/clusters.ts'
import { isClusterName } from '../config/select.ts'
import { checkManifest, type Problem } from '../manifest/mod.ts'
import { renderTemplate } from '../template/mod.ts'
import { redactOutputs } from '../tools/parse-terraform.ts'
import { accountWarning } from './account.ts'
import { clusterFacts } from './fleet.ts'
import { noResultCache, resultKey, type ResultCache } from './cache.ts'
import { readOutputs, readSettings } from './inputs.ts'
import type { LayerContract } from './layer-variables.ts'
import { missingValues, templateReferences } from './references.ts'
import type { Source } from './source.ts'
import { markTemplate, toTemplate, unmark } from './source-map.ts'
import { staleFile } from './stale.ts'

export interface ClusterTarget {
  name: string
  /** The cluster's directory relative to the project root (clusters/NAME). */
  dir: string
  /** The cluster template, relative to the project root. */
  template: string
  /** What the project's layers ask of cluster.yaml (absent: a project without the kOps layers). */
  contract?: LayerContract
}

/**
 * A directory whose name every run refuses (isClusterName: `sp ace`, `;rm -rf x`, `-lead`): refused
 * here as well, at its cluster.yaml, so that validate never calls valid what a run will not touch.
 */
export function misnamedCluster(c: { name: string; dir: string }): Problem {
  const suggestion = c.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '').slice(0, 253)
  const rule = 'cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit, and a run refuses any other'
  return {
    at: { file: `${c.dir}/cluster.yaml`, line: 1, column: 1 },
    rule: 'cluster-name',
    severity: 'error',
    message: `the directory ${JSON.stringify(c.name)} cannot be a cluster: ${rule}`,
    hint: `rename the directory${isClusterName(suggestion) ? `, e.g. to ${c.dir.slice(0, -c.name.length)}${suggestion}` : ''}`,
  }
}

/** An entry of the clusters directory that cannot be looked into (a link loop): skipped, as a run skips it. */
export const skippedEntry = (u: Unreadable): Problem => ({ at: { file: u.path, line: 1, column: 1 }, rule: 'cluster-dir', severity: 'warning', message: `skipped: ${u.why}` })

/** `derive` computed once per template text: a fleet shares one template. */
function perTemplate<T>(derive: (template: string) => T): (template: string) => T {
  const done = new Map<string, T>()
  return (template) => {
    if (!done.has(template)) done.set(template, derive(template))
    return done.get(template) as T
  }
}
const markOnce = perTemplate(markTemplate)
const referencesOnce = perTemplate(templateReferences)

/** One cluster's problems, served from `cache` when nothing it reads has changed. */
export async function validateCluster(source: Source, c: ClusterTarget, cache: ResultCache = noResultCache): Promise<Problem[]> {
  const files = ['cluster.yaml', 'outputs.json', 'outputs.mock.json', 'cluster.yml'].map((f) => `${c.dir}/${f}`)
  const key = resultKey([...(await Promise.all([...files, c.template].map((f) => source.read(f)))), c.contract?.fingerprint])
  const cached = cache.get(c.name, key)
  if (cached) return cached
  const problems = await check(source, c, cache)
  cache.set(c.name, key, problems)
  return problems
}

async function check(source: Source, c: ClusterTarget, cache: ResultCache): Promise<Problem[]> {
  const [settings, outputs, template] = await Promise.all([
    readSettings(source, `${c.dir}/cluster.yaml`, c.name, c.contract),
    readOutputs(source, c.dir, c.name),
    source.read(c.template),
  ])
  // The fleet check needs this cluster's facts too: taken from this parse rather than another.
  const yaml = await source.read(`${c.dir}/cluster.yaml`)
  if (settings.doc && yaml !== undefined) cache.setFacts(c.name, resultKey([yaml]), clusterFacts(settings.doc))
  const problems = [...settings.problems, ...outputs.problems]
  const unguarded = settings.settings && accountWarning(c, settings.settings, settings.doc)
  if (unguarded) problems.push(unguarded)
  if (template === undefined) {
    problems.push({ at: { file: c.template, line: 1, column: 1 }, rule: 'template', severity: 'error', message: `cannot read the cluster template ${c.template}` })
  }
  if (!settings.settings || !outputs.outputs || template === undefined) return problems
  const missing = missingValues(referencesOnce(template), outputs.outputs, c.template)
  if (missing.length) return [...problems, ...missing]
  // Sensitive values rendered as a run records them (REDACTED), mock ones too: see stale.ts.
  const input = { templatePath: c.template, outputs: redactOutputs(outputs.outputs), settings: settings.settings }
  const rendered = renderTemplate({ ...input, template: markOnce(template) })
  if (!rendered.ok) {
    // Located again on the plain template, so the excerpt shows the user's own line.
    const plain = renderTemplate({ ...input, template })
    const f = plain.ok ? rendered.failure : plain.failure
    return f.reason === 'template-error' ? [{ at: f.at, rule: 'template', severity: 'error', message: f.detail }] : []
  }
  const map = unmark(rendered.text)
  const manifest = `${c.dir}/cluster.yml`
  for (const p of checkManifest(manifest, map.text, { complete: true })) problems.push({ ...p, at: toTemplate(map, template, c.template, p.at) })
  const stale = staleFile(manifest, await source.read(manifest), map.text, c.name)
  if (stale) problems.push(stale)
  return problems
}

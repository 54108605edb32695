// `tasks render-template`: the cluster template rendered from a `terraform output -json`
// document, on stdout — this project's `kops toolbox template`, for debugging templates.
import { join, relative, resolve } from 'node:path'
import { loadCluster, type Project } from '../config/mod.ts'
import type { Failure } from '../diag/mod.ts'
import { nodeFileSystem } from '../fs/mod.ts'
import { CLUSTER_TEMPLATE, renderTemplate, type TerraformOutputs } from '../template/mod.ts'
import { parseOutputs } from '../tools/parse-terraform.ts'

async function read(path: string): Promise<string | undefined> {
  try {
    return await nodeFileSystem.readText(path)
  } catch {
    return undefined
  }
}

export async function renderTemplateCommand(
  project: Project,
  cwd: string,
  o: { template?: string; values?: string; cluster?: string },
): Promise<{ ok: true; text: string } | { ok: false; failures: Failure[] }> {
  if (!o.values) return { ok: false, failures: [{ reason: 'missing-option', option: '--values', hint: 'pass a `terraform output -json` document: tasks render-template --values outputs.json' }] }
  const templatePath = o.template ? resolve(cwd, o.template) : join(project.root, CLUSTER_TEMPLATE)
  const template = await read(templatePath)
  if (template === undefined) return { ok: false, failures: [{ reason: 'missing-file', path: templatePath, what: 'template' }] }
  const valuesPath = resolve(cwd, o.values)
  const valuesText = await read(valuesPath)
  if (valuesText === undefined) return { ok: false, failures: [{ reason: 'missing-file', path: valuesPath, what: 'values document' }] }
  try {
    JSON.parse(valuesText)
  } catch (error) {
    return { ok: false, failures: [{ reason: 'bad-values', path: relative(cwd, valuesPath), detail: (error as Error).message }] }
  }
  const parsed = parseOutputs(valuesText)
  if (!parsed.ok) return { ok: false, failures: [{ reason: 'bad-values', path: relative(cwd, valuesPath), detail: parsed.error.replace(/^terraform output -json: /, '') }] }
  const outputs: TerraformOutputs = parsed.value
  let settings: Record<string, unknown> = {}
  if (o.cluster) {
    const loaded = await loadCluster(nodeFileSystem, project.root, project.settings.clustersDir, o.cluster)
    if (!loaded.ok) return { ok: false, failures: [loaded.failure] }
    settings = loaded.cluster.settings
  }
  const rendered = renderTemplate({ template, templatePath: relative(cwd, templatePath), outputs, settings })
  return rendered.ok ? rendered : { ok: false, failures: [rendered.failure] }
}

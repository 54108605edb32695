// The inputs of one cluster's validation, each read through a Source and turned into a value or
// located problems: cluster.yaml (checked against its schema) and the recorded or mock outputs.
import { checkClusterSettings } from '../config/cluster-schema.ts'
import { parseYaml, type YamlFile } from '../config/yaml-doc.ts'
import type { Problem } from '../manifest/mod.ts'
import { position, type TerraformOutputs } from '../template/mod.ts'
import type { LayerContract } from './layer-variables.ts'
import type { Source } from './source.ts'

const error = (file: string, line: number, column: number, rule: string, message: string, hint?: string): Problem => ({
  at: { file, line, column },
  rule,
  severity: 'error',
  message,
  ...(hint ? { hint } : {}),
})

/**
 * cluster.yaml as settings (and its parsed document, for locating) and every problem at its node,
 * decided as a run decides (checkClusterSettings). Settings come back unless the schema fails.
 */
export async function readSettings(
  source: Source,
  file: string,
  cluster: string,
  contract?: LayerContract,
): Promise<{ settings?: Record<string, unknown>; doc?: YamlFile; problems: Problem[] }> {
  const text = await source.read(file)
  if (text === undefined) return { problems: [error(file, 1, 1, 'cluster-yaml', `cannot read ${file}`)] }
  const parsed = parseYaml(file, text)
  if (!parsed.ok) {
    const f = parsed.failure
    return f.reason === 'bad-config' ? { problems: [{ at: f.at, rule: 'cluster-yaml', severity: 'error', message: f.detail }] } : { problems: [] }
  }
  const checked = checkClusterSettings(file, parsed.doc, cluster, contract)
  const problems = checked.problems.map(({ at, rule, message, hint }): Problem => ({ at, rule, severity: 'error', message, ...(hint ? { hint } : {}) }))
  if (contract?.broken) problems.push(layerProblem(contract.broken))
  return checked.usable ? { settings: parsed.doc.value as Record<string, unknown>, doc: parsed.doc, problems } : { problems }
}

/** A layer .tf file whose variables cannot be read (`file:line:column: message`): the prerequisites were not checked. */
function layerProblem(broken: string): Problem {
  const m = /^(.*?):(\d+):(\d+): (.*)$/.exec(broken)
  const [file, line, column, detail] = m ? [m[1], Number(m[2]), Number(m[3]), m[4]] : [broken, 1, 1, broken]
  return error(file, line, column, 'layer-variables', `cannot read the variables of ${file}: ${detail}`, 'fix the file (terraform fmt shows where); the prerequisites of every cluster are checked against these variables')
}

/**
 * The outputs a render uses: the last recorded `terraform output -json` (outputs.json), else
 * outputs.mock.json for a cluster whose prerequisites do not exist yet.
 */
export async function readOutputs(source: Source, dir: string, cluster: string): Promise<{ outputs?: TerraformOutputs; file?: string; problems: Problem[] }> {
  for (const name of ['outputs.json', 'outputs.mock.json']) {
    const file = `${dir}/${name}`
    const text = await source.read(file)
    if (text === undefined) continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (e) {
      const offset = /position (\d+)/.exec((e as Error).message)
      const { line, column } = position(text, offset ? Number(offset[1]) : text.trimEnd().length)
      const detail = (e as Error).message.replace(/ in JSON at position \d+.*$/s, '')
      return { file, problems: [error(file, line, column, 'outputs-json', `${name} is not valid JSON: ${detail}`, 'it holds `terraform output -json` of the 1-prerequisites layer')] }
    }
    const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : undefined
    const bad = entries?.find(([, o]) => typeof o !== 'object' || o === null || !('value' in o))
    if (!entries || bad) {
      const what = bad ? `output "${bad[0]}" has no "value"` : 'it is not a JSON object'
      return { file, problems: [error(file, 1, 1, 'outputs-json', `${name} is not a \`terraform output -json\` document: ${what}`, 'each output is {"value": …, "type": …, "sensitive": …}')] }
    }
    return { outputs: value as TerraformOutputs, file, problems: [] }
  }
  const hint = `run \`npx tasks cluster-template --cluster ${cluster}\` once to record its outputs, or write ${dir}/outputs.mock.json before its prerequisites exist`
  return { problems: [error(`${dir}/cluster.yaml`, 1, 1, 'outputs-missing', `cluster "${cluster}" has no recorded outputs (outputs.json) and no outputs.mock.json`, hint)] }
}

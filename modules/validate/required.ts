// cluster.yaml as a whole: a file with no settings at all, and the settings the project's layers
// cannot run without (each layer's backend). The variables' own requirements are prerequisites.ts's.
import { LAYER_DIRS, type LayerContract } from './layer-variables.ts'
import { SUPPLIED, type SettingIssue } from './prerequisites.ts'


/** What a complete cluster.yaml holds, for the hint of an empty one. */
export function requiredKeys(contract: LayerContract | undefined): string[] {
  if (!contract) return ['profile', 'region']
  const required = contract.variables.filter((v) => v.required)
  const top = required.filter((v) => SUPPLIED[v.name] !== undefined).map((v) => v.name)
  const vars = required.filter((v) => SUPPLIED[v.name] === undefined).map((v) => v.name)
  return [...(top.length ? top : ['profile', 'region']), ...contract.backends.map((b) => `backends.${b}`), ...(vars.length ? [`prerequisites (${vars.join(', ')})`] : [])]
}

/** The issue of a cluster.yaml without settings (empty, or only comments): at its first line. */
export function emptyIssue(contract: LayerContract | undefined): SettingIssue {
  const keys = requiredKeys(contract)
  const list = `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`
  return { path: [], atFile: true, rule: 'cluster-empty', message: 'cluster.yaml holds no settings: every run of this cluster would stop', hint: `write its settings: ${list}; README.md ("cluster.yaml") describes them` }
}

/** A missing `backends.<layer>` for each layer the project has. */
export function checkBackends(settings: Record<string, unknown>, contract: LayerContract, cluster: string): SettingIssue[] {
  const backends = settings.backends
  const given = typeof backends === 'object' && backends !== null && !Array.isArray(backends) ? (backends as Record<string, unknown>) : undefined
  if (backends !== undefined && !given) return [] // not a mapping: the schema says so
  return contract.backends
    .filter((b) => given?.[b] === undefined)
    .map((b) => ({
      ...(given ? { path: ['backends'], atKey: true } : { path: [], atFile: true }),
      rule: 'required-setting',
      message: `missing required setting "backends.${b}" (the S3 backend of the ${LAYER_DIRS[b]} layer)`,
      hint: `add backends.${b}: { bucket: <state bucket>, key: ${cluster}/${LAYER_DIRS[b]}.tfstate, region: <its region> }`,
    }))
}

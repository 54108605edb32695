// The mock outputs of a scaffolded cluster (outputs.mock.json): what `tasks validate` renders the
// template with until the cluster's first run records its real outputs.json. Pure: the source's
// recorded outputs in, the same outputs with the new cluster's values out.
import type { Change } from './scaffold.ts'

type Settings = Record<string, unknown>
type Outputs = Record<string, { value?: unknown; type?: unknown; sensitive?: boolean }>

const prereqs = (s: Settings): Settings => (s.prerequisites ?? {}) as Settings

/**
 * The state and IRSA bucket names of 1-prerequisites/locals.tf
 * (`${project_short}-${environment}-kops-state-${cluster_name with dots as dashes}`), or undefined
 * when a value they are made of is not a string.
 */
function buckets(s: Settings): Record<string, string> | undefined {
  const { project_short: p, environment: e, cluster_name: c } = prereqs(s)
  if (typeof p !== 'string' || typeof e !== 'string' || typeof c !== 'string') return undefined
  const slug = c.replaceAll('.', '-')
  return { kops_s3_bucket: `${p}-${e}-kops-state-${slug}`, irsa_bucket_name: `${p}-${e}-irsa-${slug}` }
}

/** An output's value for the new cluster, or undefined when it is kept. */
function valueFor(name: string, old: unknown, before: Settings, after: Settings): unknown {
  if (name in prereqs(after)) return prereqs(after)[name]
  if (name === 'profile' || name === 'region') return after[name] ?? old
  // A bucket name is derived only when the source's followed the layer's naming.
  const was = buckets(before)?.[name]
  return was !== undefined && old === was ? buckets(after)?.[name] : undefined
}

/**
 * The new outputs.mock.json text and the outputs it changed (strings only in `changes`), or
 * undefined when `text` is not a `terraform output -json` document. Sensitive outputs keep the
 * source's (already redacted) value.
 */
export function scaffoldOutputs(text: string, before: Settings, after: Settings): { text: string; changes: Change[] } | undefined {
  let outputs: Outputs
  try {
    outputs = JSON.parse(text) as Outputs
  } catch {
    return undefined
  }
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return undefined
  const changes: Change[] = []
  const out: Outputs = {}
  for (const [name, o] of Object.entries(outputs)) {
    const value = o?.sensitive ? undefined : valueFor(name, o?.value, before, after)
    const changed = value !== undefined && JSON.stringify(value) !== JSON.stringify(o?.value)
    out[name] = changed ? { ...o, value } : o
    if (changed && typeof value === 'string' && typeof o?.value === 'string') changes.push({ path: name, from: o.value, to: value })
  }
  return { text: `${JSON.stringify(out, null, 2)}\n`, changes }
}

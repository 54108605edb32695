// The fingerprint of a saved plan: everything the plan was made from, as data, so that applying it
// later can check nothing moved (files, var files, backend, tool versions, the state it was planned
// against) and that the plan file itself is the one that was saved. Written next to the plan as
// fingerprint.json.
import { join } from 'node:path'
import { expand, IO_LIMIT, sha256 } from '../cache/mod.ts'
import type { FileSystem } from '../fs/mod.ts'
import type { PlanState } from './plan-state.ts'
import type { Read } from './zip.ts'

export interface Fingerprint {
  format: 1
  cluster: string
  layer: string
  /** Configuration files, relative to the project root → hex sha256. */
  files: Record<string, string>
  /** `-var-file` files, the same way. */
  varFiles: Record<string, string>
  /** Backend settings (bucket, key, region, …). */
  backend: Record<string, string>
  /** Tool → version, e.g. { terraform: '1.11.4', kops: '1.30.1' }. */
  tools: Record<string, string>
  /** The state the plan was made against; absent for a first plan. */
  state?: PlanState
  /** Hex sha256 of the plan file as saved. */
  planSha256: string
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * sha256 of each file `patterns` names, keyed by its path relative to `root`, in sorted order: a
 * file, every file under a directory, or the matches of a glob (`*`, `**`, `?`), as the input
 * cache expands them. A path with nothing there is left out: "removed" is a missing key.
 */
export async function fingerprintFiles(fs: FileSystem, root: string, patterns: readonly string[]): Promise<Record<string, string>> {
  const paths = [...new Set((await Promise.all(patterns.map((p) => expand(fs, root, p)))).flat())].sort(byKey)
  const hashOne = async (rel: string): Promise<[string, string] | undefined> => {
    const st = await fs.stat(join(root, rel))
    return st && !st.isDirectory ? [rel, sha256(await fs.readBytes(join(root, rel)))] : undefined
  }
  const found: [string, string][] = []
  // In batches: a directory of thousands of files must not open them all at once.
  for (let i = 0; i < paths.length; i += IO_LIMIT) {
    for (const e of await Promise.all(paths.slice(i, i + IO_LIMIT).map(hashOne))) if (e) found.push(e)
  }
  return Object.fromEntries(found)
}

/** The fingerprint as fingerprint.json holds it: keys in a fixed order, maps sorted, two-space indent. */
export function fingerprintText(fp: Fingerprint): string {
  const sorted = (r: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => byKey(a, b)))
  const { format, cluster, layer, files, varFiles, backend, tools, state, planSha256 } = fp
  const out = { format, cluster, layer, files: sorted(files), varFiles: sorted(varFiles), backend: sorted(backend), tools: sorted(tools), state, planSha256 }
  return `${JSON.stringify(out, null, 2)}\n`
}

const SHA256 = /^[0-9a-f]{64}$/
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : v === '' ? 'an empty string' : typeof v === 'object' ? 'an object' : `a ${typeof v}`

/** `"key" is missing (expected …)` or `"key" must be …, not a number`. */
const wrong = (key: string, expected: string, v: unknown): string =>
  v === undefined ? `"${key}" is missing (expected ${expected})` : `"${key}" must be ${expected}, not ${describe(v)}`

const bad = (error: string): { ok: false; error: string } => ({ ok: false, error })

function text(doc: Record<string, unknown>, key: string): Read<string> {
  const v = doc[key]
  return typeof v === 'string' && v !== '' ? { ok: true, value: v } : bad(wrong(key, 'a non-empty string', v))
}

/** A map of strings; `digests` also requires each value to be a hex sha256. */
function strings(doc: Record<string, unknown>, key: string, digests: boolean): Read<Record<string, string>> {
  const v = doc[key]
  if (!isRecord(v)) return bad(wrong(key, 'an object', v))
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(v)) {
    if (typeof value !== 'string') return bad(wrong(`${key}.${name}`, 'a string', value))
    if (digests && !SHA256.test(value)) return bad(`"${key}.${name}" is not a sha256 digest`)
    out[name] = value
  }
  return { ok: true, value: out }
}

function stateField(v: unknown): Read<PlanState | undefined> {
  if (v === undefined) return { ok: true, value: undefined }
  if (!isRecord(v)) return bad(wrong('state', 'an object', v))
  const { serial, lineage } = v
  if (typeof serial !== 'number' || !Number.isInteger(serial) || serial < 0) return bad('"state.serial" must be a whole number')
  if (typeof lineage !== 'string' || lineage === '') return bad('"state.lineage" must be a non-empty string')
  return { ok: true, value: { serial, lineage } }
}

/**
 * A fingerprint.json read back and checked field by field: a truncated or hand-edited file is a
 * failure naming the first field that is wrong. Unknown fields are dropped.
 */
export function parseFingerprint(source: string): Read<Fingerprint> {
  let doc: unknown
  try {
    doc = JSON.parse(source)
  } catch {
    return bad('not valid JSON (truncated or hand-edited?)')
  }
  if (!isRecord(doc)) return bad(`must be a JSON object, not ${describe(doc)}`)
  if (doc.format !== 1) return bad(`"format" is ${JSON.stringify(doc.format) ?? 'missing'}, expected 1 (written by another version of tasks?)`)
  const cluster = text(doc, 'cluster')
  if (!cluster.ok) return cluster
  const layer = text(doc, 'layer')
  if (!layer.ok) return layer
  const files = strings(doc, 'files', true)
  if (!files.ok) return files
  const varFiles = strings(doc, 'varFiles', true)
  if (!varFiles.ok) return varFiles
  const backend = strings(doc, 'backend', false)
  if (!backend.ok) return backend
  const tools = strings(doc, 'tools', false)
  if (!tools.ok) return tools
  const state = stateField(doc.state)
  if (!state.ok) return state
  const plan = text(doc, 'planSha256')
  if (!plan.ok) return plan
  if (!SHA256.test(plan.value)) return bad('"planSha256" is not a sha256 digest')
  const fp: Fingerprint = { format: 1, cluster: cluster.value, layer: layer.value, files: files.value, varFiles: varFiles.value, backend: backend.value, tools: tools.value, planSha256: plan.value }
  if (state.value) fp.state = state.value
  return { ok: true, value: fp }
}

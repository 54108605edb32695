// The prior state a saved plan was made against: Terraform copies it into the plan file's `tfstate`
// member, and refuses the plan later when the current state's serial or lineage differs. Reading
// it lets tasks say so before running terraform, in its own words.
import { readZipDirectory, extractMember, type Read } from './zip.ts'

/** Which state, and which write of it: lineage names a state, serial counts its writes. */
export interface PlanState {
  serial: number
  lineage: string
}

const STATE_ENTRY = 'tfstate'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Serial and lineage from a state's JSON text; undefined for the empty state of a first plan (lineage ""). */
export function stateOf(text: string): Read<PlanState | undefined> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, error: 'tfstate entry is not JSON' }
  }
  if (!isRecord(parsed)) return { ok: false, error: 'tfstate entry is not a JSON object' }
  const { serial, lineage } = parsed
  if (typeof serial !== 'number' || !Number.isInteger(serial) || serial < 0) return { ok: false, error: 'tfstate entry has no serial' }
  if (typeof lineage !== 'string') return { ok: false, error: 'tfstate entry has no lineage' }
  return { ok: true, value: lineage === '' ? undefined : { serial, lineage } }
}

/**
 * The state a plan file was made against, or undefined when it has none: no `tfstate` member, or
 * the empty state (serial 0, lineage "") Terraform and the sandbox write for a first plan.
 */
export function planState(planFile: Uint8Array): Read<PlanState | undefined> {
  const dir = readZipDirectory(planFile)
  if (!dir.ok) return dir
  const member = dir.value.find((m) => m.name === STATE_ENTRY)
  if (!member) return { ok: true, value: undefined }
  const data = extractMember(planFile, member)
  if (!data.ok) return data
  return stateOf(new TextDecoder().decode(data.value))
}

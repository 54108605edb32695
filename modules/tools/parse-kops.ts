// Pure parsers for what the kops CLI prints (cli-contracts.md §2.0, §2.4, §2.7, §2.9). kOps tables
// are Go tabwriter output padded with TABs: cells are split on runs of `\t`, header row first.
import type { Result } from './parse-terraform.ts'

const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error })

/** One instance group row of `kops rolling-update cluster`; `target`/`nodes` only when printed. */
export interface RollingGroup {
  name: string
  status: 'Ready' | 'NeedsUpdate'
  needUpdate: number
  ready: number
  min: number
  target?: number
  max: number
  nodes?: number
}

/** The dry-run (or `--yes`) report: the groups, those needing an update, and the closing verdict. */
export interface RollingUpdate {
  groups: RollingGroup[]
  needsUpdate: string[]
  verdict: 'none-required' | 'needs-yes' | 'other'
}

const cellsOf = (line: string): string[] => line.trim().split(/\t+/)

interface Table {
  header: string[]
  rows: string[][]
  /** The index of the first line after the table. */
  next: number
}

// The table whose header is lines[at]: rows up to the first blank line. Cells beyond the header's
// count belong to the last column (a message may not be split).
function readTable(lines: string[], at: number): Table {
  const header = cellsOf(lines[at])
  const rows: string[][] = []
  let i = at + 1
  for (; i < lines.length && lines[i].trim() !== ''; i++) {
    const cells = cellsOf(lines[i])
    rows.push(cells.length > header.length ? [...cells.slice(0, header.length - 1), cells.slice(header.length - 1).join('\t')] : cells)
  }
  return { header, rows, next: i }
}

// A row as column name → cell, or an error naming the row.
function record(command: string, header: string[], row: string[]): Result<Record<string, string>> {
  if (row.length !== header.length) {
    return fail(`${command}: the row "${row.join(' ')}" has ${row.length} columns, the header ${header.join(' ')} has ${header.length}`)
  }
  return ok(Object.fromEntries(header.map((h, i) => [h, row[i]])))
}

function count(command: string, cells: Record<string, string>, column: string): Result<number> {
  const cell = cells[column]
  if (cell === undefined) return fail(`${command}: the table has no ${column} column`)
  return /^\d+$/.test(cell) ? ok(Number(cell)) : fail(`${command}: ${column} of "${cells.NAME}" is "${cell}", not a number`)
}

const ROLLING = 'kops rolling-update cluster'

function rollingGroup(header: string[], row: string[]): Result<RollingGroup> {
  const cells = record(ROLLING, header, row)
  if (!cells.ok) return cells
  const c = cells.value
  if (c.STATUS !== 'Ready' && c.STATUS !== 'NeedsUpdate') return fail(`${ROLLING}: STATUS of "${c.NAME}" is "${c.STATUS}", expected Ready or NeedsUpdate`)
  const numbers: Record<string, number> = {}
  for (const column of ['NEEDUPDATE', 'READY', 'MIN', 'MAX', ...header.filter((h) => h === 'TARGET' || h === 'NODES')]) {
    const n = count(ROLLING, c, column)
    if (!n.ok) return n
    numbers[column] = n.value
  }
  const group: RollingGroup = { name: c.NAME, status: c.STATUS, needUpdate: numbers.NEEDUPDATE, ready: numbers.READY, min: numbers.MIN, max: numbers.MAX }
  if ('TARGET' in numbers) group.target = numbers.TARGET
  if ('NODES' in numbers) group.nodes = numbers.NODES
  return ok(group)
}

/** Parses `kops rolling-update cluster` stdout (with or without TARGET/NODES columns). */
export function parseRollingUpdate(stdout: string): Result<RollingUpdate> {
  const lines = stdout.split('\n')
  const at = lines.findIndex((l) => cellsOf(l)[0] === 'NAME')
  const groups: RollingGroup[] = []
  if (at >= 0) {
    const table = readTable(lines, at)
    for (const row of table.rows) {
      const group = rollingGroup(table.header, row)
      if (!group.ok) return group
      groups.push(group.value)
    }
  }
  const rest = lines.slice(at + 1).map((l) => l.trim())
  const verdict = rest.includes('No rolling-update required.') ? 'none-required' : rest.includes('Must specify --yes to rolling-update.') ? 'needs-yes' : 'other'
  if (at < 0 && verdict === 'other') return fail(`${ROLLING} printed no instance group table`)
  return ok({ groups, needsUpdate: groups.filter((g) => g.status === 'NeedsUpdate').map((g) => g.name), verdict })
}

/** A validation failure: KIND (`type` in JSON), NAME, MESSAGE. */
export interface ValidationFailure {
  kind: string
  name: string
  message: string
}

/** A node: its name, role (`control-plane`/`master`/`node`) and Ready status (`True`/`False`). */
export interface ValidationNode {
  name: string
  role: string
  status: string
}

/** An instance group row of the table output. */
export interface ValidationGroup {
  name: string
  role: string
  machineType: string
  min: number
  max: number
  subnets: string[]
}

/** The result of `kops validate cluster`; `groups` (and `cluster`) only from the table output. */
export interface Validation {
  cluster?: string
  ready: boolean
  failures: ValidationFailure[]
  nodes: ValidationNode[]
  groups?: ValidationGroup[]
}

const VALIDATE = 'kops validate cluster'
const SECTIONS = ['INSTANCE GROUPS', 'NODE STATUS', 'VALIDATION ERRORS']

/** Parses the table output of `kops validate cluster`. */
export function parseValidate(stdout: string): Result<Validation> {
  const lines = stdout.split('\n').map((l) => l.replace(/\r$/, ''))
  const tables: Record<string, Array<Record<string, string>>> = {}
  for (let i = 0; i < lines.length; i++) {
    if (!SECTIONS.includes(lines[i].trim()) || i + 1 >= lines.length) continue
    const table = readTable(lines, i + 1)
    const rows: Array<Record<string, string>> = []
    for (const row of table.rows) {
      const cells = record(VALIDATE, table.header, row)
      if (!cells.ok) return cells
      rows.push(cells.value)
    }
    tables[lines[i].trim()] = rows
    i = table.next - 1
  }
  const readyLine = lines.map((l) => /^Your cluster (\S+) is ready$/.exec(l.trim())).find((m) => m !== null)
  const failed = lines.some((l) => l.trim() === 'Validation Failed')
  if (!readyLine && !failed) return fail(`${VALIDATE} printed neither "Your cluster NAME is ready" nor "Validation Failed"`)
  const groups = validationGroups(tables['INSTANCE GROUPS'] ?? [])
  if (!groups.ok) return groups
  const cluster = /^Validating cluster (\S+)/m.exec(stdout)?.[1] ?? readyLine?.[1]
  return ok({
    ...(cluster === undefined ? {} : { cluster }),
    ready: readyLine !== undefined && !failed,
    failures: (tables['VALIDATION ERRORS'] ?? []).map((r) => ({ kind: r.KIND ?? '', name: r.NAME ?? '', message: r.MESSAGE ?? '' })),
    nodes: (tables['NODE STATUS'] ?? []).map((r) => ({ name: r.NAME ?? '', role: r.ROLE ?? '', status: r.READY ?? '' })),
    groups: groups.value,
  })
}

function validationGroups(rows: Array<Record<string, string>>): Result<ValidationGroup[]> {
  const groups: ValidationGroup[] = []
  for (const r of rows) {
    const min = count(VALIDATE, r, 'MIN')
    const max = count(VALIDATE, r, 'MAX')
    if (!min.ok) return min
    if (!max.ok) return max
    groups.push({ name: r.NAME ?? '', role: r.ROLE ?? '', machineType: r.MACHINETYPE ?? '', min: min.value, max: max.value, subnets: (r.SUBNETS ?? '').split(',').filter(Boolean) })
  }
  return ok(groups)
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Parses `kops validate cluster -o json` (compact, no trailing newline; empty lists are omitted). */
export function parseValidateJson(stdout: string): Result<Validation> {
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout)
  } catch {
    return fail(`${VALIDATE} -o json did not print JSON (its output starts with ${JSON.stringify(stdout.trim().slice(0, 60))})`)
  }
  if (!isRecord(parsed)) return fail(`${VALIDATE} -o json printed JSON that is not an object`)
  const failures = parsed.failures ?? []
  const nodes = parsed.nodes ?? []
  if (!Array.isArray(failures) || !failures.every(isRecord)) return fail(`${VALIDATE} -o json: "failures" is not a list of objects`)
  if (!Array.isArray(nodes) || !nodes.every(isRecord)) return fail(`${VALIDATE} -o json: "nodes" is not a list of objects`)
  return ok({
    ready: failures.length === 0,
    failures: failures.map((f) => ({ kind: text(f.type), name: text(f.name), message: text(f.message) })),
    nodes: nodes.map((n) => ({ name: text(n.name), role: text(n.role), status: text(n.status) })),
  })
}

/** The client version from `kops version` in any known form (`--short`, `Client version:`, `Version`). */
export function parseKopsVersion(stdout: string): Result<string> {
  const m =
    /Client [Vv]ersion:\s+v?(\d+\.\d+\.\d+\S*)/.exec(stdout) ??
    /^Version\s+v?(\d+\.\d+\.\d+\S*)/m.exec(stdout) ??
    /^v?(\d+\.\d+\.\d+\S*)$/.exec(stdout.trim())
  return m ? ok(m[1]) : fail(`kops version printed no version (its output starts with ${JSON.stringify(stdout.trim().slice(0, 60))})`)
}

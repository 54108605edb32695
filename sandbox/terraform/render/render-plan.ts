// The human plan, as `terraform plan` prints it (-no-color): the action legend, one block per
// changed resource instance (`# addr will be created` / `+ resource "t" "n" { ... }`), the
// `Plan: N to add, M to change, K to destroy.` summary, `Changes to Outputs:`, or the
// `No changes.` texts; plus the trailer after a saved plan.
import { wordWrap } from './diag.ts'
import { countChanges, type OutputChange, type Plan, type ResourceChange } from '../state/planner.ts'
import { absent, actionOf, diff, one, plural } from './render-diff.ts'
import { keySuffix } from '../state/state.ts'
import { isObject, type Value, type ValueObject } from '../lang/values.ts'

const sp = (n: number): string => ' '.repeat(n)
const IMPORTANT = ['id', 'name', 'tags']
const RULE = '─'.repeat(77)

type Kind = 'create' | 'read' | 'update' | 'delete' | 'delete-create' | 'create-delete' | 'no-op'

/** The kind of change a resource change is. */
export function kindOf(c: ResourceChange): Kind {
  const a = c.actions.join(',')
  if (a === 'delete,create') return 'delete-create'
  if (a === 'create,delete') return 'create-delete'
  return c.actions[0] as Kind
}

const SYMBOL: Record<Kind, string> = { create: '  +', read: ' <=', update: '  ~', delete: '  -', 'delete-create': '-/+', 'create-delete': '+/-', 'no-op': '   ' }
const LEGEND: Array<[Kind, string]> = [
  ['create', '  + create'], ['update', '  ~ update in-place'], ['delete', '  - destroy'],
  ['delete-create', '-/+ destroy and then create replacement'], ['create-delete', '+/- create replacement and then destroy'], ['read', ' <= read (data resources)'],
]

function isBlockList(v: Value | undefined): boolean {
  return Array.isArray(v) && v.length > 0 && v.every(isObject)
}

function blockLines(b: ValueObject | null, a: ValueObject | null, S: number, showImportant: boolean, forced: ReadonlySet<string>): string[] {
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort()
  const blocks = keys.filter((k) => isBlockList(b?.[k]) || isBlockList(a?.[k]))
  const attrs = keys.filter((k) => !blocks.includes(k))
  const pad = Math.max(0, ...attrs.filter((k) => !absent(b?.[k]) || !absent(a?.[k])).map((k) => k.length))
  const lines: string[] = []
  let hidden = 0
  for (const k of attrs) {
    const bv = b?.[k] ?? null
    const av = a?.[k] ?? null
    const sym = actionOf(bv, av)
    const suffix = forced.has(k) ? ' # forces replacement' : ''
    const key = k.padEnd(pad)
    if (sym === ' ') {
      if (absent(av)) continue
      if (showImportant && IMPORTANT.includes(k)) lines.push(`${sp(S)}  ${key} = ${one(av, S, ' ', 'map')}`)
      else hidden++
    } else if (sym === '+') lines.push(`${sp(S)}+ ${key} = ${one(av, S, '+', 'map')}${suffix}`)
    else if (sym === '-') lines.push(`${sp(S)}- ${key} = ${one(bv, S, '-', 'map')} -> null${suffix}`)
    else lines.push(`${sp(S)}~ ${key} = ${diff(bv, av, S, 'map', suffix)}`)
  }
  if (hidden) lines.push(`${sp(S + 2)}# (${plural(hidden, 'attribute')})`)
  lines.push(...nestedBlocks(blocks, b, a, S))
  return lines
}

function nestedBlocks(blocks: string[], b: ValueObject | null, a: ValueObject | null, S: number): string[] {
  const lines: string[] = []
  let hidden = 0
  for (const k of blocks) {
    const bs = (Array.isArray(b?.[k]) ? b?.[k] : []) as ValueObject[]
    const as = (Array.isArray(a?.[k]) ? a?.[k] : []) as ValueObject[]
    for (let i = 0; i < Math.max(bs.length, as.length); i++) {
      const sym = actionOf(bs[i], as[i])
      if (sym === ' ') {
        hidden++
        continue
      }
      lines.push('', `${sp(S)}${sym} ${k} {`, ...blockLines(bs[i] ?? null, as[i] ?? null, S + 4, sym === '~', new Set()), `${sp(S + 2)}}`)
    }
  }
  if (hidden) lines.push('', `${sp(S + 2)}# (${plural(hidden, 'block')})`)
  return lines
}

function reasonLine(c: ResourceChange): string[] {
  switch (c.reason) {
    case 'delete_because_no_resource_config':
      return [`  # (because ${c.address} is not in configuration)`]
    case 'delete_because_count_index':
      return [`  # (because index ${keySuffix(c.index)} is out of range for count)`]
    case 'delete_because_each_key':
      return [`  # (because key ${keySuffix(c.index)} is not in for_each map)`]
    case 'delete_because_wrong_repetition':
      return [`  # (because resource does not use ${typeof c.index === 'number' ? 'count' : c.index === undefined ? 'count or for_each' : 'for_each'})`]
    default:
      return []
  }
}

/** One resource instance's block in the plan. */
export function renderResourceChange(c: ResourceChange): string {
  const kind = kindOf(c)
  const title: Record<Kind, string> = {
    create: 'will be created', read: 'will be read during apply', update: 'will be updated in-place', delete: 'will be destroyed',
    'delete-create': 'must be replaced', 'create-delete': 'must be replaced', 'no-op': 'has no changes',
  }
  const head = [`  # ${c.address} ${title[kind]}`, ...(kind === 'read' ? ['  # (config refers to values not yet known)'] : reasonLine(c))]
  const what = `${c.mode === 'data' ? 'data' : 'resource'} "${c.type}" "${c.name}"`
  const forced = new Set((c.replacePaths ?? []).map((p) => p[0]))
  const body = blockLines(c.before, c.after, 6, kind !== 'create' && kind !== 'delete' && kind !== 'read', forced)
  return [...head, `${SYMBOL[kind]} ${what} {`, ...body, '    }'].join('\n')
}

/** The `Changes to Outputs:` lines (names padded over all outputs, as Terraform does). */
export function renderOutputChanges(outputs: readonly OutputChange[]): string {
  const pad = Math.max(0, ...outputs.map((o) => o.name.length))
  return outputs.filter((o) => o.actions[0] !== 'no-op').map((o) => {
    const sym = o.actions[0] === 'create' ? '+' : o.actions[0] === 'delete' ? '-' : '~'
    const val = o.sensitive ? '(sensitive value)' : sym === '+' ? one(o.after, 2, '+', 'auto') : sym === '-' ? `${one(o.before, 2, '-', 'auto')} -> null` : diff(o.before, o.after, 2, 'auto')
    return `  ${sym} ${o.name.padEnd(pad)} = ${val}`
  }).join('\n')
}

/** Changes worth showing: not no-op, and not deleted data sources. */
export function shownChanges(plan: Plan): ResourceChange[] {
  return plan.changes.filter((c) => kindOf(c) !== 'no-op' && !(c.mode === 'data' && kindOf(c) === 'delete'))
}

/** The plan body: legend, resource blocks, summary and output changes, or a "No changes." text. */
export function renderPlan(plan: Plan): string {
  const changes = shownChanges(plan)
  const outputs = plan.outputs.filter((o) => o.actions[0] !== 'no-op')
  if (!changes.length && !outputs.length) {
    if (plan.mode === 'destroy') return `\nNo changes. No objects need to be destroyed.\n\n${wordWrap('Either you have not created any objects yet or the existing objects were already deleted outside of Terraform.')}\n`
    return `\nNo changes. Your infrastructure matches the configuration.\n\n${wordWrap('Terraform has compared your real infrastructure against your configuration and found no differences, so no changes are needed.')}\n`
  }
  let out = ''
  if (changes.length) {
    out += `${wordWrap('\nTerraform used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:')}\n`
    for (const [kind, text] of LEGEND) if (changes.some((c) => kindOf(c) === kind)) out += `${text}\n`
    out += '\nTerraform will perform the following actions:\n'
    for (const c of changes) out += `\n${renderResourceChange(c)}\n`
    const n = countChanges(plan)
    out += `\nPlan: ${n.add} to add, ${n.change} to change, ${n.destroy} to destroy.\n`
  }
  if (outputs.length) {
    out += `\nChanges to Outputs:\n${renderOutputChanges(plan.outputs)}\n`
    if (!changes.length) out += `${wordWrap('\nYou can apply this plan to save these new output values to the Terraform state, without changing any real infrastructure.')}\n`
  }
  return out
}

/** The next-step trailer of `plan` (nothing under TF_IN_AUTOMATION). */
export function planNextStep(outPath: string | undefined, automation: boolean): string {
  if (automation) return ''
  if (!outPath) return `\n${RULE}\n\n${wordWrap('Note: You didn\'t use the -out option to save this plan, so Terraform can\'t guarantee to take exactly these actions if you run "terraform apply" now.')}\n`
  return `\n${RULE}\n\nSaved the plan to: ${outPath}\n\nTo perform exactly these actions, run the following command to apply:\n    terraform apply ${JSON.stringify(outPath)}\n`
}

// What the CLI prints when the apply stage refuses protected deletions and replacements: one line
// per resource, then how to let them through with --allow-replace.
import { shellQuote } from '../cli/shell-quote.ts'
import type { Destructive } from './destructive.ts'

// A replace path as written in HCL-ish form: its steps joined by dots (`root_block_device.0.volume_size`).
const pathText = (path: string[]): string => path.join('.')

/**
 * One line per refused resource: `ADDRESS: ACTION (REASON: PATH, PATH)`, e.g.
 * `aws_ebs_volume.a-etcd-main-example-com: replace (replace_because_cannot_update: availability_zone)`;
 * the parenthesis holds what Terraform said of why, and is left out when it said nothing.
 */
export function refusalText(refused: readonly Destructive[]): string[] {
  return refused.map((d) => {
    const why = [d.reason, d.replacePaths?.map(pathText).join(', ')].filter((part) => part !== undefined && part !== '').join(': ')
    return why === '' ? `${d.address}: ${d.action}` : `${d.address}: ${d.action} (${why})`
  })
}

/**
 * How to let the refused resources through: one `--allow-replace` per address, each quoted for sh,
 * e.g. `run again with --allow-replace 'aws_ebs_volume.a' to let it through (repeatable; globs match addresses)`.
 */
export function allowReplaceHint(refused: readonly Destructive[]): string {
  const addresses = [...new Set(refused.map((d) => d.address))]
  const options = addresses.map((address) => `--allow-replace ${shellQuote(address)}`).join(' ')
  const them = addresses.length === 1 ? 'it' : 'them'
  return `run again with ${options} to let ${them} through (repeatable; globs match addresses)`
}

// Where in the user's code a definition was made, from the call stack at definition time.
import { fileURLToPath } from 'node:url'
import type { Location } from './failure.ts'

const SELF = fileURLToPath(import.meta.url)
const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/

/**
 * The first stack frame outside the files whose path contains one of `skip`:
 * the line in tasks.ts that called the graph API.
 */
export function callerLocation(skip: readonly string[]): Location | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? []
  for (const frame of stack) {
    const m = FRAME.exec(frame.trim())
    if (!m) continue
    const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1]
    if (file === SELF || skip.some((part) => file.includes(part)) || file.startsWith('node:')) continue
    return { file, line: Number(m[2]), column: Number(m[3]) }
  }
  return undefined
}

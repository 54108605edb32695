// Where in the user's code a definition was made, from the call stack at definition time; where an
// error raised while importing the user's code points in it.
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

/**
 * Where an error raised while importing `file` points in it, and its message: a syntax error as
 * esbuild (tsx) reports it (`FILE:LINE:COL: ERROR: message`, the column counted from 0), or the
 * first frame of the stack that is in `file` (an exception thrown at import). Undefined otherwise.
 */
export function errorLocation(error: unknown, file: string): { at: Location; message: string } | undefined {
  const e = error as { message?: unknown; stack?: unknown } | undefined
  const text = String(e?.message ?? error)
  for (const line of text.split('\n')) {
    const m = /^(.*?):(\d+):(\d+): ERROR: (.*)$/.exec(line.trim())
    if (m && m[1] === file) return { at: { file, line: Number(m[2]), column: Number(m[3]) + 1 }, message: m[4] }
  }
  const stack = typeof e?.stack === 'string' ? e.stack.split('\n').slice(1) : []
  for (const frame of stack) {
    const m = FRAME.exec(frame.trim())
    if (m && (m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1]) === file) {
      return { at: { file, line: Number(m[2]), column: Number(m[3]) }, message: text.split('\n')[0] }
    }
  }
  return undefined
}

// Where in the user's code a definition was made, from the call stack at definition time; where an
// error raised while importing the user's code points in it.
import { fileURLToPath } from 'node:url'
import type { Location } from './failure.ts'
import { original } from './source-map.ts'

const SELF = fileURLToPath(import.meta.url)
const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/

/** The stack frames of a stack trace as locations, mapped back to their sources. */
function frames(stack: string | undefined): Location[] {
  const out: Location[] = []
  for (const frame of stack?.split('\n').slice(1) ?? []) {
    const m = FRAME.exec(frame.trim())
    if (!m) continue
    const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1]
    if (!file.startsWith('node:')) out.push(original({ file, line: Number(m[2]), column: Number(m[3]) }))
  }
  return out
}

/**
 * The first stack frame outside the files whose path contains one of `skip`:
 * the line in tasks.ts that called the graph API. Run from compiled code, the frames are mapped
 * to their sources only when the location is first read (a diagnostic), not for every definition.
 */
export function callerLocation(skip: readonly string[]): Location | undefined {
  const stack = new Error().stack
  const find = (): Location | undefined => frames(stack).find((f) => f.file !== SELF && !skip.some((part) => f.file.includes(part)))
  if (!/\.m?js:\d+:\d+\)?$/m.test(stack ?? '')) return find()
  let found: Location | undefined
  const get = (): Location => (found ??= find() ?? { file: '<unknown>', line: 1, column: 1 })
  return Object.defineProperties({} as Location, {
    file: { enumerable: true, get: () => get().file },
    line: { enumerable: true, get: () => get().line },
    column: { enumerable: true, get: () => get().column },
  })
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
  const at = frames(typeof e?.stack === 'string' ? e.stack : undefined).find((f) => f.file === file)
  return at ? { at, message: text.split('\n')[0] } : undefined
}

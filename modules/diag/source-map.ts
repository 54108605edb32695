// Compiled locations mapped back to the TypeScript they came from, through the file's linked source
// map (`//# sourceMappingURL=`), read only when a location is actually shown. Node's own source-map
// support would parse every map of every module at start-up, which costs a quarter of `tasks help`.
import { readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Location } from './failure.ts'

const maps = new Map<string, SourceMap | null>()

/** The source map a compiled file links to, or null (no map, unreadable map). */
function mapOf(file: string): SourceMap | null {
  let map = maps.get(file)
  if (map !== undefined) return map
  map = null
  try {
    const text = readFileSync(file, 'utf8')
    const link = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1]
    if (link && !link.startsWith('data:')) map = new SourceMap(JSON.parse(readFileSync(resolve(dirname(file), link), 'utf8')))
  } catch {
    map = null
  }
  maps.set(file, map)
  return map
}

/** Whether a file is compiled output that may carry a map (TypeScript sources never need one). */
export const isCompiled = (file: string): boolean => /\.m?js$/.test(file) && !file.includes('/node_modules/')

/** Where a compiled location came from; the location itself when it cannot be mapped. */
export function original(at: Location): Location {
  if (!isCompiled(at.file)) return at
  const map = mapOf(at.file)
  const entry = map?.findEntry(at.line - 1, at.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined
  if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return at
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource
  const file = isAbsolute(source) ? source : resolve(dirname(at.file), source)
  return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 }
}

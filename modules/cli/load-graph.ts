// Importing tasks.ts and checking the graph it exports. The module is user code: a throw while
// importing it is reported as a bad graph module, not as a crash of tasks.
import { pathToFileURL } from 'node:url'
import { checkGraph, type Graph } from '../graph/mod.ts'
import { errorLocation, type Failure } from '../diag/mod.ts'
import { BUILTINS } from './help.ts'

/**
 * Set by the bin (scripts/bin/tasks.mjs) when the CLI runs from its compiled build: the URL of a
 * compiled copy of the graph module that shares this build's modules. Otherwise (tests under tsx,
 * Deno) the source is imported as it is.
 */
const COMPILE_GRAPH = Symbol.for('tasks.compile-graph')
type CompileGraph = (file: string) => Promise<string>

const isGraph = (v: unknown): v is Graph =>
  typeof v === 'object' && v !== null && (v as Graph).stages instanceof Map && (v as Graph).targets instanceof Map

export async function loadGraph(file: string): Promise<{ ok: true; graph: Graph } | { ok: false; failures: Failure[] }> {
  let mod: { default?: unknown }
  try {
    const compile = (globalThis as { [COMPILE_GRAPH]?: CompileGraph })[COMPILE_GRAPH]
    mod = await import(compile ? await compile(file) : pathToFileURL(file).href)
  } catch (error) {
    // A syntax error or a throw at import points into tasks.ts: reported there, with the line.
    const where = errorLocation(error, file)
    const detail = where?.message ?? `importing it failed: ${(error as Error).message}`
    return { ok: false, failures: [{ reason: 'bad-graph-module', file, detail, ...(where ? { at: where.at } : {}) }] }
  }
  // A builder (duck-typed: the user's copy of modules/ may not be ours) is built here.
  const builder = mod.default as { build?: () => unknown } | undefined
  const exported = typeof builder?.build === 'function' ? builder.build() : mod.default
  if (!isGraph(exported)) {
    return { ok: false, failures: [{ reason: 'bad-graph-module', file, detail: 'its default export is not a graph' }] }
  }
  const failures = checkGraph(exported)
  for (const t of exported.targets.values()) {
    if (t.name in BUILTINS) failures.push({ reason: 'duplicate-name', name: t.name, at: t.at })
  }
  return failures.length ? { ok: false, failures } : { ok: true, graph: exported }
}

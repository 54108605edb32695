// Mutation testing of the manifest checker: take a real manifest, change one thing by text
// replacement (so line numbers stay meaningful), and compare the problems found exactly.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkManifest, type CheckOptions, type Problem } from '../../modules/manifest/mod.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'
import { makeProject, runCli } from '../helpers/project.ts'

/** A manifest's path (as problems name it) and text. */
export interface Manifest {
  file: string
  text: string
}

/** One of the project's rendered cluster manifests (clusters/NAME/cluster.yml), always present. */
export function project(name: 'demo' | 'example-dev' | 'example-prod'): Manifest {
  const file = `clusters/${name}/cluster.yml`
  return { file, text: readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8') }
}

/**
 * The text with `from` replaced by `to`: its only occurrence (throws when it is missing or not
 * unique, so a test cannot hit the wrong place), or its `nth` (1-based) when given.
 */
export function replace(text: string, from: string, to: string, nth?: number): string {
  const parts = text.split(from)
  const count = parts.length - 1
  if (nth === undefined ? count !== 1 : count < nth) throw new Error(`"${from}" occurs ${count} times, wanted ${nth === undefined ? 'exactly one' : `occurrence ${nth}`}`)
  const at = nth ?? 1
  return [parts.slice(0, at).join(from), parts.slice(at).join(from)].join(to)
}

/** Applies replacements in order: [from, to] or [from, to, nth]. */
export function mutate(m: Manifest, ...edits: [string, string, number?][]): Manifest {
  return { file: m.file, text: edits.reduce((text, [from, to, nth]) => replace(text, from, to, nth), m.text) }
}

/** The manifest with `extra` added at its end (after its last line). */
export const append = (m: Manifest, extra: string): Manifest => ({ file: m.file, text: m.text + extra })

/** A problem without its hint, for exact comparison of what the brief asks: rule, severity, message, position. */
export interface Found {
  rule: string
  severity: Problem['severity']
  message: string
  at: string
}

/** Every manifest `found` checked with the CLI's options in this test file, and what it found. */
const checked = new Map<string, { m: Manifest; problems: Found[] }>()

/** The problems of a manifest as `Found`s, positions as `file:line:column`. */
export function found(m: Manifest, options?: CheckOptions): Found[] {
  const problems = checkManifest(m.file, m.text, options).map((p) => ({
    rule: p.rule,
    severity: p.severity,
    message: p.message,
    at: `${p.at.file}:${p.at.line}:${p.at.column}`,
  }))
  if (options === undefined) checked.set(`${m.file}\0${m.text}`, { m, problems })
  return problems
}

/**
 * The file's last test: every manifest it checked, again through `tasks validate --manifest FILE
 * --json` — exit 2 when there is an error (0 otherwise) and the same problems at the same
 * line:column, so each rule's mutation is shown failing on the command line too.
 */
export function throughTheCli(skip: string | false = false): void {
  t.test('the same manifests through tasks validate --manifest: the same problems, exit 2 on an error', { skip }, async (t) => {
    t.ok(checked.size > 0, 'this file checked manifests')
    const root = makeProject(fixtureFiles())
    for (const { m, problems } of checked.values()) {
      writeFileSync(join(root, 'manifest.yml'), m.text)
      const r = await runCli(root, ['validate', '--manifest', 'manifest.yml', '--json'])
      const doc = JSON.parse(r.stdout) as { problems: { file: string; line: number; column: number; severity: string; rule: string; message: string }[] }
      const viaCli = doc.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.rule}: ${p.message}`).sort()
      const direct = problems.map((p) => `${p.at.replace(m.file, 'manifest.yml')} ${p.severity} ${p.rule}: ${p.message}`).sort()
      const code = problems.some((p) => p.severity === 'error') ? 2 : 0
      t.same({ code: r.code, problems: viaCli }, { code, problems: direct }, `${m.file}: ${direct[0] ?? 'clean'}`)
    }
  })
}

/** An expected error (or warning) at `file:line:column`. */
export const error = (at: string, rule: string, message: string): Found => ({ rule, severity: 'error', message, at })
export const warning = (at: string, rule: string, message: string): Found => ({ rule, severity: 'warning', message, at })

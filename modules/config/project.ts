// Finding the project: walking up from the working directory to the nearest `.tasksrc.yaml`,
// package.json "tasks" key, or tasks.ts; that directory is the root. The search is cosmiconfig's
// (searchStrategy "project"), done here for the plain cases so a start-up does not load
// cosmiconfig and its dependencies; cosmiconfig itself (imported then) handles the rest: a meta
// config, `$import`, a JSON file that does not parse. yaml is loaded only for a YAML settings file.
import { basename, dirname, join, relative, resolve } from 'node:path'
import { readFile, stat } from 'node:fs/promises'
import process from 'node:process'
import type { Failure, Location } from '../diag/mod.ts'
import { MAX_SETTINGS_BYTES, tooLarge } from './settings-size.ts'

export interface ProjectSettings {
  /** Directory holding one folder per cluster, relative to the root. */
  clustersDir: string
  /** Directory for everything ephemeral (cache, logs, plans, locks), relative to the root. */
  stateDir: string
  /** How many clusters run at once. */
  concurrency: number
  /** The graph module, relative to the root. */
  graph: string
  /** Binaries to run instead of the ones on PATH (absolute, or relative to the root). */
  terraform?: string
  kops?: string
}

export interface Project {
  root: string
  settings: ProjectSettings
  /** The file settings came from, when any. */
  configFile?: string
}

export const DEFAULT_SETTINGS: ProjectSettings = { clustersDir: 'clusters', stateDir: '.tasks', concurrency: 4, graph: 'tasks.ts' }

const PLACES = ['package.json', '.tasksrc', '.tasksrc.yaml', '.tasksrc.yml', '.tasksrc.json', 'tasks.ts']

/** A settings file that did not parse: thrown by a loader, turned into a failure by findProject. */
const badConfig = (failure: Failure): Error => Object.assign(new Error('bad-config'), { failure })

async function yamlLoader(file: string, text: string): Promise<unknown> {
  const { parseYaml } = await import('./yaml-doc.ts')
  const parsed = parseYaml(file, text)
  if (!parsed.ok) throw badConfig(parsed.failure)
  return parsed.doc.value ?? {}
}

/** A JSON settings file (.tasksrc.json, package.json) as a value; one that does not parse is a located failure. */
function jsonLoader(file: string, text: string): unknown {
  const bytes = basename(file) === 'package.json' ? 0 : Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_SETTINGS_BYTES) throw badConfig(tooLarge(file, bytes))
  try {
    return JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.trimEnd().length)
    const before = text.slice(0, offset).split('\n')
    const at = { file, line: before.length, column: before[before.length - 1].length + 1 }
    const detail = `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`
    const hint = basename(file) === 'package.json' ? 'fix the JSON.' : 'fix the JSON, or write the settings as YAML in .tasksrc.yaml.'
    throw badConfig({ reason: 'bad-config', at, detail, source: text.split('\n')[at.line - 1], hint })
  }
}

async function explorer(): Promise<{ search(from: string): Promise<Found | null> }> {
  const { cosmiconfig } = await import('cosmiconfig')
  return cosmiconfig('tasks', {
    searchPlaces: PLACES,
    searchStrategy: 'project',
    cache: false,
    // tasks.ts only marks the root; it is imported later, by the CLI, not by cosmiconfig.
    loaders: { '.ts': () => ({}), '.json': jsonLoader, '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader },
  })
}

interface Found {
  filepath: string
  config: unknown
}

/** What cosmiconfig's search would return, or `'cosmiconfig'` when only it can tell. */
type Search = Found | null | 'cosmiconfig'

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false)
const hasOwn = (v: unknown, key: string): boolean => typeof v === 'object' && v !== null && Object.hasOwn(v, key)

/** A meta config (cosmiconfig's own settings, read from the process's directory) may change the search. */
async function metaConfig(): Promise<boolean> {
  const cwd = process.cwd()
  if ((await exists(join(cwd, '.config'))) || (await exists(join(cwd, 'package.yaml')))) return true
  let text: string
  try {
    text = await readFile(join(cwd, 'package.json'), 'utf8')
  } catch {
    return false
  }
  try {
    return hasOwn(JSON.parse(text), 'cosmiconfig')
  } catch {
    return true
  }
}

/** One search place's settings: `null` when it holds none (cosmiconfig goes on to the next place). */
async function readPlace(file: string, text: string): Promise<{ config: unknown } | null | 'cosmiconfig'> {
  const name = basename(file)
  if (name === 'tasks.ts') return { config: {} }
  let config: unknown
  if (name.endsWith('.json')) {
    config = jsonLoader(file, text)
    if (name === 'package.json') {
      if (typeof config !== 'object' || config === null) return 'cosmiconfig'
      config = (config as Record<string, unknown>).tasks
    }
  } else {
    config = await yamlLoader(file, text)
  }
  if (config === undefined || config === null) return null
  return hasOwn(config, '$import') ? 'cosmiconfig' : { config }
}

/** cosmiconfig's search with searchStrategy "project", for the cases above. */
async function search(cwd: string): Promise<Search> {
  if (await metaConfig()) return 'cosmiconfig'
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if ((await stat(dir).catch(() => undefined))?.isDirectory()) {
      for (const place of PLACES) {
        const file = join(dir, place)
        let text: string
        try {
          text = await readFile(file, 'utf8')
        } catch (error) {
          if (['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) continue
          throw error
        }
        if (text.trim() === '') continue
        const read = await readPlace(file, text)
        if (read === 'cosmiconfig') return read
        if (read) return { filepath: file, config: read.config }
      }
    }
    if ((await exists(join(dir, 'package.json'))) || (await exists(join(dir, 'package.yaml')))) return null
    if (dirname(dir) === dir) return null
  }
}

/** The project containing `cwd`, with its settings checked; a failure names the file and line. */
export async function findProject(cwd: string): Promise<{ ok: true; project: Project } | { ok: false; failure: Failure }> {
  let found: Found | null
  try {
    const searched = await search(cwd)
    found = searched === 'cosmiconfig' ? await (await explorer()).search(cwd) : searched
  } catch (error) {
    const failure = (error as { failure?: Failure }).failure
    // Settings files live at the root, so their name alone is the root-relative path.
    if (failure?.reason === 'bad-config') return { ok: false, failure: { ...failure, at: { ...failure.at, file: basename(failure.at.file) } } }
    throw error
  }
  if (!found) return { ok: false, failure: { reason: 'no-project', cwd } }
  const root = dirname(found.filepath)
  const configFile = found.filepath.endsWith('tasks.ts') ? undefined : found.filepath
  const checked = await checkSettings((found.config ?? {}) as Record<string, unknown>, found.filepath, root)
  if (!checked.ok) return checked
  return { ok: true, project: { root, settings: checked.settings, configFile } }
}

const EXPECTED: Record<keyof ProjectSettings, string> = {
  clustersDir: 'a directory path',
  stateDir: 'a directory path',
  concurrency: 'a whole number of at least 1',
  graph: 'a file path',
  terraform: 'a path to the terraform binary',
  kops: 'a path to the kops binary',
}

async function checkSettings(
  raw: Record<string, unknown>,
  file: string,
  root: string,
): Promise<{ ok: true; settings: ProjectSettings } | { ok: false; failure: Failure }> {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const [key, value] of Object.entries(raw)) {
    const expected = EXPECTED[key as keyof ProjectSettings]
    const valid = key === 'concurrency' ? Number.isInteger(value) && (value as number) >= 1 : typeof value === 'string' && value !== ''
    if (expected && valid) {
      settings[key] = value
      continue
    }
    const detail = expected
      ? `setting "${key}" must be ${expected}, not ${JSON.stringify(value)}`
      : `unknown setting "${key}"; known settings are ${Object.keys(EXPECTED).join(', ')}`
    return { ok: false, failure: { reason: 'bad-config', ...(await locateKey(file, root, key, detail)) } }
  }
  return { ok: true, settings: settings as unknown as ProjectSettings }
}

/** Where a settings key is written, for the diagnostic (YAML and JSON alike). */
async function locateKey(file: string, root: string, key: string, detail: string): Promise<{ at: Location; detail: string; source?: string }> {
  const text = await readFile(file, 'utf8')
  const shown = relative(root, file) || file
  const { parseYaml } = await import('./yaml-doc.ts')
  const parsed = parseYaml(shown, text)
  const path = file.endsWith('package.json') ? ['tasks', key] : [key]
  if (!parsed.ok) return { at: { file: shown, line: 1, column: 1 }, detail }
  const at = parsed.doc.locate(path)
  return { at, detail, source: parsed.doc.line(at.line) }
}

/** Absolute path of a root-relative setting. */
export const inRoot = (project: Project, rel: string): string => join(project.root, rel)

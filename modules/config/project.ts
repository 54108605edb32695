// Finding the project: cosmiconfig's search (searchStrategy "project") walks up from the working
// directory to the nearest `.tasksrc.yaml`, package.json "tasks" key, or tasks.ts; that directory
// is the root. cosmiconfig is imported only once the project is needed (a command's usage is not),
// yaml only for a YAML settings file.
import { basename, dirname, join, relative } from 'node:path'
import type { Failure, Location } from '../diag/mod.ts'
import { checkNested, isNested, type CacheSettings, type RolloutSettings } from './nested-settings.ts'
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
  /** How runs that change clusters roll out by default: --waves and --max-per-account. */
  rollout?: RolloutSettings
  /** Where cache records are shared between machines (cache.remote, or TASKS_REMOTE_CACHE). */
  cache?: CacheSettings
}


export type { CacheSettings, RolloutSettings } from './nested-settings.ts'

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

interface Found {
  filepath: string
  config: unknown
}

/**
 * The search, and the text of each file its loaders read (by path): a setting is located in the
 * text cosmiconfig read, so nothing reads the file a second time.
 */
async function searchFrom(cwd: string): Promise<{ found: Found | null; texts: Map<string, string> }> {
  const { cosmiconfig } = await import('cosmiconfig')
  const texts = new Map<string, string>()
  const kept = <T>(load: (file: string, text: string) => T) => (file: string, text: string): T => {
    texts.set(file, text)
    return load(file, text)
  }
  const explorer = cosmiconfig('tasks', {
    searchPlaces: PLACES,
    // Up to the nearest package.json or package.yaml; `stopDir` belongs to "global" only.
    searchStrategy: 'project',
    cache: false,
    // tasks.ts only marks the root; it is imported later, by the CLI, not by cosmiconfig.
    loaders: { '.ts': () => ({}), '.json': kept(jsonLoader), '.yaml': kept(yamlLoader), '.yml': kept(yamlLoader), noExt: kept(yamlLoader) },
  })
  return { found: await explorer.search(cwd), texts }
}

/** The project containing `cwd`, with its settings checked; a failure names the file and line. */
export async function findProject(cwd: string): Promise<{ ok: true; project: Project } | { ok: false; failure: Failure }> {
  let searched: { found: Found | null; texts: Map<string, string> }
  try {
    searched = await searchFrom(cwd)
  } catch (error) {
    const failure = (error as { failure?: Failure }).failure
    // Settings files live at the root, so their name alone is the root-relative path.
    if (failure?.reason === 'bad-config') return { ok: false, failure: { ...failure, at: { ...failure.at, file: basename(failure.at.file) } } }
    throw error
  }
  const { found, texts } = searched
  if (!found) return { ok: false, failure: { reason: 'no-project', cwd } }
  const root = dirname(found.filepath)
  const configFile = found.filepath.endsWith('tasks.ts') ? undefined : found.filepath
  const checked = await checkSettings(found.config, { file: found.filepath, root, text: texts.get(found.filepath) })
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
  rollout: 'a map of waves and maxPerAccount',
  cache: 'a map of remote',
}

/** Settings with one value (the maps `rollout:` and `cache:` are checked in nested-settings.ts). */
type PlainSetting = Exclude<keyof ProjectSettings, 'rollout' | 'cache'>
const isSetting = (key: string): key is PlainSetting => Object.hasOwn(EXPECTED, key) && !isNested(key)

/** Sets one known setting when its value has the setting's type; false when it does not. */
function assign(settings: ProjectSettings, key: PlainSetting, value: unknown): boolean {
  if (key === 'concurrency') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return false
    settings.concurrency = value
    return true
  }
  if (typeof value !== 'string' || value === '') return false
  settings[key] = value
  return true
}

/** The settings file: its path, the root, and its text as the search read it (absent for tasks.ts). */
interface SettingsFile {
  file: string
  root: string
  text: string | undefined
}

async function checkSettings(raw: unknown, from: SettingsFile): Promise<{ ok: true; settings: ProjectSettings } | { ok: false; failure: Failure }> {
  const settings: ProjectSettings = { ...DEFAULT_SETTINGS }
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (isNested(key)) {
      const nested = checkNested(key, value)
      if (!nested.ok) return { ok: false, failure: { reason: 'bad-config', ...(await locateKey(from, nested.path, nested.detail)) } }
      settings[key] = nested.value
      continue
    }
    const known = isSetting(key)
    if (known && assign(settings, key, value)) continue
    const detail = known
      ? `setting "${key}" must be ${EXPECTED[key]}, not ${JSON.stringify(value)}`
      : `unknown setting "${key}"; known settings are ${Object.keys(EXPECTED).join(', ')}`
    return { ok: false, failure: { reason: 'bad-config', ...(await locateKey(from, key, detail)) } }
  }
  return { ok: true, settings }
}

/** Where a settings key (or a path of keys) is written, for the diagnostic (YAML and JSON alike). */
async function locateKey({ file, root, text }: SettingsFile, key: string | string[], detail: string): Promise<{ at: Location; detail: string; source?: string }> {
  const shown = relative(root, file) || file
  const { parseYaml } = await import('./yaml-doc.ts')
  const parsed = text === undefined ? undefined : parseYaml(shown, text)
  const keys = typeof key === 'string' ? [key] : key
  const path = file.endsWith('package.json') ? ['tasks', ...keys] : keys
  if (!parsed?.ok) return { at: { file: shown, line: 1, column: 1 }, detail }
  const at = parsed.doc.locate(path)
  return { at, detail, source: parsed.doc.line(at.line) }
}

/** Absolute path of a root-relative setting. */
export const inRoot = (project: Project, rel: string): string => join(project.root, rel)

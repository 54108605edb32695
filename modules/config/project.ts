// Finding the project: cosmiconfig walks up from the working directory to the nearest
// `.tasksrc.yaml`, package.json "tasks" key, or tasks.ts; that directory is the root.
import { cosmiconfig } from 'cosmiconfig'
import { basename, dirname, join, relative } from 'node:path'
import { readFile } from 'node:fs/promises'
import type { Failure, Location } from '../diag/mod.ts'
import { parseYaml } from './yaml-doc.ts'

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
const yamlLoader = (file: string, text: string): unknown => {
  const parsed = parseYaml(file, text)
  if (!parsed.ok) throw Object.assign(new Error('bad-config'), { failure: parsed.failure })
  return parsed.doc.value ?? {}
}

const explorer = cosmiconfig('tasks', {
  searchPlaces: PLACES,
  searchStrategy: 'project',
  cache: false,
  // tasks.ts only marks the root; it is imported later, by the CLI, not by cosmiconfig.
  loaders: { '.ts': () => ({}), '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader },
})

/** The project containing `cwd`, with its settings checked; a failure names the file and line. */
export async function findProject(cwd: string): Promise<{ ok: true; project: Project } | { ok: false; failure: Failure }> {
  let found
  try {
    found = await explorer.search(cwd)
  } catch (error) {
    const failure = (error as { failure?: Failure }).failure
    // Settings files live at the root, so their name alone is the root-relative path.
    if (failure?.reason === 'bad-config') return { ok: false, failure: { ...failure, at: { ...failure.at, file: basename(failure.at.file) } } }
    throw error
  }
  if (!found) return { ok: false, failure: { reason: 'no-project', cwd } }
  const root = dirname(found.filepath)
  const configFile = found.filepath.endsWith('tasks.ts') ? undefined : found.filepath
  const checked = await checkSettings(found.config ?? {}, found.filepath, root)
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
  const parsed = parseYaml(shown, text)
  const path = file.endsWith('package.json') ? ['tasks', key] : [key]
  if (!parsed.ok) return { at: { file: shown, line: 1, column: 1 }, detail }
  const at = parsed.doc.locate(path)
  return { at, detail, source: parsed.doc.line(at.line) }
}

/** Absolute path of a root-relative setting. */
export const inRoot = (project: Project, rel: string): string => join(project.root, rel)

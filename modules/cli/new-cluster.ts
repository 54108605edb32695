// `tasks new-cluster NAME [--from CLUSTER]`: scaffolds clusters/NAME/ from an existing cluster with
// its own cluster name, state keys and key paths (modules/config/scaffold.ts), copies the files its
// settings point at, and says what changed and what to review. Writes nothing outside clusters/NAME/.
import { join, relative } from 'node:path'
import { parseDocument } from 'yaml'
import { listClusters, loadCluster } from '../config/clusters.ts'
import type { Project } from '../config/project.ts'
import { scaffoldOutputs } from '../config/scaffold-outputs.ts'
import { GENERATED, identities, scaffoldClusterYaml, type Scaffold } from '../config/scaffold.ts'
import { isClusterName } from '../config/select.ts'
import type { Failure } from '../diag/mod.ts'
import type { Ports } from '../exec/ports.ts'
import type { FileSystem } from '../fs/mod.ts'
import { newClusterText, type Made } from './new-cluster-text.ts'

type Result = { ok: true; text: string } | { ok: false; failures: Failure[] }
type Settings = Record<string, unknown>

/** NAME becomes the first label of the cluster's DNS name and part of S3 bucket names. */
const isDnsLabel = (name: string): boolean => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)

const USAGE = 'tasks new-cluster NAME [--from CLUSTER] creates clusters/NAME from an existing cluster'

/** NAME and the cluster to copy (--from, else the only one), or why not; nothing is written yet. */
async function resolveNames(fs: FileSystem, project: Project, options: { name?: string; from?: string }): Promise<{ name: string; from: string } | Failure[]> {
  const { root, settings } = project
  const known = await listClusters(fs, root, settings.clustersDir)
  const { name } = options
  if (name === undefined) return [{ reason: 'missing-option', option: 'NAME', hint: USAGE }]
  if (!isClusterName(name)) return [{ reason: 'bad-new-cluster-name', name }]
  if (!isDnsLabel(name)) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '')
    return [{ reason: 'new-cluster-not-dns', name, ...(isDnsLabel(suggestion) ? { suggestion } : {}) }]
  }
  const failures: Failure[] = []
  const dir = join(settings.clustersDir, name)
  if (await fs.stat(join(root, dir))) failures.push({ reason: 'cluster-exists', name, dir })
  const from = options.from ?? (known.length === 1 ? known[0] : undefined)
  if (from === undefined) {
    const hint = `name the cluster to copy: tasks new-cluster ${name} --from CLUSTER, one of ${known.join(', ')}`
    failures.push(known.length ? { reason: 'missing-option', option: '--from', hint } : { reason: 'no-clusters', dir: settings.clustersDir })
  } else {
    const source = await loadCluster(fs, root, settings.clustersDir, from)
    if (!source.ok) failures.push(source.failure)
  }
  return failures.length ? failures : { name, from: from as string }
}

/** A failure per identity (cluster name, state object) the new settings share with an existing cluster. */
async function conflicts(fs: FileSystem, project: Project, names: { name: string; from: string }, settings: Settings): Promise<Failure[]> {
  const { root, settings: { clustersDir } } = project
  const mine = identities(settings)
  const failures: Failure[] = []
  for (const other of await listClusters(fs, root, clustersDir)) {
    const file = join(clustersDir, other, 'cluster.yaml')
    const doc = parseDocument(await fs.readText(join(root, file)))
    // A cluster.yaml that does not parse has no identities to compare; validate reports it.
    const theirs = doc.errors.length ? [] : identities((doc.toJS() ?? {}) as Settings)
    for (const m of mine.filter((m) => theirs.some((t) => t.what === m.what && t.value === m.value))) {
      failures.push({ reason: 'scaffold-conflict', ...names, what: m.what, value: m.value, other, file })
    }
  }
  return failures
}

/** The source's recorded outputs (or its mock) with the new values, for validate before the first run. */
async function mockOutputs(fs: FileSystem, sourceDir: string, before: Settings, after: Settings) {
  for (const file of ['outputs.json', 'outputs.mock.json']) {
    const text = await fs.readText(join(sourceDir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (text !== undefined) return scaffoldOutputs(text, before, after)
  }
  return undefined
}

/** Which of the files the settings point at the source has (copied), and which it lacks. */
async function splitFiles(fs: FileSystem, sourceDir: string, files: readonly string[]): Promise<{ copied: string[]; missing: string[] }> {
  const copied: string[] = []
  const missing: string[] = []
  for (const f of files) ((await fs.stat(join(sourceDir, f)))?.isDirectory === false ? copied : missing).push(f)
  return { copied, missing }
}

/** The source's other files: generated ones (left for the first run) and ones nothing points at. */
async function otherFiles(fs: FileSystem, sourceDir: string, copied: readonly string[]): Promise<{ generated: string[]; left: string[] }> {
  const entries = (await fs.list(sourceDir)).filter((f) => !f.startsWith('.') && f !== 'cluster.yaml' && f !== 'outputs.mock.json')
  return {
    generated: entries.filter((f) => GENERATED.includes(f)).map((f) => (f === 'data' ? 'data/' : f)),
    left: entries.filter((f) => !GENERATED.includes(f) && !copied.some((c) => c.split('/')[0] === f)),
  }
}

/**
 * Writes the new cluster: cluster.yaml first and exclusively (it claims the directory, so a race
 * never overwrites), then the copied files and the mock outputs. False when the name was taken.
 */
async function write(fs: FileSystem, dir: string, sourceDir: string, made: Scaffold, copied: readonly string[], mock?: string): Promise<boolean> {
  if (!(await fs.createExclusive(join(dir, 'cluster.yaml'), made.text))) return false
  for (const f of copied) await fs.writeAtomic(join(dir, f), await fs.readBytes(join(sourceDir, f)))
  if (mock !== undefined) await fs.writeAtomic(join(dir, 'outputs.mock.json'), mock)
  return true
}

/** Scaffolds clusters/NAME/ and says what it did, or the refusals (nothing written then). */
export async function newClusterCommand(
  project: Project,
  cwd: string,
  options: { name?: string; from?: string; sandbox: boolean },
  ports: Ports,
): Promise<Result> {
  const { fs } = ports
  const { root, settings: { clustersDir, stateDir } } = project
  const names = await resolveNames(fs, project, options)
  if (Array.isArray(names)) return { ok: false, failures: names }
  const { name, from } = names
  const sourceDir = join(root, clustersDir, from)
  const dir = join(root, clustersDir, name)
  const text = await fs.readText(join(sourceDir, 'cluster.yaml'))
  const made = scaffoldClusterYaml({ text, from, name, clustersDir, stateDir })
  const before = (parseDocument(text).toJS() ?? {}) as Settings
  const after = (parseDocument(made.text).toJS() ?? {}) as Settings
  const clash = await conflicts(fs, project, names, after)
  if (clash.length) return { ok: false, failures: clash }
  const mock = await mockOutputs(fs, sourceDir, before, after)
  const { copied, missing } = await splitFiles(fs, sourceDir, made.files)
  if (!(await write(fs, dir, sourceDir, made, copied, mock?.text))) {
    return { ok: false, failures: [{ reason: 'cluster-exists', name, dir: join(clustersDir, name) }] }
  }
  const result: Made = {
    name,
    from,
    dir: relative(cwd, dir) || '.',
    fromDir: relative(cwd, sourceDir) || '.',
    changes: made.changes,
    stateStore: mock?.changes.find((c) => c.path === 'kops_s3_bucket'),
    copied,
    missing,
    mock: mock !== undefined,
    ...(await otherFiles(fs, sourceDir, copied)),
    review: made.review,
    sandbox: after.sandbox === true,
    flags: options.sandbox && after.sandbox !== true ? ' --sandbox' : '',
  }
  return { ok: true, text: newClusterText(result) }
}

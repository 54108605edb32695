// `tasks validate`: the pre-commit check. Renders each selected cluster's template from its
// recorded (or mock) outputs and checks the result, or checks --manifest files as given. Offline,
// and light: nothing here imports the process runner or the progress display (git runs, through
// the tool port, only for --changed and --staged).
import { relative, resolve } from 'node:path'
import type { Project } from '../config/project.ts'
import { scanClusters } from '../config/clusters.ts'
import { isClusterName, selectAsked, type Selected } from '../config/select.ts'
import { EXIT, type Failure } from '../diag/mod.ts'
import type { ToolRunner } from '../exec/ports.ts'
import { nodeFileSystem } from '../fs/mod.ts'
import { checkManifest } from '../manifest/mod.ts'
import { collect, findingsJson, formatFindings, misnamedCluster, openResultCache, readLayerContract, sharedProblems, skippedEntry, stagedSource, validateCluster, worktreeSource, type Source } from '../validate/mod.ts'
import type { CliOptions } from './args.ts'
import { changedFiles } from './changed.ts'
import { CLUSTER_TEMPLATE } from '../template/mod.ts'

export type ValidateResult = { ok: true; code: number; text: string } | { ok: false; failures: Failure[] }

const done = (code: number, text: string): ValidateResult => ({ ok: true, code, text })

/** --manifest FILE…: each file checked as a kOps manifest, paths shown as the user gave them. */
async function manifests(cwd: string, files: readonly string[], o: CliOptions): Promise<ValidateResult> {
  const source = worktreeSource(cwd)
  const results = []
  for (const file of files) {
    const path = relative(cwd, resolve(cwd, file))
    const text = await source.read(path)
    if (text === undefined) return { ok: false, failures: [{ reason: 'missing-file', path: file, what: 'manifest' }] }
    results.push({ problems: checkManifest(path, text) })
  }
  return report(collect(results), o, { what: 'manifest', names: files.map((f) => relative(cwd, resolve(cwd, f))) }, source)
}

function report(findings: ReturnType<typeof collect>, o: CliOptions, checked: { what: string; names: string[] }, source: Source): ValidateResult {
  const code = findings.some((f) => f.severity === 'error') ? EXIT.usage : EXIT.ok
  const text = o.json ? findingsJson(findings, checked) : formatFindings(findings, { what: checked.what, count: checked.names.length }, source.line)
  return done(code, text)
}

/** The clusters to check: the selection given (config/select.ts, as a run selects), the ones staged files touch, or all of them. */
function selected(project: Project, o: CliOptions, tools: ToolRunner, known: string[], staged?: string[]): Promise<Selected> {
  const changed = (since: string) => changedFiles(tools, project.root, since)
  return selectAsked(o, known, project.settings.clustersDir, changed, { allWhenNone: true, staged })
}

export async function validateCommand(project: Project, cwd: string, o: CliOptions, tools: ToolRunner): Promise<ValidateResult> {
  const files = [...o.manifests, ...o.words.slice(1)]
  if (o.manifests.length) return manifests(cwd, files, o)
  if (files.length) return { ok: false, failures: [{ reason: 'missing-option', option: '--manifest', hint: `to check "${files[0]}" as a kOps manifest: tasks validate --manifest FILE…; clusters are chosen with --cluster NAME` }] }
  let source: Source = worktreeSource(project.root)
  let staged: string[] | undefined
  if (o.staged) {
    const index = await stagedSource(project.root, tools)
    if (!index.ok) return { ok: false, failures: [{ reason: 'git-needed', what: 'read the staged files (--staged)', detail: index.detail }] }
    ;({ source, staged } = index)
  }
  const { names: known, unreadable } = await scanClusters(nodeFileSystem, project.root, project.settings.clustersDir)
  const names = await selected(project, o, tools, known, staged)
  if (!names.ok) return names
  if (staged && names.names.length === 0) return done(EXIT.ok, o.json ? findingsJson([], { what: 'cluster', names: [] }) : 'No staged change touches a cluster: nothing to validate.\n')
  // As a run says it (main.ts): --changed selecting nothing is nothing to do, not "0 clusters valid".
  if (o.changed && !staged && names.names.length === 0) return done(EXIT.ok, o.json ? findingsJson([], { what: 'cluster', names: [] }) : `No cluster changed since ${o.since ?? 'HEAD'}: nothing to validate.\n`)
  const dirOf = (name: string) => `${project.settings.clustersDir.replace(/\/$/, '')}/${name}`
  const cache = await openResultCache(nodeFileSystem, resolve(project.root, project.settings.stateDir, 'cache', 'validate.json'))
  // Read through the source: --staged checks cluster.yaml against the layer files as staged.
  const contract = await readLayerContract(source.list, source.read)
  const results = await Promise.all(
    names.names.map(async (name) => ({
      cluster: name,
      // A name a run refuses is refused here, and nothing of it is read.
      problems: isClusterName(name) ? await validateCluster(source, { name, dir: dirOf(name), template: CLUSTER_TEMPLATE, contract }, cache) : [misnamedCluster({ name, dir: dirOf(name) })],
    })),
  )
  // Every selected cluster against all of them: a copy is caught when only the copy is checked.
  const fleet = known.filter(isClusterName)
  const shared = await sharedProblems(source, fleet.map((name) => ({ name, dir: dirOf(name) })), names.names.filter(isClusterName), cache)
  await cache.save()
  const skipped = { problems: unreadable.map(skippedEntry) }
  return report(collect([...results, ...shared, skipped]), o, { what: 'cluster', names: names.names }, source)
}

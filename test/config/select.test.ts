import t from 'tap'
import { changedClusters, selectAsked, selectClusters, type ChangedFiles } from '../../modules/config/mod.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

const KNOWN = ['dev-1', 'dev-2', 'prod-eu', 'prod-us', 'staging']
const sel = (patterns: string[], more: { all?: boolean; changed?: string[] } = {}) => selectClusters({ patterns, all: false, ...more }, KNOWN, 'clusters')
const text = (r: ReturnType<typeof sel>) => (r.ok ? r.names : r.failures.map((f) => formatFailure(f)))

t.test('names, globs, --all', async (t) => {
  t.same(text(sel(['prod-us', 'dev-1'])), ['prod-us', 'dev-1'], 'in the order given')
  t.same(text(sel(['prod-*'])), ['prod-eu', 'prod-us'])
  t.same(text(sel(['prod-*', 'prod-eu', 'dev-?'])), ['prod-eu', 'prod-us', 'dev-1', 'dev-2'], 'each once')
  t.same(text(sel([], { all: true })), KNOWN)
  t.same(text(sel(['qa-*'])), ["--cluster 'qa-*' matches no cluster; known clusters are dev-1, dev-2, prod-eu, prod-us, staging."])
  t.same(text(sel(['prod'])), ['Cannot find cluster "prod": known clusters are dev-1, dev-2, prod-eu, prod-us, staging.'])
  t.same(text(sel(['stagin'])), ['Cannot find cluster "stagin": known clusters are dev-1, dev-2, prod-eu, prod-us, staging (did you mean "staging"?).'])
  t.same(text(sel([])), ["Option --cluster is required here.\nhint: name one of dev-1, dev-2, prod-eu, prod-us, staging (globs like 'prod-*' work), or pass --all"])
})

t.test('--changed: a cluster\'s own files, or everything for shared inputs', async (t) => {
  t.same(changedClusters(['clusters/dev-1/cluster.yaml', 'README.md'], KNOWN, 'clusters'), ['dev-1'])
  t.same(changedClusters(['clusters/prod-eu/kubernetes.tf', 'clusters/prod-us/cluster.yml'], KNOWN, 'clusters'), ['prod-eu', 'prod-us'])
  t.same(changedClusters(['2-kops/cluster-template.yml.eta'], KNOWN, 'clusters'), KNOWN, 'the template')
  t.same(changedClusters(['1-prerequisites/outputs.tf'], KNOWN, 'clusters'), KNOWN, 'a shared layer file')
  t.same(changedClusters(['tasks.ts'], KNOWN, 'clusters'), KNOWN, 'the graph')
  t.same(changedClusters(['clusters/dev-10/cluster.yaml'], KNOWN, 'clusters'), [], 'dev-1 is not a prefix match for dev-10')
  t.same(text(sel(['prod-*'], { changed: ['2-kops/config.tf'] })), ['prod-eu', 'prod-us'], '--changed within a glob')
  t.same(text(sel([], { changed: ['docs/x.md'] })), [], 'none changed: an empty selection, not a failure (nothing to do)')
  t.same(text(sel(['dev-*'], { changed: ['clusters/prod-eu/cluster.yaml'] })), [], 'none of the selected changed: empty too')
  t.same(text(sel(['qa-*'], { changed: ['clusters/prod-eu/cluster.yaml'] })), ["--cluster 'qa-*' matches no cluster; known clusters are dev-1, dev-2, prod-eu, prod-us, staging."], 'a glob matching nothing is still a typo')
  t.same(text(sel(['prd-eu'], { changed: [] })), ['Cannot find cluster "prd-eu": known clusters are dev-1, dev-2, prod-eu, prod-us, staging (did you mean "prod-eu"?).'], 'so is an unknown name')
})

t.test('a value that cannot be a cluster name is refused before any lookup', async (t) => {
  const refused = (name: string) => `Refusing cluster name ${JSON.stringify(name)}: cluster names are made of letters, digits, ".", "_" and "-" and start with a letter or digit (globs may add *, ? and [ ]).\nhint: known clusters are dev-1, dev-2, prod-eu, prod-us, staging.`
  for (const name of ['a;rm -rf x', '$(id)', '../../etc', '/etc', 'prod eu', '.hidden', '..', '-rf', 'a`b`', 'prod-*/x']) {
    t.same(text(sel([name])), [refused(name)], name)
  }
  t.same(text(sel(['prod-eu', '$(id)'])), [refused('$(id)')], 'one bad name refuses the selection')
  t.same(text(sel(['*-eu', 'dev-[12]'])), ['prod-eu', 'dev-1', 'dev-2'], 'globs pass')
  t.match(text(sel(['Prod_EU.2'])), [/^Cannot find cluster "Prod_EU\.2"/], 'every name character passes, and the name is then looked up')
})

t.test('selectAsked: the one selection of run, explain, doctor and validate, from their options', async (t) => {
  const since: string[] = []
  const git = (files: string[]): ChangedFiles => async (rev) => {
    since.push(rev)
    return { ok: true, files }
  }
  const asked = (clusters: string[], more: { all?: boolean; changed?: boolean; since?: string } = {}) => ({ clusters, all: false, changed: false, ...more })
  const pick = async (...args: Parameters<typeof selectAsked>) => text(await selectAsked(...args))
  t.same(await pick(asked(['prod-*']), KNOWN, 'clusters', git([])), ['prod-eu', 'prod-us'])
  t.same(since, [], 'git is asked only with --changed')
  t.same(await pick(asked([]), KNOWN, 'clusters', git([])), [text(sel([]))[0]], 'no selection: --cluster is required, as selectClusters says')
  t.same(await pick(asked([]), KNOWN, 'clusters', git([]), { allWhenNone: true }), KNOWN, 'or all of them (doctor, validate)')
  t.same(await pick(asked(['prod-*'], { changed: true }), KNOWN, 'clusters', git(['clusters/prod-us/cluster.yaml'])), ['prod-us'])
  t.same(await pick(asked([], { changed: true, since: 'main' }), KNOWN, 'clusters', git(['clusters/dev-1/x'])), ['dev-1'])
  t.same(since, ['HEAD', 'main'], '--since, HEAD by default')
  const failed: ChangedFiles = async (rev) => ({ ok: false, failure: { reason: 'git-failed', since: rev, detail: 'not a git repository' } })
  t.same(await pick(asked([], { changed: true }), KNOWN, 'clusters', failed), ['Cannot tell which clusters changed since HEAD: not a git repository.\nhint: --changed needs a git checkout; --since takes a commit, branch or tag.'])
  const staged = ['clusters/dev-1/cluster.yaml', 'clusters/dev-2/cluster.yaml']
  t.same(await pick(asked([]), KNOWN, 'clusters', failed, { staged }), ['dev-1', 'dev-2'], '--staged: the clusters staged files touch, git not asked again')
  t.same(await pick(asked(['dev-2', 'staging']), KNOWN, 'clusters', failed, { staged }), ['dev-2'], 'only those named')
})

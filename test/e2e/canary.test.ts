// A canary secret used by the template: a sensitive 1-prerequisites output that the cluster
// template renders. It reaches the rendered clusters/<name>/cluster.yml — the template asked for
// it, and kOps needs what the template renders — and nothing else tasks writes: not stdout or
// stderr, logs, cache records, the recorded outputs.json, the JSON or Markdown summaries. Offline,
// where only its digest is recorded, a render that needs it fails with one clear message instead
// of rendering a marker.
import t from 'tap'
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

const CANARY = 'c4n4ry-t3mpl4te-5ecret-91d2'
const TEMPLATE = '2-kops/cluster-template.yml.eta'

/** Every file under a directory. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

t.test('a sensitive output the template renders: in cluster.yml, nowhere else; offline it fails clearly', async (t) => {
  const root = repoCopy()
  const sandbox = join(root, '.tasks', 'sandbox')
  // The simulators run in this process (test/helpers/sim-tools.ts); what they print reaches tasks as a process's output would.
  const tools = simulatedTools(sandbox)
  appendFileSync(join(root, '1-prerequisites/outputs.tf'), `\noutput "canary" {\n  value     = "${CANARY}"\n  sensitive = true\n}\n`)
  const template = readFileSync(join(root, TEMPLATE), 'utf8')
  const withCanary = template.replace(/^apiVersion: kops\/v1alpha2$/m, '# canary: <%= it.canary %>\n$&')
  t.not(withCanary, template, 'the template uses the canary')
  writeFileSync(join(root, TEMPLATE), withCanary)

  const printed: string[] = []
  const run = async (...argv: string[]) => {
    const r = await runCli(root, [...argv, '--cluster', 'demo'], { env: { PATH: process.env.PATH }, ports: { tools } })
    printed.push(r.stdout, r.stderr)
    return { ...r, doc: argv.includes('--json') ? JSON.parse(r.stdout) : undefined }
  }
  const stages = (r: { doc?: { clusters: { stages: { name: string; status: string; reason: string }[] }[] } }) =>
    r.doc?.clusters[0].stages.map((s) => `${s.name}:${s.status}:${s.reason}`) ?? []

  const online = await run('cluster-update', '--yes', '--json', '--summary-md', 'summary.md')
  t.equal(online.code, 0, online.stderr)
  const manifest = join(root, 'clusters/demo/cluster.yml')
  // By design: the template renders the value, so the rendered manifest holds it.
  t.match(readFileSync(manifest, 'utf8'), `\n# canary: ${CANARY}\napiVersion: kops/v1alpha2\n`, 'cluster.yml holds what the template rendered')
  t.equal(statSync(join(root, '.tasks/secret.key')).mode & 0o777, 0o600, 'the digest key is readable by its owner only')

  // Offline with nothing changed: the render is served from its record (the digest matches).
  const same = await run('cluster-update', '--offline', '--json')
  t.equal(same.code, 0, same.stderr)
  t.same(stages(same).filter((s) => /^(outputs|render):/.test(s)).map((s) => s.replace(/result of .*/, 'result of …')), ['outputs:cached:offline: served from the result of …', 'render:cached:cached'])

  // Offline after a template change: the render needs the value, which was never recorded.
  writeFileSync(join(root, TEMPLATE), withCanary.replace('# canary:', '# the canary:'))
  const reason = 'cannot run offline: output "canary" is sensitive and not recorded (only a digest is); run once without --offline'
  for (const from of ['cache record', 'committed outputs.json']) {
    if (from === 'committed outputs.json') rmSync(join(root, '.tasks/cache/demo/outputs.json'))
    const offline = await run('cluster-update', '--offline', '--json')
    t.equal(offline.code, 1, `${from}: the run fails`)
    t.same(stages(offline).find((s) => s.startsWith('render:')), `render:failed:${reason}`, `${from}: render fails with one clear message`)
    t.match(offline.stderr, `✖ demo: render failed: ${reason}\n`, `${from}: the message is shown`)
    t.match(readFileSync(manifest, 'utf8'), `# canary: ${CANARY}\n`, `${from}: cluster.yml is left as the online run wrote it`)
  }
  // Online again: the new template renders.
  const back = await run('cluster-update', '--yes', '--json', '--summary-md', 'summary.md')
  t.equal(back.code, 0, back.stderr)
  t.match(readFileSync(manifest, 'utf8'), `# the canary: ${CANARY}\n`)

  t.same(printed.filter((text) => text.includes(CANARY)), [], 'nothing printed holds it')
  const written = [join(root, 'summary.md'), ...files(join(root, 'clusters')), ...files(join(root, '.tasks')).filter((f) => !f.startsWith(sandbox))]
  t.ok(written.some((f) => f.endsWith('.tasks/cache/demo/render.json')) && written.some((f) => f.endsWith('.tasks/logs/demo/render.log')), 'records and logs were written')
  t.same(
    written.filter((f) => readFileSync(f, 'utf8').includes(CANARY)).map((f) => f.slice(root.length + 1)).sort(),
    ['.tasks/work/demo/1-prerequisites/outputs.tf', 'clusters/demo/cluster.yml'],
    'only the rendered manifest (and the layer\'s working copy of where it was planted) holds it',
  )
})

// A canary secret: a sensitive output of 1-prerequisites must not reach anything tasks writes —
// stdout, stderr, logs, cache records, recorded outputs, the JSON and Markdown summaries.
import t from 'tap'
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

const CANARY = 'c4n4ry-5ecret-7f3a9e'

/** Every file under a directory (the sandbox's own state excluded: it plays the remote side). */
function files(dir: string, skip: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (path === skip || name === 'node_modules' || name === 'modules' || name === 'scripts') return []
    return statSync(path).isDirectory() ? files(path, skip) : [path]
  })
}

t.test('a sensitive output never reaches what tasks writes', async (t) => {
  const root = repoCopy()
  const sandbox = join(root, '.tasks', 'sandbox')
  // The simulators run in this process (test/helpers/sim-tools.ts); what they print reaches tasks as a process's output would.
  const tools = simulatedTools(sandbox)
  appendFileSync(join(root, '1-prerequisites/outputs.tf'), `\noutput "canary" {\n  value     = "${CANARY}"\n  sensitive = true\n}\n`)
  const printed: string[] = []
  const run = async (...argv: string[]) => {
    const r = await runCli(root, [...argv, '--cluster', 'demo'], { env: { PATH: process.env.PATH }, ports: { tools } })
    printed.push(r.stdout, r.stderr)
    return r
  }
  t.equal((await run('cluster-update', '--yes', '--json', '--summary-md', 'summary.md')).code, 0)
  t.equal((await run('plan', '--json', '--renderer', 'verbose')).code, 0)
  t.equal((await run('explain', 'plan')).code, 0)
  t.equal((await run('cluster-update', '--offline', '--json')).code, 0)
  const outputs = JSON.parse(readFileSync(join(root, 'clusters/demo/outputs.json'), 'utf8'))
  t.same(outputs.canary, { sensitive: true, type: 'string', value: '(sensitive)' }, 'recorded redacted')
  t.same(printed.filter((text) => text.includes(CANARY)), [], 'nothing printed holds it')
  const written = files(root, sandbox)
  t.ok(written.some((f) => f.endsWith('.tasks/cache/demo/outputs.json')) && written.some((f) => f.endsWith('.tasks/logs/demo/outputs.log')), 'records and logs were written')
  t.same(written.filter((f) => readFileSync(f, 'utf8').includes(CANARY)).map((f) => f.slice(root.length + 1)).sort(), ['.tasks/work/demo/1-prerequisites/outputs.tf', '1-prerequisites/outputs.tf'].sort(), 'only where it was planted (and the layer\'s working copy)')
})

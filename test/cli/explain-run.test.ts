// explain and the run it explains agree, stage by stage, on the demo with the simulators: after
// nothing changed, after a hand edit or deletion of the rendered cluster.yml (render makes it
// again, so nothing after it has anything to do), and after a template edit (it changes).
import t from 'tap'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { repoCopy, withEnv } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(120_000)

type Doc = { clusters: { stages: { name: string; status: string }[] }[] }
const VERB: Record<string, string> = { ran: 'run', cached: 'skip', skipped: 'skip', failed: 'fail' }

t.test('explain says what cluster-update --yes then does', async (t) => {
  const root = repoCopy()
  const env = { PATH: process.env.PATH, TASKS_SANDBOX_DIR: join(root, '.tasks', 'sandbox') }
  withEnv(t, { TASKS_SANDBOX_DIR: env.TASKS_SANDBOX_DIR })
  const tools = simulatedTools(env.TASKS_SANDBOX_DIR)
  const cli = (...argv: string[]) => runCli(root, [...argv, '--cluster', 'demo'], { env, ports: { tools } })
  const run = async (): Promise<string[]> => {
    const r = await cli('cluster-update', '--yes', '--json')
    t.equal(r.code, 0, r.stderr)
    return (JSON.parse(r.stdout) as Doc).clusters[0].stages.map((s) => `${s.name} ${VERB[s.status] ?? s.status}`)
  }
  const explain = async (): Promise<string[]> => {
    const r = await cli('explain', 'cluster-update')
    t.equal(r.code, 0, r.stderr)
    return r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))
  }
  const agree = async (what: string, expected: string[]): Promise<void> => {
    const said = await explain()
    const did = await run()
    t.same(said, expected, `${what}: explain`)
    t.same(did, expected, `${what}: the run`)
  }
  // Twice: the second run records what the state store holds after the first pushed the spec.
  await run()
  await run()
  const yml = join(root, 'clusters/demo/cluster.yml')
  const reads = ['prereq-dir skip', 'prereq-init skip', 'outputs run']
  const rest = ['kops-spec run', 'kops-replace skip', 'ssh-key skip']

  await agree('unchanged', [...reads, 'render skip', ...rest, 'kops-tf skip'])

  writeFileSync(yml, readFileSync(yml, 'utf8').replace('kubernetesVersion:', '# by hand\nkubernetesVersion:'))
  await agree('cluster.yml edited by hand', [...reads, 'render run', ...rest, 'kops-tf skip'])

  rmSync(yml)
  await agree('cluster.yml deleted', [...reads, 'render run', ...rest, 'kops-tf skip'])

  const template = join(root, '2-kops/cluster-template.yml.eta')
  writeFileSync(template, `${readFileSync(template, 'utf8')}# edited\n`)
  await agree('template edited', [...reads, 'render run', ...rest, 'kops-tf run'])
})

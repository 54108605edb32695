// A batch on the sandbox: three clusters made from the demo, updated concurrently, then one
// kops command over all of them with each cluster's answer under its name.
import t from 'tap'
import { join } from 'node:path'
import { zxRunner } from '../../modules/exec/zx-runner.ts'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy, withEnv } from '../helpers/repo-copy.ts'

t.setTimeout(300_000)

t.test('cluster-update --all, then kops-cmd over every cluster', async (t) => {
  const root = repoCopy()
  withEnv(t, { TASKS_SANDBOX_DIR: join(root, '.tasks', 'sandbox') })
  for (const name of ['blue', 'green']) cloneDemo(root, name)
  const run = (...argv: string[]) => runCli(root, argv, { env: { PATH: process.env.PATH }, ports: { tools: zxRunner } })
  const update = await run('cluster-update', '--all', '--json', '--yes')
  t.equal(update.code, 0, update.stderr)
  t.same(JSON.parse(update.stdout).clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['blue:ok', 'demo:ok', 'green:ok'])
  t.match(update.stderr, /\nCLUSTER +RESULT +prereq-dir +prereq-init +outputs +render +kops-spec +kops-replace +ssh-key +kops-tf +TIME\nblue +ok +ran /, 'the summary table')
  const cmd = await run('kops-cmd', '--all', '--renderer', 'silent', '--', 'get', 'ig')
  t.equal(cmd.code, 0)
  const header = 'NAME\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tZONES\nmaster-us-east-1a\tControlPlane\tt3.medium\t1\t1\tus-east-1a\nnodes\t\t\tNode\t\tt3.medium\t1\t3\tus-east-1a,us-east-1b\n'
  t.equal(cmd.stdout, `== blue ==\n${header}== demo ==\n${header}== green ==\n${header}`, "each cluster's output under its name")
  const one = await run('cluster-get', '--cluster', 'green', '--renderer', 'silent')
  t.match(one.stdout, /^Cluster\nNAME\t+CLOUD\t+ZONES\ngreen\.k8s\.local\taws\t/, 'one cluster: its output alone')
})

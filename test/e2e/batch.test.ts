// A batch on the sandbox: three clusters made from the demo, updated concurrently, then one
// kops command over all of them with each cluster's answer under its name.
import t from 'tap'
import { join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

t.test('cluster-update --all, then kops-cmd over every cluster', async (t) => {
  const root = repoCopy()
  // The simulators in this process (test/helpers/sim-tools.ts): no process per tool call.
  const tools = simulatedTools(join(root, '.tasks', 'sandbox'))
  for (const name of ['blue', 'green']) cloneDemo(root, name)
  const run = (...argv: string[]) => runCli(root, argv, { env: { PATH: process.env.PATH }, ports: { tools } })
  const update = await run('cluster-update', '--all', '--json', '--yes')
  t.equal(update.code, 0, update.stderr)
  t.same(JSON.parse(update.stdout).clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['blue:ok', 'demo:ok', 'green:ok'])
  t.match(update.stderr, /\nCLUSTER +RESULT +prereq-dir +prereq-init +outputs +render +kops-spec +kops-replace +ssh-key +kops-tf +TIME\nblue +ok +ran /, 'the summary table')
  t.match(update.stderr, /\nblue: kops-tf: clusters\/blue\/kubernetes\.tf\ndemo: kops-tf: clusters\/demo\/kubernetes\.tf\ngreen: kops-tf: clusters\/green\/kubernetes\.tf\n3 clusters: 3 ok, 0 failed\n$/, 'where each cluster\'s kubernetes.tf is')
  const cmd = await run('kops-cmd', '--all', '--renderer', 'silent', '--', 'get', 'ig')
  t.equal(cmd.code, 0)
  const header = 'NAME\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tZONES\nmaster-us-east-1a\tControlPlane\tt3.medium\t1\t1\tus-east-1a\nnodes\t\t\tNode\t\tt3.medium\t1\t3\tus-east-1a,us-east-1b\n'
  t.equal(cmd.stdout, `== blue ==\n${header}== demo ==\n${header}== green ==\n${header}`, "each cluster's output under its name")
  const one = await run('cluster-get', '--cluster', 'green', '--renderer', 'silent')
  t.match(one.stdout, /^Cluster\nNAME\t+CLOUD\t+ZONES\ngreen\.k8s\.local\taws\t/, 'one cluster: its output alone')
})

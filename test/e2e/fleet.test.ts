// Ten sandbox clusters: a fault injected into one cluster's kops update shows both failure
// policies, and the run's summary in its three forms.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/project.ts'
import { cloneDemo, repoCopy } from '../helpers/repo-copy.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(600_000)

const NAMES = Array.from({ length: 10 }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`)

t.test('a fleet of ten: failure policies and the summary', async (t) => {
  const root = repoCopy()
  // The simulators in this process (test/helpers/sim-tools.ts), the fault injected with their own rules.
  const tools = simulatedTools(join(root, '.tasks', 'sandbox'), 'kops update@fleet-02=1:Error: injected: the AWS API said no')
  for (const name of NAMES) cloneDemo(root, name)
  const run = (...argv: string[]) => runCli(root, ['cluster-update', '--cluster', 'fleet-*', '--json', '--yes', ...argv], { env: { PATH: process.env.PATH }, ports: { tools } })
  const status = (stdout: string) => (JSON.parse(stdout) as { clusters: { name: string; status: string }[] }).clusters.map((c) => `${c.name}:${c.status}`)

  // Default: clusters already running finish, no new one starts.
  const stop = await run('--concurrency', '2')
  t.equal(stop.code, 1)
  const first = status(stop.stdout)
  t.same(first.slice(0, 2), ['fleet-01:ok', 'fleet-02:failed'], 'the one running beside it finished')
  // fleet-03 starts when fleet-01 is done, which may be just before or just after fleet-02 fails.
  t.ok(['fleet-03:ok', 'fleet-03:not-run'].includes(first[2]), first[2])
  t.same(first.slice(3), NAMES.slice(3).map((n) => `${n}:not-run`), 'none started after the failure')
  t.match(stop.stderr, /✖ fleet-02: kops-tf failed: kops exited with code 1\n {2}│ \$ kops update cluster [^\n]*\n {2}│ Error: injected: the AWS API said no\n {2}full log: \.tasks\/logs\/fleet-02\/kops-tf\.log\n/)

  // --keep-going: every cluster it can; the Markdown summary for the pull request.
  const going = await run('--concurrency', '4', '--keep-going', '--summary-md', 'summary.md')
  t.equal(going.code, 1)
  t.same(status(going.stdout), NAMES.map((n) => `${n}:${n === 'fleet-02' ? 'failed' : 'ok'}`))
  const md = readFileSync(join(root, 'summary.md'), 'utf8')
  t.match(md, /\n\| fleet-02 \| failed \| cached \| cached \| ran [\d.]+m?s \| cached \| ran [\d.]+m?s \| skipped \| cached \| FAILED [\d.]+m?s \| [\d.]+m?s \|\n/)
  t.match(md, /\n\| fleet-10 \| ok \| ran [\d.]+m?s \| ran [\d.]+m?s \| ran /)
  t.match(going.stderr, /\nCLUSTER +RESULT +prereq-dir +prereq-init +outputs +render +kops-spec +kops-replace +ssh-key +kops-tf +TIME\nfleet-01 +ok +cached +cached +ran /, 'the terminal table')

  // The fault fixed, the failed cluster resumes at its failed stage.
  tools.fail = ''
  const again = await runCli(root, ['cluster-update', '--cluster', 'fleet-02', '--json', '--yes'], { env: { PATH: process.env.PATH }, ports: { tools } })
  t.same((JSON.parse(again.stdout) as { clusters: { stages: { name: string; status: string }[] }[] }).clusters[0].stages.map((s) => `${s.name}:${s.status}`),
    ['prereq-dir:cached', 'prereq-init:cached', 'outputs:ran', 'render:cached', 'kops-spec:ran', 'kops-replace:skipped', 'ssh-key:cached', 'kops-tf:ran'])
})

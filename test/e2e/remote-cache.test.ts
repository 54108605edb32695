// Cache records shared in S3 (README "Past one machine"): a run shares its records in a real
// S3-compatible server (s3rver on loopback); a fresh checkout of the same clusters, against the same
// remote state, restores them and redoes no write stage; `explain` then says whose work it was;
// a dead or misconfigured remote is one warning and a run as without it; --no-remote-cache is off.
import t from 'tap'
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Command } from '../../modules/graph/mod.ts'
import { recordingReporter, runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'
import { S3RVER_CREDENTIALS, startS3Server } from '../helpers/s3-server.ts'
import { simulatedTools } from '../helpers/sim-tools.ts'

t.setTimeout(300_000)

type Json = { clusters: { name: string; status: string; stages: { name: string; status: string; reason: string }[] }[]; exitCode: number; run?: string }

/** The commands that change something remote: the writes a second runner must not redo. */
const WRITES = /^(kops (replace|create|delete|update cluster)|terraform apply|terraform destroy)/
const words = (c: Command): string => [basename(c.tool), ...c.args.filter((a) => !a.startsWith('-'))].join(' ')

t.test('a fresh checkout with the same remote cache redoes no write stage', async (t) => {
  const s3 = await startS3Server(t, { bucket: 'tasks-cache' })
  const env = { ...S3RVER_CREDENTIALS, AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: 'us-east-1', TASKS_REMOTE_CACHE: 's3://tasks-cache/ci', PATH: process.env.PATH ?? '' }
  const first = repoCopy()
  // The simulated AWS both runners talk to: one account, one state store, one cloud.
  const aws = join(first, '.tasks/sandbox')
  const sim = simulatedTools(aws)
  const one = await runCli(first, ['apply', '--cluster', 'demo', '--yes', '--json'], { env, ports: { tools: sim } })
  t.equal(one.code, 0, one.stderr)
  t.ok(sim.calls.some((c) => WRITES.test(words(c))), 'the first runner made the changes')
  const shared = readdirSync(join(s3.directory, 'tasks-cache'), { recursive: true }).map(String)
  const keys = shared.filter((p) => p.endsWith('.json') && p.startsWith(join('ci', 'demo'))).map((p) => p.split('/').slice(2, 3)[0]).sort()
  // Not the reads, nor what lives under .tasks/ (a Terraform working directory is one machine's).
  t.same([...new Set(keys)], ['apply', 'kops-replace', 'kops-tf', 'render', 'ssh-key'], 'one record per pure and write stage that means something elsewhere')
  t.notMatch(readFileSync(join(s3.directory, 'tasks-cache', shared.find((p) => p.includes('kops-tf') && p.endsWith('.json'))!), 'utf8'), /BEGIN|PRIVATE/, 'no secret in a shared record')

  // A second runner: a fresh checkout (the committed files, no .tasks/), the same remote state.
  const second = repoCopy()
  cpSync(aws, join(second, '.tasks/sandbox'), { recursive: true })
  const sim2 = simulatedTools(join(second, '.tasks/sandbox'))
  const two = await runCli(second, ['apply', '--cluster', 'demo', '--yes', '--json'], { env, ports: { tools: sim2 } })
  t.equal(two.code, 0, two.stderr)
  t.same(sim2.calls.map(words).filter((c) => WRITES.test(c)), [], 'no write stage ran again')
  const stages = (JSON.parse(two.stdout) as Json).clusters[0].stages
  const restored = stages.filter((s) => s.reason.startsWith('restored from the remote cache: run ')).map((s) => s.name)
  t.same(restored, ['render', 'ssh-key', 'kops-tf'], 'restored: the pure and write stages whose files a checkout holds')
  t.match(stages.find((s) => s.name === 'kops-tf')!.reason, new RegExp(`^restored from the remote cache: run ${(JSON.parse(one.stdout) as Json).run!.replace('.', '\\.')} on `))
  // Local preparation runs on every machine: a Terraform working directory is not in the checkout.
  t.same(stages.filter((s) => ['prereq-init', 'kops-init'].includes(s.name)).map((s) => s.status), ['ran', 'ran'])

  // explain, after: the restored records say whose work they were.
  const explain = await runCli(second, ['explain', 'apply', '--cluster', 'demo'], { env, ports: { tools: sim2 } })
  t.match(explain.stdout, /\n +kops-tf +skip +up to date: last succeeded with these inputs \(from the remote cache: run [\d.-]+ on [^)]+\)/)
})

t.test('a dead or misconfigured remote is one warning, and the run goes on as without it', async (t) => {
  const root = repoCopy()
  const sim = simulatedTools(join(root, '.tasks/sandbox'))
  // Nothing listens on port 9 of the loopback: every request is refused at once.
  const dead = { ...S3RVER_CREDENTIALS, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', TASKS_REMOTE_CACHE: 's3://tasks-cache/ci', PATH: process.env.PATH ?? '' }
  // Warnings reach the progress display (on stderr in a real run): recorded here.
  const reporter = recordingReporter()
  const r = await runCli(root, ['cluster-update', '--cluster', 'demo', '--yes', '--json'], { env: dead, ports: { tools: sim, reporter } })
  t.equal(r.code, 0, r.stderr)
  const warnings = reporter.events.flatMap((e) => (e.type === 'warning' ? [e.message] : []))
  t.same(warnings.map((w) => w.replace(/ \(.*\): /, ' (…): ')), ['remote cache s3://tasks-cache/ci unavailable (…): going on without it'], warnings.join('\n'))
  // …and the --json document keeps it, for CI scripts that read only stdout.
  const doc = JSON.parse(r.stdout) as { exitCode: number; warnings?: string[] }
  t.same([doc.exitCode, doc.warnings], [0, warnings])
  // --no-remote-cache: not even tried.
  const quiet = recordingReporter()
  const off = await runCli(root, ['cluster-update', '--cluster', 'demo', '--yes', '--force=render', '--no-remote-cache'], { env: dead, ports: { tools: sim, reporter: quiet } })
  t.equal(off.code, 0)
  t.same(quiet.events.filter((e) => e.type === 'warning'), [], 'not tried')
  // Not an s3:// address: a usage error before anything runs.
  const bad = await runCli(root, ['cluster-update', '--cluster', 'demo', '--yes'], { env: { ...dead, TASKS_REMOTE_CACHE: 'https://bucket/x' }, ports: { tools: sim } })
  t.equal(bad.code, 2)
  t.match(bad.stderr, /TASKS_REMOTE_CACHE/)
})

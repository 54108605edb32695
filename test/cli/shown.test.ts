// What the workflow's answers look like for people (modules/workflow/shown.ts, results.ts): the
// cluster-validate verdict and tables, the tool versions, a plan's summary line.
import t from 'tap'
import type { RunContext } from '../../modules/graph/mod.ts'
import { resultOf } from '../helpers/stage-result.ts'
import { clusterValidation, planSummaryLine, readValidation, toolVersions, validationReport, validationText, versionsReport, type PlanResult } from '../../modules/workflow/mod.ts'

// `kops validate cluster -o json`: compact, no trailing newline (cli-contracts.md §2.7).
const HEALTHY = '{"nodes":[{"name":"i-08375f795dadfbec3","zone":"us-east-1a","role":"control-plane","hostname":"i-08375f795dadfbec3.ec2.internal","status":"True"},{"name":"i-77a6dabe054464e04","zone":"us-east-1a","role":"node","hostname":"i-77a6dabe054464e04.ec2.internal","status":"True"}]}'
const FAILING = '{"failures":[{"type":"Machine","name":"i-0fedcba9876543210","message":"machine \\"i-0fedcba9876543210\\" has not yet joined cluster"},{"type":"InstanceGroup","name":"nodes","message":"InstanceGroup \\"nodes\\" did not have enough nodes 1 vs 2"}],"nodes":[{"name":"i-0123456789abcdef0","zone":"us-east-1a","role":"control-plane","hostname":"i-0123456789abcdef0","status":"True"},{"name":"i-0fedcba9876543210","zone":"us-east-1a","role":"node","hostname":"i-0fedcba9876543210","status":"False"}]}'

const out = (stdout: string, exitCode = 0) => ({ exitCode, stdout, stderr: exitCode ? 'Error: Validation failed: cluster not yet healthy\n' : '' })

/** A run context that keeps the lines the stage logs. */
function logged(): { ctx: RunContext<unknown>; lines: string[] } {
  const lines: string[] = []
  return { ctx: { log: (line: string) => void lines.push(line) } as unknown as RunContext<unknown>, lines }
}

t.test('cluster-validate, healthy: a verdict, the nodes, a newline at the end; the raw values as data', async (t) => {
  const { ctx, lines } = logged()
  const result = resultOf(clusterValidation(ctx, readValidation(out(HEALTHY), false), 'demo.k8s.local'))
  const text = [
    'Cluster demo.k8s.local is ready: 2 of 2 nodes ready (control-plane 1/1, node 1/1).',
    '',
    'NODE                 ROLE           READY',
    'i-08375f795dadfbec3  control-plane  True',
    'i-77a6dabe054464e04  node           True',
    '',
  ].join('\n')
  t.equal(validationText(result), text)
  t.same(lines, ['', ...text.trimEnd().split('\n')], 'the log ends kops\'s JSON line, then holds the verdict')
  t.same(validationReport(result), {
    note: '',
    data: {
      cluster: 'demo.k8s.local', ready: true, failures: [], shown: text,
      nodes: [{ name: 'i-08375f795dadfbec3', role: 'control-plane', status: 'True' }, { name: 'i-77a6dabe054464e04', role: 'node', status: 'True' }],
    },
  })
})

t.test('cluster-validate, not healthy: the failures listed in the log, the stage fails', async (t) => {
  const { ctx, lines } = logged()
  t.throws(() => resultOf(clusterValidation(ctx, readValidation(out(FAILING, 1), false), 'prod.example.com')), {
    message: 'not healthy: Machine i-0fedcba9876543210: machine "i-0fedcba9876543210" has not yet joined cluster; InstanceGroup nodes: InstanceGroup "nodes" did not have enough nodes 1 vs 2',
  })
  t.same(lines, [
    '',
    'Cluster prod.example.com is not ready: 1 of 2 nodes ready (control-plane 1/1, node 0/1), 2 validation failures.',
    '',
    'NODE                 ROLE           READY',
    'i-0123456789abcdef0  control-plane  True',
    'i-0fedcba9876543210  node           False',
    '',
    'KIND           NAME                 MESSAGE',
    'Machine        i-0fedcba9876543210  machine "i-0fedcba9876543210" has not yet joined cluster',
    'InstanceGroup  nodes                InstanceGroup "nodes" did not have enough nodes 1 vs 2',
  ])
  t.equal(validationText({ cluster: 'x', ready: true, nodes: [], failures: [] }), 'Cluster x is ready: 0 of 0 nodes ready.\n', 'no nodes: the verdict alone')
})

t.test('cluster-validate, no JSON: the same errors as before', async (t) => {
  t.throws(() => resultOf(readValidation(out('', 1), false)), { message: 'kops validate cluster exited with code 1 and printed nothing on stdout' })
  t.throws(() => resultOf(readValidation(out('', 1))), { message: 'kops validate cluster exited with code 1 and printed nothing on stdout; it said: Error: Validation failed: cluster not yet healthy' })
  t.throws(() => resultOf(readValidation(out('Validating cluster x\n'))), { message: 'kops validate cluster -o json did not print JSON (its output starts with "Validating cluster x")' })
})

t.test('version: one tool per line for people, the versions as data', async (t) => {
  const tf = '{\n  "terraform_version": "1.11.4",\n  "platform": "linux_amd64",\n  "provider_selections": {},\n  "terraform_outdated": false\n}\n'
  const versions = resultOf(toolVersions([out(tf), out('1.28.4\n')]))
  t.same(versions, { terraform: '1.11.4', kops: '1.28.4' })
  t.same(versionsReport(versions), { note: '', data: { terraform: '1.11.4', kops: '1.28.4', shown: 'terraform 1.11.4\nkops 1.28.4\n' } })
  t.throws(() => resultOf(toolVersions([out('Terraform v1.11.4\n'), out('1.28.4\n')])), { message: /^terraform version -json/ })
  t.throws(() => resultOf(toolVersions([out(tf), out('')])), { message: /^kops version printed no version/ })
})

t.test("a plan's summary line, as Terraform words it", async (t) => {
  const plan = (p: Partial<PlanResult>): PlanResult => ({
    add: 0, change: 0, destroy: 0, import: 0, replace: [], deletions: [], outputChanges: [], resourceChanges: [], applyable: false, changes: false, planId: 'x', ...p,
  })
  const rc = { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', actions: ['create'] }
  t.equal(planSummaryLine(plan({})), 'No changes.')
  t.equal(planSummaryLine(plan({ changes: true, add: 1, resourceChanges: [rc] })), 'Plan: 1 to add, 0 to change, 0 to destroy.')
  t.equal(planSummaryLine(plan({ changes: true, import: 2, change: 1, resourceChanges: [rc] })), 'Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.')
  t.equal(planSummaryLine(plan({ changes: true, outputChanges: ['cluster_name', 'zone_id'] })), 'Changes to Outputs: cluster_name, zone_id.')
})

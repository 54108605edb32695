// The simulators' call log (TASKS_SANDBOX_CALL_LOG): one JSON line per call, written before the
// latency, a hang or an injected failure, with the call's arguments, directory and environment.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCallLog } from '../common/call-log.ts'
import { withFaults } from '../common/faults.ts'

function logFile(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-call-log-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'calls.jsonl')
}

t.test('each call is one line, in order, failed calls included', async (t) => {
  const file = logFile(t)
  const env = { TASKS_SANDBOX_CALL_LOG: file, TASKS_CLUSTER: 'c1', TASKS_SANDBOX_FAIL: 'kops update', UNSET: undefined }
  const errors: string[] = []
  const io = (argv: string[]) => ({ argv, cwd: '/work/c1', env, stderr: (s: string) => void errors.push(s) })
  t.equal(await withFaults('terraform', io(['-chdir=/w', 'output', '-json']), async () => 0), 0)
  t.equal(await withFaults('kops', io(['update', 'cluster', '--name=c1.k8s.local']), async () => 0), 1)
  t.same(errors, ['Error: injected failure (kops update)\n'])
  const expectedEnv = { TASKS_SANDBOX_CALL_LOG: file, TASKS_CLUSTER: 'c1', TASKS_SANDBOX_FAIL: 'kops update' }
  t.same(parseCallLog(readFileSync(file, 'utf8')), [
    { tool: 'terraform', argv: ['-chdir=/w', 'output', '-json'], cwd: '/work/c1', env: expectedEnv },
    { tool: 'kops', argv: ['update', 'cluster', '--name=c1.k8s.local'], cwd: '/work/c1', env: expectedEnv },
  ])
})

t.test('without the variable nothing is written', async (t) => {
  const file = logFile(t)
  t.equal(await withFaults('kops', { argv: ['version'], cwd: '/', env: {}, stderr: () => {} }, async () => 0), 0)
  t.throws(() => readFileSync(file), { code: 'ENOENT' })
})

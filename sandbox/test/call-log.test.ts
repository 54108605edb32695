// The simulators' call log (TASKS_SANDBOX_CALL_LOG): one JSON line per call, written before the
// latency, a hang or an injected failure, with the call's arguments, directory and environment;
// and the call times (TASKS_SANDBOX_CALL_TIMES): one JSON line per call that ended, however it ended.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callClock, parseCallLog, parseCallTimes, type CallTime } from '../common/call-log.ts'
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

/** A call time without its clock readings (asserted apart: they are not known in advance). */
const untimed = ({ startedAt: _s, endedAt: _e, ...rest }: CallTime) => rest

t.test('each call that ends is one call-times line, with the clock around it', async (t) => {
  const file = logFile(t)
  const env = { TASKS_SANDBOX_CALL_TIMES: file, TASKS_SANDBOX_FAIL: 'kops update' }
  const io = (argv: string[], extra: Record<string, string> = {}) => ({ argv, cwd: '/w', env: { ...env, ...extra }, stderr: () => {} })
  let during = 0
  const run = async () => ((during = callClock()), 3)
  t.equal(await withFaults('kops', io(['rolling-update', 'cluster', '--name', 'wave-b.example.com', '--yes']), run), 3)
  const [first] = parseCallTimes(readFileSync(file, 'utf8'))
  t.ok(first.startedAt <= during && during <= first.endedAt, 'started before the run, ended after it')
  t.equal(await withFaults('kops', io(['update', 'cluster'], { TASKS_CLUSTER: 'demo' }), run), 1, 'an injected fault')
  await t.rejects(withFaults('terraform', io(['apply']), async () => { throw new Error('bug') }), { message: 'bug' })
  const times = parseCallTimes(readFileSync(file, 'utf8'))
  t.same(times.map(untimed), [
    { tool: 'kops', argv: ['rolling-update', 'cluster', '--name', 'wave-b.example.com', '--yes'], cluster: 'wave-b', exitCode: 3 },
    { tool: 'kops', argv: ['update', 'cluster'], cluster: 'demo', exitCode: 1 },
    { tool: 'terraform', argv: ['apply'], cluster: null, exitCode: null },
  ])
  t.same(times.map((c) => Object.keys(c)), Array(3).fill(['tool', 'argv', 'cluster', 'startedAt', 'endedAt', 'exitCode']))
  t.same(times.map((c) => c.startedAt <= c.endedAt && c.startedAt > 1.6e12), [true, true, true], 'epoch milliseconds, in order')
})

t.test('without TASKS_SANDBOX_CALL_TIMES no call-times file is written', async (t) => {
  const file = logFile(t)
  t.equal(await withFaults('kops', { argv: ['version'], cwd: '/', env: { TASKS_SANDBOX_FAIL: 'kops version=2' }, stderr: () => {} }, async () => 0), 2)
  t.throws(() => readFileSync(file), { code: 'ENOENT' })
})

t.test('parseCallTimes reads the lines back, blank lines skipped', async (t) => {
  const line = { tool: 'kops', argv: ['validate', 'cluster'], cluster: 'demo', startedAt: 1.5, endedAt: 2.25, exitCode: 0 }
  t.same(parseCallTimes(`${JSON.stringify(line)}\n\n${JSON.stringify({ ...line, cluster: null, exitCode: null })}\n`), [line, { ...line, cluster: null, exitCode: null }])
  t.same(parseCallTimes(''), [])
})

import t from 'tap'
import type { Reporter, RunEvent } from '../../modules/exec/mod.ts'

// listr2 (through colorette) decides on colour once, when it is imported: force it on so the tests
// see that `color: false` strips it, then load the reporter.
delete process.env.NO_COLOR
process.env.FORCE_COLOR = '1'
const { formatDuration, listrReporter } = await import('../../modules/report/mod.ts')

/** An in-memory output stream; `until` resolves once the text contains a needle (no timers). */
function captured(isTTY = false) {
  let text = ''
  const waiting: { needle: string; resolve: () => void }[] = []
  const stream = {
    isTTY,
    columns: 80,
    rows: 24,
    write(chunk: string | Uint8Array): boolean {
      text += String(chunk)
      for (const w of waiting.filter((w) => text.includes(w.needle))) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve()
      }
      return true
    },
  }
  return {
    stream: stream as unknown as NodeJS.WritableStream,
    text: () => text,
    until: (needle: string) => new Promise<void>((resolve) => (text.includes(needle) ? resolve() : waiting.push({ needle, resolve }))),
  }
}

// Two clusters running side by side: alpha plans, is cached, fails and leaves a stage unreached;
// beta runs both its stages.
const alphaUntilFailure: RunEvent[] = [
  { type: 'warning', message: 'terraform 1.9 is older than the pinned 1.10' },
  { type: 'cluster-start', cluster: 'alpha', stages: ['plan', 'render', 'apply', 'verify'] },
  { type: 'stage-start', cluster: 'alpha', stage: 'plan' },
  { type: 'cluster-start', cluster: 'beta', stages: ['plan', 'apply'] },
  { type: 'stage-output', cluster: 'alpha', stage: 'plan', text: 'Plan: 3 to add\n\nPlan: 0 ' },
  { type: 'stage-start', cluster: 'beta', stage: 'plan' },
  { type: 'stage-output', cluster: 'alpha', stage: 'plan', text: 'to destroy' },
  { type: 'stage-end', cluster: 'alpha', outcome: { name: 'plan', status: 'ran', durationMs: 1234, reason: 'inputs changed' } },
  { type: 'stage-end', cluster: 'alpha', outcome: { name: 'render', status: 'cached', durationMs: 0, reason: 'cached' } },
  { type: 'stage-end', cluster: 'beta', outcome: { name: 'plan', status: 'ran', durationMs: 850, reason: 'never ran' } },
  { type: 'stage-start', cluster: 'alpha', stage: 'apply' },
  { type: 'stage-output', cluster: 'beta', stage: 'apply', text: 'Apply comp' },
  { type: 'stage-output', cluster: 'beta', stage: 'apply', text: 'lete!\n' },
  { type: 'stage-end', cluster: 'alpha', outcome: { name: 'apply', status: 'failed', durationMs: 3000, reason: 'terraform exited with 1', logPath: '/tmp/apply.log', logTail: ['Error: boom'] } },
]
const theRest: RunEvent[] = [
  { type: 'stage-end', cluster: 'alpha', outcome: { name: 'verify', status: 'not-reached', durationMs: 0, reason: 'apply failed' } },
  { type: 'cluster-end', cluster: 'alpha', status: 'failed' },
  { type: 'stage-start', cluster: 'beta', stage: 'apply' },
  { type: 'stage-end', cluster: 'beta', outcome: { name: 'apply', status: 'ran', durationMs: 123_000, reason: 'needs changed' } },
  { type: 'cluster-end', cluster: 'beta', status: 'ok' },
]
const script = [...alphaUntilFailure, ...theRest]

const feed = (reporter: Reporter, events: RunEvent[]): void => events.forEach((e) => reporter.event(e))

t.test('formatDuration', async (t) => {
  const cases: [number, string][] = [
    [0, '0ms'], [-5, '0ms'], [Number.NaN, '0ms'], [7, '7ms'], [850, '850ms'], [999.4, '999ms'], [999.6, '1.0s'],
    [1000, '1.0s'], [1234, '1.2s'], [1250, '1.3s'], [59_940, '59.9s'], [59_960, '1m 00s'], [60_000, '1m 00s'],
    [123_000, '2m 03s'], [3_599_400, '59m 59s'], [3_723_000, '62m 03s'],
  ]
  for (const [ms, text] of cases) t.equal(formatDuration(ms), text, `${ms}ms`)
})

t.test('the test renderer logs listr events for interleaved clusters, and nothing on stdout', async (t) => {
  const stdout = t.capture(process.stdout, 'write', process.stdout.write)
  const out = captured()
  const reporter = listrReporter({ renderer: 'test', output: out.stream, color: false })
  feed(reporter, script)
  await reporter.close()
  t.same(stdout(), [], 'nothing written to process.stdout')
  const line = (event: string, data: unknown, title: string) => JSON.stringify({ event, data, task: { title, hasTitle: true } })
  t.equal(
    out.text(),
    [
      'warning: terraform 1.9 is older than the pinned 1.10',
      line('STATE', 'STARTED', 'alpha'),
      line('STATE', 'STARTED', 'plan'),
      line('TITLE', 'plan (1.2s)', 'plan (1.2s)'),
      line('STATE', 'STARTED', 'beta'),
      line('STATE', 'COMPLETED', 'plan (1.2s)'),
      line('STATE', 'STARTED', 'render'),
      line('STATE', 'STARTED', 'plan'),
      line('STATE', 'SKIPPED', 'render'),
      line('MESSAGE', { skip: 'cached' }, 'render'),
      line('TITLE', 'plan (850ms)', 'plan (850ms)'),
      line('STATE', 'COMPLETED', 'plan (850ms)'),
      line('STATE', 'STARTED', 'apply'),
      line('STATE', 'STARTED', 'apply'),
      line('TITLE', 'apply (2m 03s)', 'apply (2m 03s)'),
      line('STATE', 'FAILED', 'apply'),
      line('MESSAGE', { error: 'terraform exited with 1' }, 'apply'),
      line('STATE', 'COMPLETED', 'apply (2m 03s)'),
      line('STATE', 'STARTED', 'verify'),
      line('STATE', 'SKIPPED', 'verify'),
      line('MESSAGE', { skip: 'not reached: apply failed' }, 'verify'),
      line('STATE', 'COMPLETED', 'beta'),
      line('MESSAGE', { error: 'apply failed' }, 'alpha'),
      line('STATE', 'FAILED', 'alpha'),
      '',
    ].join('\n'),
  )
})

t.test('the simple renderer (no terminal): one line per change led by its cluster, reasons in brackets, output not forwarded', async (t) => {
  const out = captured()
  const reporter = listrReporter({ renderer: 'simple', output: out.stream, color: false })
  feed(reporter, script)
  await reporter.close()
  t.equal(
    out.text(),
    [
      'warning: terraform 1.9 is older than the pinned 1.10',
      '[alpha] ❯ alpha',
      '[alpha] ❯ plan',
      '[beta] ❯ beta',
      '[alpha] ✔ plan (1.2s)',
      '[alpha] ❯ render',
      '[beta] ❯ plan',
      '[alpha] ↓ render [SKIPPED: cached]',
      '[beta] ✔ plan (850ms)',
      '[alpha] ❯ apply',
      '[beta] ❯ apply',
      '[alpha] ✖ apply [FAILED: terraform exited with 1]',
      '[beta] ✔ apply (2m 03s)',
      '[alpha] ❯ verify',
      '[alpha] ↓ verify [SKIPPED: not reached: apply failed]',
      '[beta] ✔ beta',
      '[alpha] ✖ alpha [FAILED: apply failed]',
      '',
    ].join('\n'),
  )
  const lines = out.text().split('\n').filter((l) => l && !l.startsWith('warning: '))
  t.ok(lines.every((l) => /^\[(alpha|beta)\] /.test(l)), 'every progress line names its cluster')
  t.same(lines.filter((l) => l.startsWith('[beta] ')), ['[beta] ❯ beta', '[beta] ❯ plan', '[beta] ✔ plan (850ms)', '[beta] ❯ apply', '[beta] ✔ apply (2m 03s)', '[beta] ✔ beta'], 'one cluster\'s lines, grepped')
})

t.test('the simple renderer: an interrupted stage and cluster say so', async (t) => {
  const out = captured()
  const reporter = listrReporter({ renderer: 'simple', output: out.stream, color: false })
  feed(reporter, [
    { type: 'cluster-start', cluster: 'demo', stages: ['plan', 'apply'] },
    { type: 'stage-start', cluster: 'demo', stage: 'plan' },
    { type: 'stage-end', cluster: 'demo', outcome: { name: 'plan', status: 'failed', durationMs: 40, reason: 'interrupted' } },
    { type: 'stage-end', cluster: 'demo', outcome: { name: 'apply', status: 'not-reached', durationMs: 0, reason: 'interrupted' } },
    { type: 'cluster-end', cluster: 'demo', status: 'failed' },
  ])
  await reporter.close()
  t.equal(out.text(), [
    '[demo] ❯ demo',
    '[demo] ❯ plan',
    '[demo] ✖ plan [FAILED: interrupted]',
    '[demo] ❯ apply',
    '[demo] ↓ apply [SKIPPED: not reached: interrupted]',
    '[demo] ✖ demo [FAILED: interrupted]',
    '',
  ].join('\n'))
})

t.test('without a terminal the default renderer prints the tagged simple lines', async (t) => {
  const out = captured(false)
  const reporter = listrReporter({ renderer: 'default', output: out.stream, color: false })
  feed(reporter, [
    { type: 'cluster-start', cluster: 'demo-b', stages: ['outputs', 'render'] },
    { type: 'stage-start', cluster: 'demo-b', stage: 'outputs' },
    { type: 'stage-output', cluster: 'demo-b', stage: 'outputs', text: 'not forwarded\n' },
    { type: 'stage-end', cluster: 'demo-b', outcome: { name: 'outputs', status: 'ran', durationMs: 862, reason: 'reads live state' } },
    { type: 'stage-end', cluster: 'demo-b', outcome: { name: 'render', status: 'cached', durationMs: 0, reason: 'cached' } },
    { type: 'cluster-end', cluster: 'demo-b', status: 'ok' },
  ])
  await reporter.close()
  t.equal(out.text(), '[demo-b] ❯ demo-b\n[demo-b] ❯ outputs\n[demo-b] ✔ outputs (862ms)\n[demo-b] ❯ render\n[demo-b] ↓ render [SKIPPED: cached]\n[demo-b] ✔ demo-b\n')
})

t.test('the verbose renderer forwards stage output as whole lines, each line led by its cluster', async (t) => {
  const out = captured()
  const reporter = listrReporter({ renderer: 'verbose', output: out.stream, color: false })
  feed(reporter, script)
  await reporter.close()
  t.equal(
    out.text(),
    [
      'warning: terraform 1.9 is older than the pinned 1.10',
      '[alpha] [STARTED] alpha',
      '[alpha] [STARTED] plan',
      '[alpha] [OUTPUT] Plan: 3 to add',
      '[alpha]', // an empty line of output keeps its cluster
      '[alpha] [OUTPUT] Plan: 0 to destroy',
      '[beta] [STARTED] beta',
      '[alpha] [COMPLETED] plan (1.2s)',
      '[alpha] [STARTED] render',
      '[beta] [STARTED] plan',
      '[alpha] [SKIPPED] render: cached',
      '[beta] [COMPLETED] plan (850ms)',
      '[alpha] [STARTED] apply',
      '[beta] [STARTED] apply',
      '[beta] [OUTPUT] Apply complete!',
      '[alpha] [FAILED] apply: terraform exited with 1',
      '[beta] [COMPLETED] apply (2m 03s)',
      '[alpha] [STARTED] verify',
      '[alpha] [SKIPPED] verify: not reached: apply failed',
      '[beta] [COMPLETED] beta',
      '[alpha] [FAILED] alpha: apply failed',
      '',
    ].join('\n'),
  )
})

t.test('the default renderer draws on the output terminal and ends with the whole tree', async (t) => {
  const stdout = t.capture(process.stdout, 'write', process.stdout.write)
  const out = captured(true)
  const reporter = listrReporter({ renderer: 'default', output: out.stream, color: false })
  feed(reporter, alphaUntilFailure)
  // Once listr draws, a warning waits in its buffer and comes after the last frame.
  await out.until('apply [FAILED: terraform exited with 1]')
  reporter.event({ type: 'warning', message: 'state lock held for 2m' })
  feed(reporter, theRest)
  await reporter.close()
  t.same(stdout(), [], 'nothing written to process.stdout even though process.stdout is not a terminal')
  const text = out.text()
  t.notMatch(text, /\x1b\[[0-9;]*m/, 'no colour codes')
  t.ok(text.startsWith('warning: terraform 1.9 is older than the pinned 1.10\n\x1b[?25l'), 'hides the cursor while drawing')
  t.equal(
    text.slice(text.lastIndexOf('\x1b[G') + 3),
    [
      '❯ alpha [FAILED: apply failed]',
      '  ✔ plan (1.2s)',
      '  ↓ render [SKIPPED: cached]',
      '  ✖ apply [FAILED: terraform exited with 1]',
      '  ↓ verify [SKIPPED: not reached: apply failed]',
      '✔ beta',
      '  ✔ plan (850ms)',
      '  ✔ apply (2m 03s)',
      '',
      'warning: state lock held for 2m',
      '\x1b[?25h',
    ].join('\n'),
    'the final frame, then the buffered warning, then the cursor back',
  )
})

t.test('colour stays when asked for and goes with color: false', async (t) => {
  const events: RunEvent[] = [
    { type: 'cluster-start', cluster: 'beta', stages: ['plan'] },
    { type: 'stage-end', cluster: 'beta', outcome: { name: 'plan', status: 'ran', durationMs: 850, reason: '' } },
    { type: 'cluster-end', cluster: 'beta', status: 'ok' },
  ]
  const colored = captured()
  const plain = captured()
  for (const [out, color] of [[colored, true], [plain, false]] as const) {
    const reporter = listrReporter({ renderer: 'simple', output: out.stream, color })
    feed(reporter, events)
    await reporter.close()
  }
  t.equal(colored.text(), '[beta] \x1b[33m❯\x1b[39m beta\n[beta] \x1b[33m❯\x1b[39m plan\n[beta] \x1b[32m✔\x1b[39m plan (850ms)\n[beta] \x1b[32m✔\x1b[39m beta\n')
  t.equal(plain.text(), '[beta] ❯ beta\n[beta] ❯ plan\n[beta] ✔ plan (850ms)\n[beta] ✔ beta\n', 'one cluster: its lines are led by its name too')
})

t.test('close() resolves with nothing started, ends clusters left open, and later events draw a new list', async (t) => {
  const idle = captured()
  await listrReporter({ renderer: 'simple', output: idle.stream, color: false }).close()
  t.equal(idle.text(), '', 'nothing drawn when no cluster started')

  const paused = captured()
  const gate = listrReporter({ renderer: 'simple', output: paused.stream, color: false })
  feed(gate, [
    { type: 'cluster-start', cluster: 'prod', stages: ['plan', 'apply'] },
    { type: 'stage-end', cluster: 'prod', outcome: { name: 'plan', status: 'ran', durationMs: 850, reason: 'reads live state' } },
    { type: 'cluster-paused', cluster: 'prod', stage: 'apply' },
  ])
  await gate.close()
  t.equal(paused.text(), [
    '[prod] ❯ prod',
    '[prod] ❯ plan',
    '[prod] ✔ plan (850ms)',
    '[prod] ❯ apply',
    '[prod] ↓ apply [SKIPPED: not reached: waiting for approval of apply]',
    '[prod] ↓ prod [SKIPPED: not run: waiting for approval of apply]',
    '',
  ].join('\n'), 'a paused cluster says what it waits for (the gate line names it too)')

  const out = captured()
  const reporter = listrReporter({ renderer: 'simple', output: out.stream, color: false })
  feed(reporter, [
    { type: 'cluster-start', cluster: 'alpha', stages: ['plan', 'apply'] },
    { type: 'stage-end', cluster: 'alpha', outcome: { name: 'plan', status: 'skipped', durationMs: 0, reason: 'not selected' } },
  ])
  await reporter.close()
  // After a confirmation the run goes on: its clusters start again in a new list.
  feed(reporter, [
    { type: 'cluster-start', cluster: 'alpha', stages: ['apply'] },
    { type: 'stage-end', cluster: 'alpha', outcome: { name: 'apply', status: 'ran', durationMs: 1200, reason: 'approved' } },
    { type: 'cluster-end', cluster: 'alpha', status: 'ok' },
  ])
  await reporter.close()
  t.equal(
    out.text(),
    [
      '[alpha] ❯ alpha',
      '[alpha] ❯ plan',
      '[alpha] ↓ plan [SKIPPED: not selected]',
      '[alpha] ❯ apply',
      '[alpha] ↓ apply [SKIPPED: not reached: run ended]',
      '[alpha] ↓ alpha [SKIPPED: not run: run ended]',
      '[alpha] ❯ alpha',
      '[alpha] ❯ apply',
      '[alpha] ✔ apply (1.2s)',
      '[alpha] ✔ alpha',
      '',
    ].join('\n'),
  )
})

t.test('the silent renderer draws nothing but warnings', async (t) => {
  const out = captured()
  const reporter = listrReporter({ renderer: 'silent', output: out.stream, color: false })
  feed(reporter, script)
  await reporter.close()
  t.equal(out.text(), 'warning: terraform 1.9 is older than the pinned 1.10\n')
})

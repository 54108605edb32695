import t from 'tap'
import { Writable } from 'node:stream'
import { Sink } from '../../modules/report/sink.ts'

/** A plain Writable collecting what reaches it; `size` adds a terminal's facts. */
function output(size?: { isTTY: boolean; columns: number; rows: number }) {
  const chunks: string[] = []
  const stream = Object.assign(new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }), size ?? {})
  return { stream, chunks }
}

t.test('writes reach the output at once, colour stripped unless asked for, cursor movement kept', async (t) => {
  const plain = output()
  const sink = new Sink(plain.stream, false)
  t.equal(sink.write('\x1b[32m✔\x1b[39m plan\n'), true)
  sink.write(Buffer.from('\x1b[2K\x1b[1A\x1b[33mx\x1b[39m'))
  t.same(plain.chunks, ['✔ plan\n', '\x1b[2K\x1b[1Ax'], 'synchronous and in order')
  const colored = output()
  new Sink(colored.stream, true).write('\x1b[32m✔\x1b[39m plan\n')
  t.same(colored.chunks, ['\x1b[32m✔\x1b[39m plan\n'])
})

t.test('a write callback is passed on', async (t) => {
  const out = output()
  await new Promise<void>((resolve) => new Sink(out.stream, false).write('line\n', 'utf8', () => resolve()))
  t.same(out.chunks, ['line\n'])
})

t.test('carries the terminal facts of its output, log-update\'s defaults without them', async (t) => {
  const terminal = new Sink(output({ isTTY: true, columns: 120, rows: 40 }).stream, true)
  t.same([terminal.isTTY, terminal.columns, terminal.rows], [true, 120, 40])
  t.same(terminal.getWindowSize(), [120, 40])
  t.equal(terminal.hasColors(256), true)
  const pipe = new Sink(output().stream, false)
  t.same([pipe.isTTY, pipe.columns, pipe.rows], [false, 80, 24])
  t.equal(pipe.getColorDepth(), 1)
  t.equal(pipe.hasColors(), false)
})

t.test('cursor calls are escape codes written through it', async (t) => {
  const out = output()
  const sink = new Sink(out.stream, false)
  sink.cursorTo(0)
  sink.moveCursor(0, -1)
  sink.clearLine(0)
  sink.clearScreenDown()
  t.same(out.chunks.join(''), '\x1b[1G\x1b[1A\x1b[2K\x1b[0J')
})

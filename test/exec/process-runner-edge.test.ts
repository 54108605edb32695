// The process edge's plain-spawn details that zx used to provide: stdin, decoding, signals.
import t from 'tap'
import { processRunner } from '../../modules/exec/process-runner.ts'

const io = () => ({ onOutput: () => {}, signal: new AbortController().signal })
const node = (code: string) => ({ tool: process.execPath, args: ['-e', code], cwd: '/tmp', env: {} })

t.test('stdin is a pipe that stays open and says nothing, as under zx', async (t) => {
  const r = await processRunner.run(node("const s = require('fs').fstatSync(0); console.log(s.isSocket() || s.isFIFO())"), io())
  t.same(r, { exitCode: 0, stdout: 'true\n', stderr: '' })
})

t.test('output is decoded whole: a character split across writes arrives intact', async (t) => {
  const r = await processRunner.run(node("const b = Buffer.from('€'); process.stdout.write(b.subarray(0, 1)); setImmediate(() => process.stdout.write(b.subarray(1)))"), io())
  t.equal(r.stdout, '€')
})

t.test('a tool ended by a signal is exit 128', async (t) => {
  const r = await processRunner.run(node("process.kill(process.pid, 'SIGKILL')"), io())
  t.equal(r.exitCode, 128)
})

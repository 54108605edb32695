// The one printer quotes user input safely: control characters escaped, long lines cut around the column.
import t from 'tap'
import { excerpt, formatFailure, printable } from '../../modules/diag/mod.ts'

const at = { file: 'clusters/a/cluster.yaml', line: 1, column: 1 }

t.test('printable escapes what a terminal would act on, and keeps newlines and tabs', async (t) => {
  t.equal(printable('a\x1b]0;pwned\x07\x1b[2J\rb\x7f\x9b'), 'a\\x1b]0;pwned\\x07\\x1b[2J\\x0db\\x7f\\x9b')
  t.equal(printable('left\u202eright\u2066'), 'left\\u202eright\\u2066', 'bidirectional overrides')
  t.equal(printable('line one\n\tline two'), 'line one\n\tline two')
})

t.test('an excerpt escapes the line and keeps the caret under the column', async (t) => {
  t.equal(excerpt({ ...at, column: 6 }, 'x\x1b[2J: 1'), '\n  x\\x1b[2J: 1\n          ^')
  t.equal(excerpt(at, 'region: a\r'), '\n  region: a\n  ^', "a CRLF file's CR is the line's end")
})

t.test('a long line is cut to 200 characters around the column', async (t) => {
  const line = `${'a'.repeat(1000)}X${'b'.repeat(1000)}`
  t.equal(excerpt({ ...at, column: 1001 }, line), `\n  …${'a'.repeat(100)}X${'b'.repeat(99)}…\n  ${' '.repeat(101)}^`)
  t.equal(excerpt({ ...at, column: 2001 }, line), `\n  …${'b'.repeat(200)}\n  ${' '.repeat(200)}^`, 'at the last character')
  t.equal(excerpt(at, 'x'.repeat(200)), `\n  ${'x'.repeat(200)}\n  ^`, 'a line of 200 characters is whole')
})

t.test('every failure message is printable', async (t) => {
  t.equal(formatFailure({ reason: 'unknown-cluster', name: 'a\x1b[2J', known: ['b'] }), 'Cannot find cluster "a\\x1b[2J": known clusters are b.')
  t.equal(formatFailure({ reason: 'bad-config', at, detail: 'bad', source: 'k: \x07', hint: 'fix it' }), 'clusters/a/cluster.yaml:1:1 bad\n  k: \\x07\n  ^\nhint: fix it')
})

// Where a text stops being JSON, said without quoting it (for output that may hold secrets).
import t from 'tap'
import { jsonErrorOffset, lineColumn } from '../../modules/tools/json-error.ts'

t.test('JSON is JSON; anything else fails at the first token that is wrong', async (t) => {
  const valid = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {}}\n', '"s"', '0', '[[[[]]]]', '{"a":{"b":[{}]}}']
  for (const v of valid) t.equal(jsonErrorOffset(v), undefined, v)
  const invalid: [string, number][] = [
    ['', 0],
    ['Warning: x', 0],
    ['{"a": 1 x}', 8],
    ['{"a": 1,}', 8],
    ['{a: 1}', 1],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['[01]', 2],
    ['{"a": "unterminated', 6],
    ['{"a": 1}\nmore', 9],
    ['"tab\there"', 0],
    ['[tru]', 1],
  ]
  for (const [text, offset] of invalid) {
    t.equal(jsonErrorOffset(text), offset, text)
    t.throws(() => JSON.parse(text), SyntaxError, `${text} is not JSON to JSON.parse either`)
  }
  t.equal(jsonErrorOffset('['.repeat(100_000)), 100_000, 'deep nesting does not overflow the stack')
})

t.test('line and column are 1-based', async (t) => {
  t.same(lineColumn('ab\ncd', 0), { line: 1, column: 1 })
  t.same(lineColumn('ab\ncd', 4), { line: 2, column: 2 })
})

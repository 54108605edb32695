// Lenient reading of small JSON state files: the value, or the exact phrase a warning shows.
import t from 'tap'
import { parseJsonText } from '../../modules/fs/mod.ts'

t.test('a value, or why there is none', async (t) => {
  t.same(parseJsonText('{"pid": 7}\n'), { ok: true, value: { pid: 7 } })
  t.same(parseJsonText('null'), { ok: true, value: null }, 'JSON that is not an object is still a value: the caller checks its shape')
  t.same(parseJsonText(' \n'), { ok: false, why: 'it is empty' })
  let message = ''
  try {
    JSON.parse('{"pid": ')
  } catch (error) {
    message = (error as Error).message
  }
  t.same(parseJsonText('{"pid": '), { ok: false, why: `it is not JSON (${message})` })
})

// Sensitive values carry a digest under the session's key, taken when they are wrapped: records,
// key parts and --json see only `{"$secret": digest}`, and no module holds a key of its own.
import t from 'tap'
import { canonical, flatten, keyedSecrets, newSecretKey, redactedFromRecord, reveal, RedactedSecret, Secret, usedUnrecorded } from '../../modules/cache/mod.ts'

const KEY_A = 'a'.repeat(64)
const KEY_B = 'b'.repeat(64)

t.test('one key gives one digest per value; another key, another digest', async (t) => {
  const a = keyedSecrets(KEY_A)
  t.match(a.digest('token'), /^[0-9a-f]{64}$/)
  t.equal(a.digest('token'), keyedSecrets(KEY_A).digest('token'), 'stable from run to run under one key')
  t.not(a.digest('token'), a.digest('other'))
  t.not(a.digest('token'), keyedSecrets(KEY_B).digest('token'))
  t.match(newSecretKey(), /^[0-9a-f]{64}$/)
})

t.test('a wrapped value encodes as its digest wherever it is written, and is used as itself', async (t) => {
  const secrets = keyedSecrets(KEY_A)
  const s = secrets.wrap({ password: 'hunter2' })
  t.ok(s instanceof Secret)
  t.same(reveal(s), { password: 'hunter2' })
  t.equal(String(s), '(sensitive)')
  const digest = secrets.digest({ password: 'hunter2' })
  t.equal(JSON.stringify({ out: s }), `{"out":{"$secret":"${digest}"}}`)
  t.equal(canonical({ out: s }), `{"out":{"$secret":"${digest}"}}`)
  t.same(flatten('needs.outputs', { db: s }), { 'needs.outputs.db.$secret': `"${digest}"` })
  t.notMatch(JSON.stringify(s), /hunter2/)
})

t.test('a secret read back from a record encodes as the recorded digest; using it is noted', async (t) => {
  const back = redactedFromRecord({ token: { sensitive: true, value: { $secret: 'abc' } } })
  const token: unknown = back.token.value
  if (!(token instanceof RedactedSecret)) return t.fail('not read back as a RedactedSecret')
  t.equal(JSON.stringify(token), '{"$secret":"abc"}')
  t.same(usedUnrecorded(back), [])
  t.throws(() => String(token.value), /output "token" is sensitive and not recorded/)
  t.same(usedUnrecorded(back), ['token'])
  t.equal(JSON.stringify(new RedactedSecret('x')), '{"$secret":"not recorded"}')
})

import t from 'tap'
import { accountOf } from '../../modules/rollout/accounts.ts'

t.test('accountOf: the account, else the profile, else default', async (t) => {
  t.equal(accountOf({ account: '123456789012', profile: 'prod' }), '123456789012')
  t.equal(accountOf({ profile: 'prod' }), 'profile:prod')
  t.equal(accountOf({ account: '', profile: 'prod' }), 'profile:prod', 'an empty account does not count')
  t.equal(accountOf({ account: 123456789012, profile: 'prod' }), 'profile:prod', 'an account that is not a string does not count')
  t.equal(accountOf({ profile: '' }), 'default')
  t.equal(accountOf({ profile: ['prod'] }), 'default')
  t.equal(accountOf({}), 'default')
})

import t from 'tap'
import { AccountSlots, nextStartable } from '../../modules/rollout/schedule.ts'

interface Item {
  name: string
  account: string
}
const item = (name: string, account: string): Item => ({ name, account })
const acct = (i: Item): string => i.account
const PENDING: Item[] = [item('a1', 'A'), item('a2', 'A'), item('b1', 'B'), item('c1', 'C')]

t.test('nextStartable takes the first item whose account has room', async (t) => {
  t.equal(nextStartable(PENDING, new Map(), acct, 1), 0)
  t.equal(nextStartable(PENDING, new Map([['A', 1]]), acct, 1), 2, 'a later cluster of a free account overtakes')
  t.equal(nextStartable(PENDING, new Map([['A', 1]]), acct, 2), 0, 'A still has room under a limit of 2')
  t.equal(nextStartable(PENDING, new Map([['A', 1], ['B', 1]]), acct, 1), 3)
  t.equal(nextStartable(PENDING, new Map([['A', 1], ['B', 1], ['C', 1]]), acct, 1), -1, 'none can start now')
  t.equal(nextStartable(PENDING, new Map([['B', 5]]), acct, 1), 0, 'a full account later in the list does not hold back earlier ones')
})

t.test('nextStartable without a limit takes the first item', async (t) => {
  t.equal(nextStartable(PENDING, new Map([['A', 7]]), acct, undefined), 0)
  t.equal(nextStartable([], new Map(), acct, undefined), -1)
  t.equal(nextStartable([], new Map(), acct, 1), -1)
})

t.test('AccountSlots counts in-flight items per account', async (t) => {
  const slots = new AccountSlots()
  slots.take('A')
  slots.take('A')
  slots.take('B')
  t.same([...slots.inFlight], [['A', 2], ['B', 1]])
  t.equal(nextStartable(PENDING, slots.inFlight, acct, 2), 2, 'A is full at 2; B has room')
  slots.release('A')
  t.same([...slots.inFlight], [['A', 1], ['B', 1]])
  slots.release('B')
  t.same([...slots.inFlight], [['A', 1]], 'an account with none in flight leaves the map')
  slots.release('C')
  t.same([...slots.inFlight], [['A', 1]], 'releasing an account with none in flight changes nothing')
})

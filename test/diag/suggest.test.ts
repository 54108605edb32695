import t from 'tap'
import { closest, closestOption, didYouMean, distance, NEVER_SUGGESTED } from '../../modules/diag/mod.ts'
import { KNOWN_OPTIONS } from '../../modules/cli/args.ts'

t.test('distance counts a swap of neighbours as one edit', async (t) => {
  t.equal(distance('plan', 'plan'), 0)
  t.equal(distance('plna', 'plan'), 1)
  t.equal(distance('aply', 'apply'), 1)
  t.equal(distance('kitten', 'sitting'), 3)
})

t.test('only close names are suggested', async (t) => {
  const targets = ['plan', 'apply', 'cluster-update', 'cluster-destroy']
  t.equal(closest('cluster-updat', targets), 'cluster-update')
  t.equal(closest('PLAN', targets), 'plan')
  t.equal(closest('c', ['a', 'b']), undefined, 'one letter is never "close"')
  t.equal(closest('deploy', targets), undefined)
  t.equal(didYouMean('aply', targets), ' (did you mean "apply"?)')
  t.equal(didYouMean('zzz', targets), '')
})

t.test('options: habits, long-name typos, and never an approval or safety flag', async (t) => {
  t.equal(closestOption('-v', KNOWN_OPTIONS), '--version', '-v is a version habit, not -y')
  t.equal(closestOption('-V', KNOWN_OPTIONS), '--version')
  t.equal(didYouMean('-v', KNOWN_OPTIONS), ' (did you mean "--version"?)')
  t.equal(closestOption('-x', KNOWN_OPTIONS), undefined, 'one letter is too little to guess from')
  t.equal(closestOption('-Y', KNOWN_OPTIONS), undefined, 'not even -y from -Y')
  t.equal(closestOption('--dryrun', KNOWN_OPTIONS), '--dry-run')
  t.equal(closestOption('--clutser', KNOWN_OPTIONS), '--cluster')
  t.equal(closestOption('--verison', KNOWN_OPTIONS), '--version')
  for (const typo of ['--yse', '--Yes', '--ye', '--yess', '--allow-protectd', '--forse', '--froce', '--migrate-stat', '--reconfigur', '--reconfgure']) {
    t.equal(closestOption(typo, KNOWN_OPTIONS), undefined, `${typo}: no suggestion`)
  }
  t.equal(closestOption('-v', ['--yes', '-y']), undefined, 'a habit only names a known option')
  t.same([...NEVER_SUGGESTED], ['--yes', '-y', '--allow-protected', '--force', '--migrate-state', '--reconfigure'])
  for (const flag of NEVER_SUGGESTED) t.ok(KNOWN_OPTIONS.includes(flag), `${flag} is an option tasks knows`)
})

t.test('no unknown option near a dangerous flag is ever steered to one', async (t) => {
  // Every one-edit variant (a letter dropped, added, changed or two swapped) of each dangerous flag.
  const letters = 'abcdefghijklmnopqrstuvwxyz-'
  const variants = (o: string): string[] => {
    const out: string[] = []
    for (let i = 1; i <= o.length; i++) {
      out.push(o.slice(0, i - 1) + o.slice(i))
      for (const c of letters) out.push(o.slice(0, i) + c + o.slice(i), o.slice(0, i - 1) + c + o.slice(i))
      if (i < o.length) out.push(o.slice(0, i - 1) + o[i] + o[i - 1] + o.slice(i + 1))
    }
    return out
  }
  const suggested = new Set<string>()
  for (const option of NEVER_SUGGESTED) for (const v of variants(option)) if (!KNOWN_OPTIONS.includes(v)) suggested.add(closestOption(v, KNOWN_OPTIONS) ?? '')
  t.same([...suggested].filter((s) => NEVER_SUGGESTED.includes(s)), [])
})

// The fan-out-vs-make bench's pure parts: the replay Makefile and the sandboxed example-prod.
import t from 'tap'
import { replayMakefile } from '../../scripts/bench/fanout-make.ts'
import { sandboxed } from '../../scripts/bench/prod-fleet.ts'

const call = (tool: string, argv: string[], cluster?: string) => ({ tool, argv, cwd: '/w', env: cluster ? { TASKS_CLUSTER: cluster, X: 'a$b' } : ({} as Record<string, string>) })

t.test('the Makefile runs the probes first, then each cluster\'s calls as a chain, in order', async (t) => {
  const mk = replayMakefile([call('terraform', ['version']), call('terraform', ['init'], 'a'), call('kops', ['get'], 'b'), call('terraform', ['output'], 'a')], '/log')
  const lines = mk.split('\n')
  t.equal(lines[0], '.PHONY: all probes k0 k1 k2')
  t.equal(lines[1], 'all: k1 k2', 'one end per cluster')
  t.same(lines.filter((l) => /^\w+:/.test(l) && !l.startsWith('.')).slice(1), ['probes:', 'k0: probes', 'k1: k0', 'k2: probes'])
  t.match(mk, /k1: k0\n\t-\(cd '\/w' && exec env -i 'TASKS_CLUSTER=a' 'X=a\$\$b' 'TASKS_SANDBOX_CALL_LOG=\/log' 'terraform' 'output' >\/dev\/null 2>&1\)/, '$ doubled for make, exit status ignored')
})

t.test('example-prod goes on the sandbox: sandbox, account, auto-apply; its own settings kept', async (t) => {
  const out = sandboxed('# c\ndescription: x\naccount: "222222222222"\nprofile: p\n')
  t.equal(out, '# c\ndescription: x\nsandbox: true\naccount: "000000000000"\nenv:\n  TASKS_SANDBOX_AUTO_APPLY: "1"\n  TASKS_SANDBOX_NOW: "2026-01-01T00:00:00Z"\nprofile: p\n')
})

// The global rules of cli-contracts.md §2.0 and `kops version` (§2.9), in-process.
import t from 'tap'
import { kopsSandbox, target } from '../kops/harness.ts'
import { parseArgs, parseDuration } from '../kops/flags.ts'

const STATE = 's3://state-bucket'
const NAME = 'demo.k8s.local'
const MISSING_STATE =
  'Error: State Store: Required value: Please set the --state flag or export KOPS_STATE_STORE.\n' +
  'For example, a valid value follows the format s3://<bucket>.\n' +
  'You can find the supported stores in https://kops.sigs.k8s.io/state.\n'
const DEPRECATED = '\n\nClusterName as positional argument is deprecated and will be removed in a future version\n\n'

t.test('a missing state store is the exact three-line error, exit 1', async (t) => {
  const k = kopsSandbox()
  t.same(await k.run(['get', 'all', `--name=${NAME}`]), { code: 1, stdout: '', stderr: MISSING_STATE })
})

t.test('--state overrides KOPS_STATE_STORE; a trailing slash is trimmed', async (t) => {
  const k = kopsSandbox()
  const viaEnv = await k.run(['get', 'all', `--name=${NAME}`], { KOPS_STATE_STORE: 's3://env-bucket/' })
  t.same(viaEnv, { code: 1, stdout: '', stderr: `Error: cluster "${NAME}" not found\n` }, 'the env store is used')
  const unsupported = await k.run(['get', 'all', `--name=${NAME}`, '--state', 'gs://other'], { KOPS_STATE_STORE: 's3://env-bucket' })
  t.equal(unsupported.stderr, 'Error: error building path for "gs://other": unknown / unhandled path type: "gs://other"\n', 'the flag wins')
})

t.test('cluster name: --name, KOPS_CLUSTER_NAME, positional (deprecated), both, none', async (t) => {
  const k = kopsSandbox()
  const fromEnv = await k.run(['get', 'all', `--state=${STATE}`], { KOPS_CLUSTER_NAME: 'env.example.com' })
  t.equal(fromEnv.stderr, 'Error: cluster "env.example.com" not found\n')
  const positional = await k.run(['get', 'all', 'pos.example.com', `--state=${STATE}`])
  t.same(positional, { code: 1, stdout: '', stderr: `${DEPRECATED}Error: cluster "pos.example.com" not found\n` })
  const both = await k.run(['get', 'all', 'pos.example.com', ...target(STATE, NAME)])
  t.equal(both.code, 1)
  t.equal(both.stdout, `\nFound multiple arguments which look like a cluster name\n\t"${NAME}" (via flag)\n\t"pos.example.com" (as argument)\n\nThis often happens if you specify an argument to a boolean flag without using =\nFor example: use \`--bastion=true\` or \`--bastion\`, not \`--bastion true\`\n\n`)
  t.equal(both.stderr, `${DEPRECATED}Error: cannot specify cluster via --name and positional argument\n`)
  const none = await k.run(['rolling-update', 'cluster', `--state=${STATE}`])
  t.same(none, { code: 1, stdout: '', stderr: 'Error: --name is required\n' }, 'no kubectl-context fallback in the sandbox')
})

t.test('bool flags take a value only with =', async (t) => {
  const k = kopsSandbox()
  const r = await k.run(['rolling-update', 'cluster', ...target(STATE, NAME), '--yes', 'true'])
  t.equal(r.code, 1)
  t.match(r.stdout, /Found multiple arguments which look like a cluster name\n\t"demo.k8s.local" \(via flag\)\n\t"true" \(as argument\)/)
  t.match(r.stderr, /Error: cannot specify cluster via --name and positional argument\n$/)
  const bad = await k.run(['rolling-update', 'cluster', ...target(STATE, NAME), '--yes=maybe'])
  t.same(bad, { code: 1, stdout: '', stderr: 'Error: invalid argument "maybe" for "-y, --yes" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n' })
})

t.test('unknown commands and flags are cobra errors; a bare group prints its help', async (t) => {
  const k = kopsSandbox()
  t.same(await k.run(['frobnicate']), { code: 1, stdout: '', stderr: 'Error: unknown command "frobnicate" for "kops"\nRun \'kops --help\' for usage.\n' })
  t.same(await k.run(['get', 'things']), { code: 1, stdout: '', stderr: 'Error: unknown command "things" for "kops get"\nRun \'kops get --help\' for usage.\n' })
  t.same(await k.run(['version', '--frob']), { code: 1, stdout: '', stderr: 'Error: unknown flag: --frob\n' })
  const help = await k.run(['update'])
  t.equal(help.code, 0)
  t.match(help.stdout, /update cluster/)
})

t.test('version forms (§2.9)', async (t) => {
  const k = kopsSandbox()
  t.same(await k.run(['version']), { code: 0, stdout: 'Client version: 1.28.4 (git-v1.28.4)\n', stderr: '' })
  t.same(await k.run(['version', '--short']), { code: 0, stdout: '1.28.4\n', stderr: '' })
  t.equal((await k.run(['version'], { TASKS_SANDBOX_KOPS_VERSION_STYLE: 'new' })).stdout, 'Client Version: 1.28.4 (git-v1.28.4)\n')
  t.equal((await k.run(['version', '--short'], { TASKS_SANDBOX_KOPS_VERSION: '1.29.7' })).stdout, '1.29.7\n')
  t.equal((await k.run(['version', '-o', 'json'])).stdout, '{\n  "clientVersion": {\n    "version": "1.28.4",\n    "gitVersion": "v1.28.4"\n  }\n}\n')
  const server = await k.run(['version', '--server', ...target(STATE, NAME)])
  t.equal(server.stdout, 'Client version: 1.28.4 (git-v1.28.4)\nLast applied server version: could not fetch cluster\n')
  t.equal((await k.run(['version', '--server'])).stdout, 'Client version: 1.28.4 (git-v1.28.4)\nLast applied server version: No cluster selected\n')
  t.same(await k.run(['version', '-o', 'xml']), { code: 1, stdout: '', stderr: "Error: --output must be 'yaml' or 'json'\n" })
})

t.test('the flag parser: forms, lists, optional values, durations', async (t) => {
  const specs = [
    { name: 'filename', short: 'f', kind: 'list' as const },
    { name: 'admin', kind: 'optional' as const, bare: '18h' },
    { name: 'yes', short: 'y', kind: 'bool' as const },
    { name: 'out', kind: 'string' as const },
  ]
  const p = parseArgs(['a', '-f', 'x.yaml,y.yaml', '--filename=z.yaml', '-y', '--admin', 'b', '--out', 'dir', '--', '--not-a-flag'], specs)
  t.same(p.args, ['a', 'b', '--not-a-flag'])
  t.same(p.values.get('filename'), ['x.yaml', 'y.yaml', 'z.yaml'])
  t.same(p.values.get('admin'), ['18h'], 'a bare optional flag takes its default and leaves the next word alone')
  t.same(p.values.get('yes'), ['true'])
  t.same(p.values.get('out'), ['dir'])
  t.throws(() => parseArgs(['--admin=soon'], specs), { message: 'invalid argument "soon" for "--admin" flag: time: invalid duration "soon"' })
  t.throws(() => parseArgs(['--out'], specs), { message: 'flag needs an argument: --out' })
  t.equal(parseDuration('1h30m'), 5400e3)
  t.equal(parseDuration('87600h'), 87600 * 3600e3)
  t.equal(parseDuration('10'), undefined)
})

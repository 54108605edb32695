import t from 'tap'
import { parseKopsVersion, parseRollingUpdate, parseValidate, parseValidateJson } from '../../modules/tools/parse-kops.ts'

const lines = (...l: string[]): string => l.join('\n') + '\n'

t.test('rolling-update dry run: the exact bytes of §2.4 (single control plane, TARGET and NODES)', async (t) => {
  const stdout = lines(
    "Detected single-control-plane cluster; won't detach before draining",
    'NAME\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES',
    'master-us-east-1a\tNeedsUpdate\t1\t\t0\t1\t1\t1\t1',
    'nodes\t\t\tNeedsUpdate\t2\t\t0\t2\t2\t2\t2',
    '',
    'Must specify --yes to rolling-update.',
  )
  t.same(parseRollingUpdate(stdout), {
    ok: true,
    value: {
      groups: [
        { name: 'master-us-east-1a', status: 'NeedsUpdate', needUpdate: 1, ready: 0, min: 1, target: 1, max: 1, nodes: 1 },
        { name: 'nodes', status: 'NeedsUpdate', needUpdate: 2, ready: 0, min: 2, target: 2, max: 2, nodes: 2 },
      ],
      needsUpdate: ['master-us-east-1a', 'nodes'],
      verdict: 'needs-yes',
    },
  })
})

t.test('rolling-update: all Ready, nothing required', async (t) => {
  const stdout = lines('NAME\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES', 'nodes\t\t\tReady\t0\t\t2\t2\t2\t2\t2', '', 'No rolling-update required.')
  t.same(parseRollingUpdate(stdout), {
    ok: true,
    value: { groups: [{ name: 'nodes', status: 'Ready', needUpdate: 0, ready: 2, min: 2, target: 2, max: 2, nodes: 2 }], needsUpdate: [], verdict: 'none-required' },
  })
})

t.test('rolling-update: older kOps without TARGET, and --cloudonly without NODES', async (t) => {
  const old = lines('NAME\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tMAX\tNODES', 'master-eu-west-1a\tNeedsUpdate\t1\t\t0\t1\t1\t1', '', 'Must specify --yes to rolling-update.')
  t.same(parseRollingUpdate(old), {
    ok: true,
    value: { groups: [{ name: 'master-eu-west-1a', status: 'NeedsUpdate', needUpdate: 1, ready: 0, min: 1, max: 1, nodes: 1 }], needsUpdate: ['master-eu-west-1a'], verdict: 'needs-yes' },
  })
  const cloudOnly = lines('NAME\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX', 'bastions\t\tReady\t0\t\t1\t1\t1\t1', 'nodes\t\t\tNeedsUpdate\t1\t\t1\t2\t2\t3')
  t.same(parseRollingUpdate(cloudOnly), {
    ok: true,
    value: {
      groups: [
        { name: 'bastions', status: 'Ready', needUpdate: 0, ready: 1, min: 1, target: 1, max: 1 },
        { name: 'nodes', status: 'NeedsUpdate', needUpdate: 1, ready: 1, min: 2, target: 2, max: 3 },
      ],
      needsUpdate: ['nodes'],
      verdict: 'other',
    },
  }, 'no closing line (as with --yes) is verdict "other"')
})

t.test('rolling-update: malformed tables are failures', async (t) => {
  const header = 'NAME\t\t\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tMAX'
  t.same(parseRollingUpdate(lines(header, 'nodes\tUnknown\t0\t\t2\t2\t2')), { ok: false, error: 'kops rolling-update cluster: STATUS of "nodes" is "Unknown", expected Ready or NeedsUpdate' })
  t.same(parseRollingUpdate(lines(header, 'nodes\tReady\t0\t\t2\t2')), { ok: false, error: 'kops rolling-update cluster: the row "nodes Ready 0 2 2" has 5 columns, the header NAME STATUS NEEDUPDATE READY MIN MAX has 6' })
  t.same(parseRollingUpdate(lines(header, 'nodes\tReady\t0\t\tx\t2\t2')), { ok: false, error: 'kops rolling-update cluster: READY of "nodes" is "x", not a number' })
  t.same(parseRollingUpdate(lines('NAME\tSTATUS', 'nodes\tReady')), { ok: false, error: 'kops rolling-update cluster: the table has no NEEDUPDATE column' })
  t.same(parseRollingUpdate('Error: cluster "x" not found\n'), { ok: false, error: 'kops rolling-update cluster printed no instance group table' })
  t.same(parseRollingUpdate('\nNo rolling-update required.\n'), { ok: true, value: { groups: [], needsUpdate: [], verdict: 'none-required' } }, 'a verdict without a table')
})

const IG_TABLE = [
  'INSTANCE GROUPS',
  'NAME\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tSUBNETS',
  'master-us-east-1a\tControlPlane\tt3.medium\t1\t1\tus-east-1a',
  'nodes-us-east-1a\tNode\t\tt3.medium\t2\t4\tus-east-1a',
]
const GROUPS = [
  { name: 'master-us-east-1a', role: 'ControlPlane', machineType: 't3.medium', min: 1, max: 1, subnets: ['us-east-1a'] },
  { name: 'nodes-us-east-1a', role: 'Node', machineType: 't3.medium', min: 2, max: 4, subnets: ['us-east-1a'] },
]
const NODES = [
  { name: 'i-0123456789abcdef0', role: 'control-plane', status: 'True' },
  { name: 'i-0fedcba9876543210', role: 'node', status: 'True' },
]

t.test('validate: the failing table of §2.7', async (t) => {
  const stdout = lines(
    'Validating cluster demo.example.com',
    '',
    ...IG_TABLE,
    '',
    'NODE STATUS',
    'NAME\t\t\tROLE\t\tREADY',
    'i-0123456789abcdef0\tcontrol-plane\tTrue',
    'i-0fedcba9876543210\tnode\t\tTrue',
    '',
    'VALIDATION ERRORS',
    'KIND\tNAME\t\t\tMESSAGE',
    'Machine\ti-0fedcba9876543210\tmachine "i-0fedcba9876543210" has not yet joined cluster',
    '',
    'Validation Failed',
  )
  t.same(parseValidate(stdout), {
    ok: true,
    value: {
      cluster: 'demo.example.com',
      ready: false,
      failures: [{ kind: 'Machine', name: 'i-0fedcba9876543210', message: 'machine "i-0fedcba9876543210" has not yet joined cluster' }],
      nodes: NODES,
      groups: GROUPS,
    },
  })
})

t.test('validate: a healthy cluster, older roles, several subnets', async (t) => {
  const stdout = lines(
    'Validating cluster demo.example.com',
    '',
    'INSTANCE GROUPS',
    'NAME\t\t\tROLE\tMACHINETYPE\tMIN\tMAX\tSUBNETS',
    'master-us-east-1a\tMaster\tt3.medium\t1\t1\tus-east-1a',
    'nodes\t\t\tNode\tt3.medium\t2\t4\tus-east-1a,us-east-1b',
    '',
    'NODE STATUS',
    'NAME\t\t\t\tROLE\tREADY',
    'ip-172-20-1-10.ec2.internal\tmaster\tTrue',
    '',
    'Your cluster demo.example.com is ready',
  )
  t.same(parseValidate(stdout), {
    ok: true,
    value: {
      cluster: 'demo.example.com',
      ready: true,
      failures: [],
      nodes: [{ name: 'ip-172-20-1-10.ec2.internal', role: 'master', status: 'True' }],
      groups: [
        { name: 'master-us-east-1a', role: 'Master', machineType: 't3.medium', min: 1, max: 1, subnets: ['us-east-1a'] },
        { name: 'nodes', role: 'Node', machineType: 't3.medium', min: 2, max: 4, subnets: ['us-east-1a', 'us-east-1b'] },
      ],
    },
  })
})

t.test('validate: a multi-line failure message (the dns placeholder) still parses', async (t) => {
  const stdout = lines('Validating cluster c.example.com', '', ...IG_TABLE, '', 'VALIDATION ERRORS', 'KIND\tNAME\t\tMESSAGE', 'dns\tapiserver\tValidation Failed', '', 'The dns-controller Kubernetes deployment has not updated the API DNS entry.', '', 'Validation Failed')
  t.same(parseValidate(stdout), { ok: true, value: { cluster: 'c.example.com', ready: false, failures: [{ kind: 'dns', name: 'apiserver', message: 'Validation Failed' }], nodes: [], groups: GROUPS } })
})

t.test('validate: output without a verdict, or a broken table, is a failure', async (t) => {
  t.same(parseValidate(lines('Validating cluster c.example.com', '', ...IG_TABLE)), { ok: false, error: 'kops validate cluster printed neither "Your cluster NAME is ready" nor "Validation Failed"' })
  t.same(parseValidate(lines('INSTANCE GROUPS', 'NAME\tROLE\tMACHINETYPE\tMIN\tMAX\tSUBNETS', 'nodes\tNode\tt3.medium\tmany\t4\tus-east-1a', '', 'Validation Failed')), { ok: false, error: 'kops validate cluster: MIN of "nodes" is "many", not a number' })
  t.same(parseValidate(lines('NODE STATUS', 'NAME\tROLE\tREADY', 'i-1\tnode', '', 'Validation Failed')), { ok: false, error: 'kops validate cluster: the row "i-1 node" has 2 columns, the header NAME ROLE READY has 3' })
})

t.test('validate -o json: compact, no trailing newline, empty lists omitted', async (t) => {
  const failing =
    '{"failures":[{"type":"Machine","name":"i-0fedcba9876543210","message":"machine \\"i-0fedcba9876543210\\" has not yet joined cluster"}],' +
    '"nodes":[{"name":"i-0123456789abcdef0","zone":"us-east-1a","role":"control-plane","hostname":"i-0123456789abcdef0","status":"True"},' +
    '{"name":"i-0fedcba9876543210","zone":"us-east-1a","role":"node","hostname":"i-0fedcba9876543210","status":"True"}]}'
  t.same(parseValidateJson(failing), {
    ok: true,
    value: { ready: false, failures: [{ kind: 'Machine', name: 'i-0fedcba9876543210', message: 'machine "i-0fedcba9876543210" has not yet joined cluster' }], nodes: NODES },
  })
  const healthy = '{"nodes":[{"name":"i-0123456789abcdef0","zone":"us-east-1a","role":"control-plane","hostname":"i-0123456789abcdef0","status":"True"}]}'
  t.same(parseValidateJson(healthy), { ok: true, value: { ready: true, failures: [], nodes: [NODES[0]] } })
  t.same(parseValidateJson('{"failures":[{"type":"InstanceGroup","name":"nodes","message":"InstanceGroup \\"nodes\\" did not have enough nodes 1 vs 2","instanceGroup":{"metadata":{"name":"nodes"}}}]}'), {
    ok: true,
    value: { ready: false, failures: [{ kind: 'InstanceGroup', name: 'nodes', message: 'InstanceGroup "nodes" did not have enough nodes 1 vs 2' }], nodes: [] },
  }, 'newer fields are ignored')
  t.same(parseValidateJson('{}'), { ok: true, value: { ready: true, failures: [], nodes: [] } })
  t.same(parseValidateJson('{"failures":{}}'), { ok: false, error: 'kops validate cluster -o json: "failures" is not a list of objects' })
  t.same(parseValidateJson('{"nodes":["a"]}'), { ok: false, error: 'kops validate cluster -o json: "nodes" is not a list of objects' })
  t.same(parseValidateJson('[]'), { ok: false, error: 'kops validate cluster -o json printed JSON that is not an object' })
  t.same(parseValidateJson('Validating cluster x'), { ok: false, error: 'kops validate cluster -o json did not print JSON (its output starts with "Validating cluster x")' })
})

t.test('kops version: every known form (§2.9)', async (t) => {
  const cases: Array<[string, string]> = [
    ['Client version: 1.28.4 (git-v1.28.4)\n', '1.28.4'],
    ['Client Version: v1.30.1\n', '1.30.1'],
    ['Client version: 1.29.0-beta.1\n', '1.29.0-beta.1'],
    ['1.28.4\n', '1.28.4'],
    ['Version 1.15.0 (git-9992b4055)\n', '1.15.0'],
    ['Version 1.17.0 (git-a17511e6dd)\n', '1.17.0'],
    ['Client version: 1.28.4 (git-v1.28.4)\nLast applied server version: 1.28.2\n', '1.28.4'],
  ]
  for (const [stdout, version] of cases) t.same(parseKopsVersion(stdout), { ok: true, value: version }, JSON.stringify(stdout))
  t.same(parseKopsVersion('kops: command not found\n'), { ok: false, error: 'kops version printed no version (its output starts with "kops: command not found")' })
})

import t from 'tap'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  forceUnlockHint,
  outputValues,
  parseLockError,
  parseOutputs,
  parseVersionJson,
  parseVersionText,
  planExitMeaning,
  redactOutputs,
  summarizePlan,
  type PlanSummary,
} from '../../modules/tools/parse-terraform.ts'
import { fixture, needsShared, SHARED } from '../helpers/shared.ts'

t.test('output -json: the exact bytes terraform prints (§1.2)', async (t) => {
  const stdout = '{\n  "foo": {\n    "sensitive": false,\n    "type": "string",\n    "value": "bar"\n  }\n}\n'
  t.same(parseOutputs(stdout), { ok: true, value: { foo: { sensitive: false, type: 'string', value: 'bar' } } })
  t.same(parseOutputs('{}\n'), { ok: true, value: {} }, 'no outputs')
})

t.test('output -json: sensitive values are kept for templates and redacted for display', async (t) => {
  const stdout = JSON.stringify(
    {
      db_password: { sensitive: true, type: 'string', value: 's3cret' },
      subnets: { sensitive: false, type: ['list', 'string'], value: ['subnet-1', 'subnet-2'] },
      zone: { sensitive: false, type: ['object', { id: 'string' }], value: { id: 'Z123' } },
    },
    null,
    2,
  )
  const parsed = parseOutputs(stdout)
  if (!parsed.ok) return t.fail(parsed.error)
  t.same(outputValues(parsed.value), { db_password: 's3cret', subnets: ['subnet-1', 'subnet-2'], zone: { id: 'Z123' } })
  t.same(redactOutputs(parsed.value), {
    db_password: { sensitive: true, type: 'string', value: '(sensitive)' },
    subnets: { sensitive: false, type: ['list', 'string'], value: ['subnet-1', 'subnet-2'] },
    zone: { sensitive: false, type: ['object', { id: 'string' }], value: { id: 'Z123' } },
  })
  t.equal((parsed.value.db_password as { value: unknown }).value, 's3cret', 'redacting does not change the parsed outputs')
})

t.test('output -json: the outputs of a real state (equivalence/variables_and_outputs)', { skip: needsShared }, async (t) => {
  const state = JSON.parse(fixture('terraform/equivalence/variables_and_outputs/state.json')) as { values: { outputs: unknown } }
  const parsed = parseOutputs(JSON.stringify(state.values.outputs, null, 2) + '\n')
  if (!parsed.ok) return t.fail(parsed.error)
  t.same(Object.keys(parsed.value), ['list_empty_default', 'list_no_default', 'nested_optional_object', 'nested_optional_object_with_default', 'nested_optional_object_with_embedded_default'])
  t.same(outputValues(parsed.value).nested_optional_object_with_default, { nested_object: { flag: false } })
  t.same(parsed.value.list_empty_default, { sensitive: false, type: ['list', ['object', { optional_attribute: 'string', optional_attribute_with_default: 'string', required_attribute: 'string' }]], value: [] })
})

t.test('output -json: what is not the all-outputs object is a failure', async (t) => {
  t.same(parseOutputs('["subnet-1","subnet-2"]\n'), { ok: false, error: 'terraform output -json printed a single value, not the object of all outputs (was an output NAME passed?)' })
  t.same(parseOutputs('{"a":{"type":"string","value":"x"}}\n'), { ok: false, error: 'terraform output -json: output "a" is not a {sensitive, type, value} object' })
  t.same(parseOutputs('\n'), { ok: false, error: 'terraform output -json printed nothing' })
  t.same(parseOutputs('╷\n│ Error: Backend initialization required\n'), {
    ok: false,
    error: 'terraform output -json did not print JSON: it stops being JSON at line 1, column 1 of its 47 bytes (none of it is shown: it may hold sensitive values)',
  })
})

t.test('output -json that is not JSON: the failure says where and how long, and quotes none of it (it may hold secrets)', async (t) => {
  const secret = 'hunter2-S3CRET-token'
  const cut = `{"db_password": {"sensitive": true, "type": "string", "value": "${secret}`
  t.same(parseOutputs(cut), {
    ok: false,
    error: 'terraform output -json did not print JSON: it stops being JSON at line 1, column 64 of its 84 bytes (none of it is shown: it may hold sensitive values)',
  })
  const trailing = `{"db_password": {"sensitive": true, "type": "string", "value": "${secret}"}}\n${secret}\n`
  const r = parseOutputs(trailing)
  t.same(r, {
    ok: false,
    error: 'terraform output -json did not print JSON: it stops being JSON at line 2, column 1 of its 109 bytes (none of it is shown: it may hold sensitive values)',
  })
  for (const text of [cut, trailing, secret, `${secret}\n`]) {
    const failed = parseOutputs(text)
    t.equal(!failed.ok && failed.error.includes('hunter2'), false, JSON.stringify(text))
  }
})

const none: PlanSummary = { add: 0, change: 0, destroy: 0, import: 0, replace: [], deletions: [], outputChanges: [], resourceChanges: [], applyable: false, errored: false }
const plan = (p: Partial<PlanSummary>): { ok: true; value: PlanSummary } => ({ ok: true, value: { ...none, ...p } })
const create = (address: string, type = address.split('.')[0]) => ({ address, type, actions: ['create'] })

// Every plan fixture with what summarizePlan must make of it.
const EXPECTED: Record<string, ReturnType<typeof summarizePlan>> = {
  'show-json/basic-create': plan({ add: 3, outputChanges: ['test'], resourceChanges: ['test_instance.test[0]', 'test_instance.test[1]', 'test_instance.test[2]'].map((a) => create(a, 'test_instance')), applyable: true }),
  'show-json/basic-delete': plan({
    change: 1,
    destroy: 1,
    deletions: ['test_instance.test-delete'],
    outputChanges: ['test'],
    resourceChanges: [{ address: 'test_instance.test', type: 'test_instance', actions: ['update'] }, { address: 'test_instance.test-delete', type: 'test_instance', actions: ['delete'] }],
    applyable: true,
  }),
  'show-json/basic-update': plan({}),
  'show-json/multi-resource-update': plan({ add: 1, resourceChanges: [create('test_instance.test[1]', 'test_instance')], applyable: true }),
  'show-json/plan-error': { ok: false, error: 'the plan is incomplete: Terraform reported errors while planning ("errored": true), so it cannot be applied; fix the errors terraform plan printed and plan again' },
  'show-json/requires-replace': plan({ add: 1, destroy: 1, replace: ['test_instance.test'], resourceChanges: [{ address: 'test_instance.test', type: 'test_instance', actions: ['delete', 'create'] }], applyable: true }),
  'equivalence/local_provider_basic': plan({ add: 1, resourceChanges: [create('local_file.local_file')], applyable: true }),
  'equivalence/local_provider_delete': plan({ destroy: 1, deletions: ['local_file.local_file'], resourceChanges: [{ address: 'local_file.local_file', type: 'local_file', actions: ['delete'] }], applyable: true }),
  'equivalence/local_provider_update': plan({ add: 1, destroy: 1, replace: ['local_file.local_file'], resourceChanges: [{ address: 'local_file.local_file', type: 'local_file', actions: ['delete', 'create'] }], applyable: true }),
  'equivalence/null_provider_delete': plan({ destroy: 1, deletions: ['null_resource.null_resource'], resourceChanges: [{ address: 'null_resource.null_resource', type: 'null_resource', actions: ['delete'] }], applyable: true }),
  'equivalence/null_provider_update': plan({}),
  'equivalence/variables_and_outputs': plan({
    outputChanges: ['list_empty_default', 'list_no_default', 'nested_optional_object', 'nested_optional_object_with_default', 'nested_optional_object_with_embedded_default'],
    applyable: true,
  }),
}

const planFile = (dir: string): string => (dir.startsWith('show-json/') ? `terraform/${dir}/output.json` : `terraform/${dir}/plan.json`)

t.test('show -json: every plan fixture, pretty and compact', { skip: needsShared }, async (t) => {
  const dirs = ['show-json', 'equivalence'].flatMap((d) => readdirSync(join(SHARED, 'fixtures/terraform', d)).map((c) => `${d}/${c}`))
  t.same(dirs.sort(), Object.keys(EXPECTED).sort(), 'every fixture has an expectation')
  for (const dir of dirs) {
    const text = fixture(planFile(dir))
    t.same(summarizePlan(text), EXPECTED[dir], dir)
    t.same(summarizePlan(JSON.stringify(JSON.parse(text)) + '\n'), EXPECTED[dir], `${dir} (one compact line, as terraform prints it)`)
  }
})

// The counts of the human plan's summary line; 'no-changes' for "No changes."; undefined when neither.
function humanLine(text: string): { add: number; change: number; destroy: number; import: number } | 'no-changes' | undefined {
  const m = /^Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\.$/m.exec(text)
  if (m) return { import: Number(m[1] ?? 0), add: Number(m[2]), change: Number(m[3]), destroy: Number(m[4]) }
  return /^No changes\. /m.test(text) ? 'no-changes' : undefined
}

t.test('show -json counts agree with the human plan of the same run', { skip: needsShared }, async (t) => {
  const dirs = readdirSync(join(SHARED, 'fixtures/terraform/equivalence')).sort()
  t.equal(dirs.length, 6)
  for (const dir of dirs) {
    const human = fixture(`terraform/equivalence/${dir}/plan`)
    const s = summarizePlan(fixture(`terraform/equivalence/${dir}/plan.json`))
    if (!s.ok) return t.fail(s.error)
    const { add, change, destroy, import: imports } = s.value
    const line = humanLine(human)
    if (line === 'no-changes') t.same({ add, change, destroy, imports, applyable: s.value.applyable }, { add: 0, change: 0, destroy: 0, imports: 0, applyable: false }, `${dir}: No changes.`)
    else if (line) t.same({ add, change, destroy, import: imports }, line, `${dir}: ${JSON.stringify(line)}`)
    else {
      // Outputs-only plans print "Changes to Outputs:" and no Plan: line, yet are applyable.
      t.match(human, /^Changes to Outputs:$/m, `${dir}: no summary line means an outputs-only plan`)
      t.same({ add, change, destroy, applyable: s.value.applyable, outputs: s.value.outputChanges.length > 0 }, { add: 0, change: 0, destroy: 0, applyable: true, outputs: true }, dir)
    }
  }
  t.same(dirs.map((d) => humanLine(fixture(`terraform/equivalence/${d}/plan`))), [
    { import: 0, add: 1, change: 0, destroy: 0 },
    { import: 0, add: 0, change: 0, destroy: 1 },
    { import: 0, add: 1, change: 0, destroy: 1 },
    { import: 0, add: 0, change: 0, destroy: 1 },
    'no-changes',
    undefined,
  ], 'the human lines themselves, in directory order')
})

const showJson = (changes: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format_version: '1.2', resource_changes: changes, applyable: true, complete: true, errored: false, ...extra })
const rc = (address: string, actions: string[], extra: Record<string, unknown> = {}) => ({ address, mode: 'managed', type: address.split('.')[0], change: { actions }, ...extra })

t.test('show -json: every kind of action counted as the summary line counts it', async (t) => {
  const text = showJson([
    rc('a_thing.cbd', ['create', 'delete']),
    rc('a_thing.dbc', ['delete', 'create']),
    rc('a_thing.gone', ['delete']),
    rc('a_thing.forgotten', ['forget']),
    rc('a_thing.recreated_forgotten', ['create', 'forget']),
    rc('a_thing.same', ['no-op']),
    rc('a_thing.changed', ['update']),
    { ...rc('data.a_source.read', ['read']), mode: 'data', type: 'a_source' },
    { ...rc('data.a_source.dropped', ['delete']), mode: 'data', type: 'a_source' },
    { address: 'a_thing.imported', mode: 'managed', type: 'a_thing', change: { actions: ['no-op'], importing: { id: 'i-1' } } },
  ], { output_changes: { kept: { actions: ['no-op'] }, renamed: { actions: ['delete'] }, added: { actions: ['create'] } } })
  t.same(summarizePlan(text), plan({
    add: 3,
    change: 1,
    destroy: 3,
    import: 1,
    replace: ['a_thing.cbd', 'a_thing.dbc'],
    deletions: ['a_thing.gone'],
    outputChanges: ['added', 'renamed'],
    resourceChanges: [
      { address: 'a_thing.cbd', type: 'a_thing', actions: ['create', 'delete'] },
      { address: 'a_thing.dbc', type: 'a_thing', actions: ['delete', 'create'] },
      { address: 'a_thing.gone', type: 'a_thing', actions: ['delete'] },
      { address: 'a_thing.forgotten', type: 'a_thing', actions: ['forget'] },
      { address: 'a_thing.recreated_forgotten', type: 'a_thing', actions: ['create', 'forget'] },
      { address: 'a_thing.changed', type: 'a_thing', actions: ['update'] },
    ],
    applyable: true,
  }))
  t.same(summarizePlan(JSON.stringify({ resource_changes: [rc('a.b', ['create'])] })), plan({ add: 1, resourceChanges: [create('a.b')], applyable: true }), 'without "applyable", it is computed')
  t.same(summarizePlan(JSON.stringify({ resource_changes: [rc('a.b', ['no-op'])] })), plan({}), 'a no-op plan is not applyable')
})

t.test('show -json: errored, unknown or malformed plans are failures', async (t) => {
  const errored = 'the plan is incomplete: Terraform reported errors while planning ("errored": true), so it cannot be applied; fix the errors terraform plan printed and plan again'
  t.same(summarizePlan(showJson([rc('a.b', ['create'])], { errored: true })), { ok: false, error: errored }, 'even with changes listed')
  t.same(summarizePlan(showJson([rc('a.b', ['explode'])])), { ok: false, error: 'terraform show -json: resource_changes[0] (a.b) has unknown actions ["explode"]; this version of tasks cannot summarize the plan' })
  t.same(summarizePlan(showJson([rc('a.b', ['create']), { address: 'c.d', type: 'c', change: {} }])), { ok: false, error: 'terraform show -json: resource_changes[1] (c.d) has no change.actions list' })
  t.same(summarizePlan(showJson([{ change: { actions: ['create'] } }])), { ok: false, error: 'terraform show -json: resource_changes[0] has no address and type' })
  t.same(summarizePlan('[]'), { ok: false, error: 'terraform show -json printed JSON that is not a plan object' })
  t.same(summarizePlan(''), { ok: false, error: 'terraform show -json printed nothing' })
  t.same(summarizePlan('Error: Failed to read the given file as a state or plan file'), { ok: false, error: 'terraform show -json did not print JSON (its output starts with "Error: Failed to read the given file as a state or plan file")' })
})

t.test('plan -detailed-exitcode: 0 no changes, 2 changes, anything else an error', async (t) => {
  t.same([0, 1, 2, 3, 127, -1].map(planExitMeaning), ['no-changes', 'error', 'changes', 'error', 'error', 'error'])
})

t.test('version: -json and the human form (§1.9)', async (t) => {
  const json = '{\n  "terraform_version": "1.9.8",\n  "platform": "linux_amd64",\n  "provider_selections": {},\n  "terraform_outdated": false\n}\n'
  t.same(parseVersionJson(json), { ok: true, value: '1.9.8' })
  t.same(parseVersionJson(json.replace('1.9.8', '1.10.0-beta1')), { ok: true, value: '1.10.0-beta1' })
  t.same(parseVersionJson('{"platform":"linux_amd64"}'), { ok: false, error: 'terraform version -json printed no "terraform_version"' })
  t.same(parseVersionJson('Terraform v1.9.8\n'), { ok: false, error: 'terraform version -json did not print JSON (its output starts with "Terraform v1.9.8")' })
  t.same(parseVersionText('Terraform v1.9.8\non linux_amd64\n+ provider registry.terraform.io/hashicorp/aws v5.31.0\n'), { ok: true, value: '1.9.8' })
  t.same(parseVersionText('Terraform v1.10.0-beta1\non darwin_arm64\n\nYour version of Terraform is out of date! The latest version\nis 1.12.0.\n'), { ok: true, value: '1.10.0-beta1' })
  t.same(parseVersionText('OpenTofu v1.8.0\n'), { ok: false, error: 'terraform version printed no "Terraform vX.Y.Z" line' })
})

// §1.11 in the -no-color form, the backend error word-wrapped at 78 columns as when piped.
const LOCK_PLAIN = [
  '',
  'Error: Error acquiring the state lock',
  '',
  'Error message: operation error DynamoDB: PutItem, https response error',
  'StatusCode: 400, RequestID: 0N7SOE1LTJ2M4D3VQ8K5B9R6UVVV4KQNSO5AEMVJF66Q9ASUAAJG,',
  'ConditionalCheckFailedException: The conditional request failed',
  'Lock Info:',
  '  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba',
  '  Path:      my-bucket/path/terraform.tfstate',
  '  Operation: OperationTypePlan',
  '  Who:       user@host',
  '  Version:   1.9.8',
  '  Created:   2024-05-01 10:11:12.123456789 +0000 UTC',
  '  Info:',
  '',
  '',
  'Terraform acquires a state lock to protect the state from being written',
  'by multiple users at the same time. Please resolve the issue above and try',
  'again. For most commands, you can disable locking with the "-lock=false"',
  'flag, but this is not recommended.',
  '',
]
const FULL_LOCK = { id: '9db590f1-b6fe-c5f2-2678-8804f089deba', path: 'my-bucket/path/terraform.tfstate', operation: 'OperationTypePlan', who: 'user@host', version: '1.9.8', created: '2024-05-01 10:11:12.123456789 +0000 UTC' }

// The coloured form: a box of `│ ` prefixes between ╷ and ╵, with ANSI colour codes.
const boxed = (lines: string[]): string =>
  ['\x1b[31m╷\x1b[0m\x1b[0m', ...lines.slice(1, 15).map((l) => `\x1b[31m│\x1b[0m ${l.replace('Error: ', '\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1m')}\x1b[0m`), '\x1b[31m╵\x1b[0m\x1b[0m', ...lines.slice(15)].join('\n')

t.test('state lock error: plain, wrapped and boxed forms give the same lock', async (t) => {
  t.same(parseLockError(LOCK_PLAIN.join('\n')), FULL_LOCK, 'plain; "RequestID:" in the backend error is not the lock ID')
  t.same(parseLockError(boxed(LOCK_PLAIN)), FULL_LOCK, 'coloured box')
  const wrapped = LOCK_PLAIN.map((l) => (l.startsWith('  Created:') ? '  Created:   2024-05-01 10:11:12.123456789\n+0000 UTC' : l)).join('\n')
  t.same(parseLockError(wrapped), FULL_LOCK, 'a value wrapped onto the next line is joined with a space')
  const crlf = LOCK_PLAIN.join('\r\n')
  t.same(parseLockError(crlf), FULL_LOCK, 'CRLF')
  const idOnly = ['Error: Error acquiring the state lock', '', 'Lock Info:', '  ID:        abc-123', '  Info:', ''].join('\n')
  t.same(parseLockError(idOnly), { id: 'abc-123' }, 'unknown fields are left out')
})

t.test('state lock error: other errors are not lock errors', async (t) => {
  t.equal(parseLockError('\nError: Backend initialization required, please run "terraform init"\n'), undefined)
  t.equal(parseLockError('Error: Error acquiring the state lock\n\nError message: timeout\n'), undefined, 'no Lock Info, no ID')
  t.equal(parseLockError(''), undefined)
})

t.test('force-unlock hint: exact text, leaving out what is unknown', async (t) => {
  const tail = (id: string) => `\nIf no other run is active, release it with:\n  npx tasks force-unlock --cluster prod -- ${id}`
  t.equal(forceUnlockHint(FULL_LOCK, 'prod'), 'The Terraform state of cluster "prod" is locked by user@host (plan since 2024-05-01 10:11:12.123456789 +0000 UTC, lock ID 9db590f1-b6fe-c5f2-2678-8804f089deba).' + tail('9db590f1-b6fe-c5f2-2678-8804f089deba'))
  t.equal(forceUnlockHint({ id: 'L1' }, 'prod'), 'The Terraform state of cluster "prod" is locked (lock ID L1).' + tail('L1'))
  t.equal(forceUnlockHint({ id: 'L1', who: 'ci@runner', created: 'C' }, 'prod'), 'The Terraform state of cluster "prod" is locked by ci@runner (since C, lock ID L1).' + tail('L1'))
  t.equal(forceUnlockHint({ id: 'L1', operation: 'OperationTypeApply' }, 'prod'), 'The Terraform state of cluster "prod" is locked (apply, lock ID L1).' + tail('L1'))
  t.equal(forceUnlockHint({ id: 'L1' }, 'prod', '1-prerequisites:force-unlock'), 'The Terraform state of cluster "prod" is locked (lock ID L1).\nIf no other run is active, release it with:\n  npx tasks 1-prerequisites:force-unlock --cluster prod -- L1')
  t.equal(forceUnlockHint({ id: 'L1', operation: 'migration', who: 'me' }, 'prod'), 'The Terraform state of cluster "prod" is locked by me (migration, lock ID L1).' + tail('L1'), 'other operation names are kept')
})

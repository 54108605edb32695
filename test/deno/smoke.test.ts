// Deno smoke test: the entry point runs under Deno 2 (help, graph, a dry run). tap cannot run
// under Deno, so this small suite sits outside tap's file pattern and runs in CI on its own.
/// <reference lib="deno.ns" />
import { assertEquals, assertMatch } from './assert.ts'

const ENTRY = new URL('../../scripts/tasks.ts', import.meta.url).pathname
const ROOT = new URL('../..', import.meta.url).pathname

async function tasks(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ['run', '-A', ENTRY, ...args], cwd: ROOT, env: { NO_COLOR: '1' } }).output()
  const text = new TextDecoder()
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) }
}

Deno.test('help lists the targets', async () => {
  const r = await tasks('help')
  assertEquals(r.code, 0, r.stderr)
  assertMatch(r.stdout, /^Usage: tasks <target>\.\.\./)
  assertMatch(r.stdout, /cluster-update +Outputs → render → kops replace → kops update \(kubernetes\.tf\)/)
})

Deno.test('graph prints the stage graph as JSON', async () => {
  const r = await tasks('graph', '--format', 'json')
  assertEquals(r.code, 0, r.stderr)
  const doc = JSON.parse(r.stdout)
  assertEquals(doc.stages.map((s: { name: string }) => s.name).slice(0, 3), ['prereq-dir', 'prereq-init', 'prereq-plan'])
})

Deno.test('a dry run of the demo cluster runs nothing', async () => {
  const r = await tasks('cluster-update', '--cluster', 'demo', '--dry-run')
  assertEquals(r.code, 0, r.stderr)
  assertMatch(r.stdout, /^demo:\n {2}prereq-dir +(run|skip) /)
  assertMatch(r.stdout, /Dry run: nothing was run\.\n$/)
})

Deno.test('an unknown target exits 2 with a suggestion', async () => {
  const r = await tasks('plna')
  assertEquals(r.code, 2)
  assertEquals(r.stderr, 'Unknown target "plna" (did you mean "plan"?).\nhint: run "tasks help" to list the targets.\n')
})

// The README's two Deno lines, as written: through npx's pinned deno, and through deno.json's task.
Deno.test('the README\'s deno task runs the CLI', async () => {
  const out = await new Deno.Command(Deno.execPath(), { args: ['task', '--quiet', 'tasks', 'help'], cwd: ROOT, env: { NO_COLOR: '1' } }).output()
  const stdout = new TextDecoder().decode(out.stdout)
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr))
  assertMatch(stdout, /^Usage: tasks <target>\.\.\./)
})

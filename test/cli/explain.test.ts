// explain, help and graph: what the graph and the cache say, as text.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeProject, runCli } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

t.test('explain names the changed file and the changed value', async (t) => {
  const root = makeProject(fixtureFiles())
  await runCli(root, ['push', '--cluster', 'a'])
  writeFileSync(join(root, 'template.txt'), 'kubernetes: VERSION\n')
  writeFileSync(join(root, 'clusters/a/values.json'), '{"version":"1.29.7"}')
  // Reading the outputs again records the new value; explain itself runs nothing.
  t.equal((await runCli(root, ['outputs', '--cluster', 'a'])).code, 0)
  writeFileSync(join(root, 'clusters/a/cluster.yaml'), 'region: us-west-2\n')
  const r = await runCli(root, ['explain', 'push', '--cluster', 'a'])
  t.equal(r.code, 0)
  t.equal(r.stdout, [
    'a → push:',
    '  outputs  run   reads live state',
    '  render   run   changed: file template.txt changed, outputs.version 1.28.4 → 1.29.7',
    '                 - file template.txt changed',
    '                 - outputs.version 1.28.4 → 1.29.7',
    '  push     run   changed: file clusters/a/out.txt is rewritten by render, settings.region eu-west-1 → us-west-2',
    '                 - file clusters/a/out.txt is rewritten by render',
    '                 - settings.region eu-west-1 → us-west-2',
    '',
  ].join('\n'))
})

t.test('explain before any run, and with a cached chain', async (t) => {
  const root = makeProject(fixtureFiles())
  t.equal((await runCli(root, ['explain', 'push', '--cluster', 'b'])).stdout, [
    'b → push:',
    '  outputs  run   reads live state',
    '  render   run   no previous success',
    '  push     run   no previous success',
    '',
  ].join('\n'))
  await runCli(root, ['push', '--cluster', 'b'])
  t.equal((await runCli(root, ['explain', 'push', '--cluster', 'b'])).stdout, [
    'b → push:',
    '  outputs  run   reads live state',
    '  render   skip  cached  (if the stages before it return what they did last time)',
    '  push     skip  up to date: last succeeded with these inputs  (if the stages before it return what they did last time)',
    '',
  ].join('\n'))
  t.same(await runCli(root, ['explain', '--cluster', 'b']), { code: 2, stdout: '', stderr: 'Option <target> is required here.\nhint: tasks explain <target> --cluster NAME\n' })
})

t.test('help lists every target by group; help <target> shows its chain', async (t) => {
  const root = makeProject(fixtureFiles())
  const help = await runCli(root, ['--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: tasks <target>\.\.\. \[--cluster NAME\]\.\.\. \[options\]\n\nReads:\n {2}outputs {2}Read the values\n\nChanges:\n {2}push {6}Render and push\n {2}deploy {4}Deploy what check found\n {2}announce {2}Deploy, then announce\n\nCommands:\n/)
  t.same(await runCli(root, []), help, 'no target prints the help')
  // The whole text (options, examples) is test/cli/help.test.ts's; here, the chain.
  t.equal((await runCli(root, ['help', 'deploy'])).stdout.split('\nOptions:\n')[0], [
    'Usage: tasks deploy [--cluster NAME]... [options]',
    '',
    'Deploy what check found.',
    '',
    'Runs, in order:',
    '  outputs  read',
    '  render   pure',
    '  push     write',
    '  check    read',
    '  deploy   write, gated',
    '',
  ].join('\n'))
})

t.test('graph prints mermaid, dot and json', async (t) => {
  const root = makeProject(fixtureFiles())
  const mermaid = await runCli(root, ['graph'])
  t.equal(mermaid.stdout.split('\n').slice(0, 3).join('\n'), 'flowchart LR\n  outputs["outputs (read)"]\n  render["render (pure)"]')
  t.match(mermaid.stdout, /\n {2}check --> deploy\n {2}deploy --> announce\n$/)
  const dot = await runCli(root, ['graph', '--format', 'dot'])
  t.match(dot.stdout, /^digraph tasks \{\n {2}rankdir=LR;\n[^]* {2}outputs -> render;\n[^]*\}\n$/)
  const json = JSON.parse((await runCli(root, ['graph', '--format=json'])).stdout)
  t.same(json.stages[4], { name: 'deploy', kind: 'write', needs: ['check'], gated: true })
  t.same(json.targets[0], { name: 'outputs', description: 'Read the values', group: 'Reads', stages: ['outputs'] })
})

t.test('--json with several clusters: one document, every cluster in order', async (t) => {
  const root = makeProject(fixtureFiles())
  const r = await runCli(root, ['push', '--cluster', 'b', '--cluster', 'a', '--json'])
  const doc = JSON.parse(r.stdout)
  t.same(Object.keys(doc), ['clusters', 'exitCode', 'run'], 'a run of two clusters is journaled: its id')
  t.same(doc.clusters.map((c: { name: string; status: string }) => `${c.name}:${c.status}`), ['b:ok', 'a:ok'])
  for (const c of doc.clusters) for (const s of c.stages) t.same(Object.keys(s), ['name', 'status', 'durationMs', 'reason'])
})

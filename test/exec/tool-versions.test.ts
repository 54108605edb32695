import t from 'tap'
import { chmodSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ToolVersions } from '../../modules/exec/mod.ts'
import { nodeFileSystem } from '../../modules/fs/mod.ts'
import { makeProject, scriptedTools } from '../helpers/project.ts'

t.test('a version is read once, then remembered by path, size and mtime', async (t) => {
  const root = makeProject({ 'bin/kops': '#!/bin/sh\n', 'bin/terraform': '#!/bin/sh\n' })
  chmodSync(join(root, 'bin/kops'), 0o755)
  const tools = scriptedTools((cmd) => ({ exitCode: 0, stdout: cmd.args[0] === 'version' && cmd.args[1] === '--short' ? '1.28.4\n' : 'Terraform v1.9.8\non linux_amd64\n', stderr: '' }))
  const file = join(root, '.tasks/tools.json')
  const first = new ToolVersions(nodeFileSystem, tools, file)
  t.equal(await first.version('kops', join(root, 'bin')), '1.28.4')
  t.equal(await first.version('kops', join(root, 'bin')), '1.28.4')
  t.equal(await first.version('terraform', join(root, 'bin')), 'Terraform v1.9.8')
  t.same(tools.calls.map((c) => [c.tool, ...c.args]), [[join(root, 'bin/kops'), 'version', '--short'], [join(root, 'bin/terraform'), 'version']])

  const second = new ToolVersions(nodeFileSystem, tools, file)
  t.equal(await second.version('kops', join(root, 'bin')), '1.28.4')
  t.equal(second.spawned, 0, 'a later run spawns nothing for an unchanged binary')

  writeFileSync(join(root, 'bin/kops'), '#!/bin/sh\n# upgraded\n')
  utimesSync(join(root, 'bin/kops'), new Date('2026-01-02'), new Date('2026-01-02'))
  const third = new ToolVersions(nodeFileSystem, tools, file)
  await third.version('kops', join(root, 'bin'))
  t.equal(third.spawned, 1, 'a replaced binary is asked again')
})

t.test('a tool that is not on PATH is "not-found", without spawning', async (t) => {
  const tools = scriptedTools()
  const v = new ToolVersions(nodeFileSystem, tools, '/tmp/unused-tools.json')
  t.equal(await v.version('kops', '/nonexistent:/also-not'), 'not-found')
  t.same(tools.calls, [])
})

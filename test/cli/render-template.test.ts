// tasks render-template: the manifest on stdout from a `terraform output -json` document.
import t from 'tap'
import { join } from 'node:path'
import { makeProject, runCli } from '../helpers/project.ts'
import { fixtureFiles } from '../helpers/fixture-graph.ts'

const OUTPUTS = JSON.stringify({ cluster_name: { sensitive: false, type: 'string', value: 'demo.k8s.local' }, zones: { sensitive: false, type: ['list', 'string'], value: ['a', 'b'] } })

function project(template: string) {
  return makeProject(fixtureFiles({ '2-kops/cluster-template.yml.eta': template, 'values.json': OUTPUTS, 'clusters/a/cluster.yaml': 'template:\n  topology: public\n' }))
}

t.test('renders the default template from the values document', async (t) => {
  const root = project('name: <%= it.cluster_name %>\nzones: <%= it.zones.join(",") %>\ntopology: <%= it.settings.template?.topology ?? "private" %>\n')
  t.same(await runCli(root, ['render-template', '--values', 'values.json']), { code: 0, stdout: 'name: demo.k8s.local\nzones: a,b\ntopology: private\n', stderr: '' })
  t.same(await runCli(root, ['render-template', '--values', 'values.json', '--cluster', 'a']), { code: 0, stdout: 'name: demo.k8s.local\nzones: a,b\ntopology: public\n', stderr: '' }, 'with a cluster\'s settings')
  t.same(await runCli(join(root, 'clusters'), ['render-template', '--values', '../values.json', '--template', '../2-kops/cluster-template.yml.eta']), { code: 0, stdout: 'name: demo.k8s.local\nzones: a,b\ntopology: private\n', stderr: '' }, 'paths are relative to where it runs')
})

t.test('a template error points at the template\'s own line', async (t) => {
  const root = project('a: 1\nb: <%= it.vpc_id %>\n')
  t.same(await runCli(root, ['render-template', '--values', 'values.json']), {
    code: 2,
    stdout: '',
    stderr: '2-kops/cluster-template.yml.eta:2:4 MissingValue: the template uses it.vpc_id, but the Terraform outputs define no "vpc_id"\n  b: <%= it.vpc_id %>\n     ^\nhint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".\n',
  })
})

t.test('missing or bad inputs', async (t) => {
  const root = project('x\n')
  t.same(await runCli(root, ['render-template']), { code: 2, stdout: '', stderr: 'Option --values is required here.\nhint: pass a `terraform output -json` document: tasks render-template --values outputs.json\n' })
  t.same(await runCli(root, ['render-template', '--values', 'nope.json']), { code: 2, stdout: '', stderr: `Cannot read the values document ${join(root, 'nope.json')}: no such file.\n` })
  t.same(await runCli(root, ['render-template', '--values', 'template.txt']), { code: 2, stdout: '', stderr: 'template.txt is not a `terraform output -json` document: Unexpected token \'v\', "version: VERSION\n" is not valid JSON.\nhint: create it with: terraform output -json > template.txt\n' })
})

import t from 'tap'
import { markTemplate, toTemplate, unmark } from '../../modules/validate/source-map.ts'
import { renderTemplate } from '../../modules/template/mod.ts'

const TEMPLATE = [
  '<%',
  'const zones = it.zones',
  '-%>',
  'kind: Cluster',
  'metadata:',
  '  name: <%= it.name %>',
  '<% if (it.gossip) { -%>',
  '  gossip: true',
  '<% } -%>',
  'spec:',
  '<% for (const z of zones) { -%>',
  '  - zone: <%= z %>',
  '<% } -%>',
  '  block: <%= it.block %>',
  'end: 1',
  '',
].join('\n')

const outputs = (gossip: boolean) => ({
  name: { value: 'a.k8s.local' },
  gossip: { value: gossip },
  zones: { value: ['x', 'y'] },
  block: { value: '|\n    one\n    two' },
})

const render = (template: string, gossip: boolean): string => {
  const r = renderTemplate({ template, templatePath: 't.eta', outputs: outputs(gossip), settings: {} })
  if (!r.ok) throw new Error(JSON.stringify(r.failure))
  return r.text
}

t.test('the marked rendering, unmarked, is byte for byte the plain rendering', async (t) => {
  for (const gossip of [true, false]) {
    const map = unmark(render(markTemplate(TEMPLATE), gossip))
    t.equal(map.text, render(TEMPLATE, gossip))
  }
})

t.test('each rendered line maps to the template line that wrote it', async (t) => {
  const map = unmark(render(markTemplate(TEMPLATE), true))
  t.same(map.text.split('\n'), ['kind: Cluster', 'metadata:', '  name: a.k8s.local', '  gossip: true', 'spec:', '  - zone: x', '  - zone: y', '  block: |', '    one', '    two', 'end: 1', ''])
  // A multi-line value's lines belong to the line that interpolated it (14).
  t.same(map.lines, [4, 5, 6, 8, 10, 12, 12, 14, 14, 14, 15, 16])
  const skipped = unmark(render(markTemplate(TEMPLATE), false))
  t.same(skipped.lines.slice(0, 5), [4, 5, 6, 10, 12])
})

t.test('columns stay on literal text and move to the tag inside an interpolation', async (t) => {
  const map = unmark(render(markTemplate(TEMPLATE), true))
  t.same(toTemplate(map, TEMPLATE, 't.eta', { file: 'out.yml', line: 3, column: 3 }), { file: 't.eta', line: 6, column: 3 })
  t.same(toTemplate(map, TEMPLATE, 't.eta', { file: 'out.yml', line: 3, column: 9 }), { file: 't.eta', line: 6, column: 9 })
  t.same(toTemplate(map, TEMPLATE, 't.eta', { file: 'out.yml', line: 7, column: 11 }), { file: 't.eta', line: 12, column: 11 })
  t.same(toTemplate(map, TEMPLATE, 't.eta', { file: 'out.yml', line: 9, column: 5 }), { file: 't.eta', line: 14, column: 10 })
})

t.test('a `%>` inside a string or comment of a tag does not end it (as in eta)', async (t) => {
  const template = "<% /* ends with -%> */ const a = '%>'\n-%>\nline: <%= \"%>\" %>\n"
  t.equal(unmark(render(markTemplate(template), true)).text, render(template, true))
  t.same(unmark(render(markTemplate(template), true)).lines, [3, 4])
})

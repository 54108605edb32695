import t from 'tap'
import { missingValues, templateReferences } from '../../modules/validate/references.ts'

t.test('references: each it.NAME inside tags once, at its first use; it.outputs/it.settings and text outside tags are not values', async (t) => {
  const template = 'a: it.not_a_tag\n<% if (it.gossip) { -%>\nb: <%= it.name %>/<%= it.name %>\n<% } -%>\nc: <%= it.settings.x %><%= it.outputs.y.value %><%= fit.z %>\n'
  t.same(templateReferences(template), [
    { name: 'gossip', line: 2, column: 8 },
    { name: 'name', line: 3, column: 8 },
  ])
})

t.test('a referenced name the outputs lack is reported at the template line', async (t) => {
  const refs = [{ name: 'gossip', line: 2, column: 8 }, { name: 'nme', line: 3, column: 8 }]
  t.same(missingValues(refs, { gossip: { value: true } }, '2-kops/t.eta'), [
    {
      at: { file: '2-kops/t.eta', line: 3, column: 8 },
      rule: 'template-value',
      severity: 'error',
      message: 'the template uses it.nme, but the cluster\'s outputs define no "nme"',
      hint: 'add output "nme" to 1-prerequisites/outputs.tf (or to the mock outputs), or fix the name',
    },
  ])
})

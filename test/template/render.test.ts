// renderTemplate: the values a template sees, and failures that point at the template's own line
// (not at eta's generated function), printed by the one failure printer.
import t from 'tap'
import { renderTemplate, templateValues, type TerraformOutputs } from '../../modules/template/render.ts'
import { formatFailure } from '../../modules/diag/mod.ts'

const FILE = '2-kops/cluster-template.yml.eta'
const OUTPUTS: TerraformOutputs = { cluster_name: { sensitive: false, type: 'string', value: 'demo.k8s.local' }, x: { value: 1 } }

/** renderTemplate on a small template with the outputs above. */
const render = (template: string, outputs: TerraformOutputs = OUTPUTS, settings: Record<string, unknown> = {}) =>
  renderTemplate({ template, templatePath: FILE, outputs, settings })

t.test('a template sees each output\'s value, the raw outputs and the settings', async (t) => {
  t.strictSame(render('<%= it.cluster_name %> <%= it.outputs.x.value %> <%= it.settings.template.topology %>\n', OUTPUTS, { template: { topology: 'public' } }),
    { ok: true, text: 'demo.k8s.local 1 public\n' })
  t.strictSame({ ...templateValues(OUTPUTS, { a: 1 }) }, { cluster_name: 'demo.k8s.local', x: 1, outputs: OUTPUTS, settings: { a: 1 } })
  t.throws(() => templateValues(OUTPUTS, {}).vpc_id, { message: 'the template uses it.vpc_id, but the Terraform outputs define no "vpc_id"' }, 'an undefined value is an error, not "undefined"')
  t.strictSame(render('a: 1\n<% if (it.x) { -%>\nb: 2\n<% } -%>\n'), { ok: true, text: 'a: 1\nb: 2\n' }, 'control lines ending in -%> leave no line')
})

const RUNTIME = 'a: 1\nb: 2\nc: <%= it.x.toFixed(-1) %>\n'

t.test('a runtime error points at the template line and the tag\'s column', async (t) => {
  t.strictSame(render(RUNTIME), {
    ok: false,
    failure: {
      reason: 'template-error',
      at: { file: FILE, line: 3, column: 4 },
      detail: 'RangeError: toFixed() digits argument must be between 0 and 100',
      source: 'c: <%= it.x.toFixed(-1) %>',
    },
  })
})

t.test('the printed failure has the location, the line, a caret under the tag and the hint', async (t) => {
  const result = render(RUNTIME)
  if (result.ok) throw new Error('expected a failure')
  t.equal(formatFailure(result.failure), [
    `${FILE}:3:4 RangeError: toFixed() digits argument must be between 0 and 100`,
    '  c: <%= it.x.toFixed(-1) %>',
    '     ^',
    'hint: the line is the template\'s own; render it alone with "tasks render-template --values FILE".',
  ].join('\n'))
})

t.test('a syntax error inside an interpolation tag points at that tag', async (t) => {
  t.strictSame(render('a: 1\nb:   <%= it.x + %>\nc: 3\n'), {
    ok: false,
    failure: {
      reason: 'template-error',
      at: { file: FILE, line: 2, column: 6 },
      detail: 'syntax error in the expression: Unexpected token \')\'',
      source: 'b:   <%= it.x + %>',
    },
  })
})

t.test('an unclosed block fails at line 1 with eta\'s compile message', async (t) => {
  // eta compiles the whole template into one function, so an unclosed block surfaces as a syntax
  // error of that function: no template line is known, and the message names eta's generated code.
  const expected = { reason: 'template-error', at: { file: FILE, line: 1, column: 1 }, detail: 'Bad template syntax: Unexpected token \'catch\'' }
  t.strictSame(render('<% if (it.x) { %>\nb: 2\n'), { ok: false, failure: expected })
  t.strictSame(render('a: 1\n<% if (it.x) { %>\nb: 2\n'), { ok: false, failure: expected }, 'also when the block opens on a later line')
  const result = render('<% if (it.x) { %>\n')
  if (result.ok) throw new Error('expected a failure')
  t.equal(formatFailure(result.failure), `${FILE}:1:1 Bad template syntax: Unexpected token 'catch'\nhint: the line is the template's own; render it alone with "tasks render-template --values FILE".`, 'no excerpt without a source line')
})

t.test('an output with a reserved name is refused before rendering', async (t) => {
  for (const name of ['settings', 'outputs']) {
    t.strictSame(render('<%= it.x %>\n', { ...OUTPUTS, [name]: { value: 'shadow' } }), {
      ok: false,
      failure: {
        reason: 'template-error',
        at: { file: FILE, line: 1, column: 1 },
        detail: `the Terraform output "${name}" has a reserved name (it.outputs, it.settings are set by tasks); rename the output`,
      },
    }, name)
  }
})

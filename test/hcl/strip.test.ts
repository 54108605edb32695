import t from 'tap'
import { parse } from '@cdktf/hcl2json'
import { checkAliases, lex, providerAliasesReferenced, stripKopsTerraform } from '../../modules/hcl/mod.ts'
import { fixture, needsShared } from '../helpers/shared.ts'

const lines = (...l: string[]): string => l.join('\n') + '\n'

// The blocks kOps ~1.26/1.27 wrote into both fixtures (region us-test-1), each with the blank line
// the stripper removes with it: after the providers, and before the terraform block that ends the file.
const PROVIDER = lines('provider "aws" {', '  region = "us-test-1"', '}', '')
const PROVIDER_FILES = lines('provider "aws" {', '  alias  = "files"', '  region = "us-test-1"', '}', '')
const TERRAFORM = '\n' + lines(
  'terraform {',
  '  required_version = ">= 0.15.0"',
  '  required_providers {',
  '    aws = {',
  '      "configuration_aliases" = [aws.files]',
  '      "source"                = "hashicorp/aws"',
  '      "version"               = ">= 4.0.0"',
  '    }',
  '  }',
  '}',
)

// The input with each of `parts` (which must occur exactly once) cut out.
function without(input: string, parts: string[]): string {
  const ranges = parts.map((p) => {
    const at = input.indexOf(p)
    if (at < 0 || input.indexOf(p, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(p.slice(0, 30))}`)
    return [at, at + p.length] as const
  })
  ranges.sort((a, b) => a[0] - b[0])
  let out = ''
  let from = 0
  for (const [start, end] of ranges) {
    out += input.slice(from, start)
    from = end
  }
  return out + input.slice(from)
}

const heads = (text: string): string[] => text.match(/^(resource|data|output|locals)\b[^\n]*\{$/gm) ?? []

for (const name of ['minimal', 'shared_subnet']) {
  t.test(`kops terraform-out/${name}: both providers and the terraform block go, nothing else`, { skip: needsShared }, async (t) => {
    const input = fixture(`kops/terraform-out/${name}/kubernetes.tf`)
    const r = stripKopsTerraform(input)
    if (!r.ok) return t.fail(r.error)
    t.same(r.removed, ['provider "aws"', 'provider "aws" (alias files)', 'terraform'])
    t.equal(r.text, without(input, [PROVIDER, PROVIDER_FILES, TERRAFORM]), 'exactly those byte ranges are removed')
    t.same(heads(r.text), heads(input), 'every resource, data, output and locals block is kept, in order')
    t.ok(heads(input).length > 50)
    t.notMatch(r.text, /\n\n\n/, 'no doubled blank line is left behind')
    t.ok(r.text.endsWith('}\n') && !r.text.endsWith('\n\n'), 'the file still ends with one newline')
    const parsed = await parse('kubernetes.tf', r.text)
    t.same(Object.keys(parsed).sort(), name === 'shared_subnet' ? ['data', 'locals', 'output', 'resource'] : ['locals', 'output', 'resource'])
    const again = stripKopsTerraform(r.text)
    t.same(again, { ok: true, text: r.text, removed: [] }, 'stripping twice changes nothing')
  })

  t.test(`kops terraform-out/${name}: aws.files is referenced and must be configured`, { skip: needsShared }, async (t) => {
    const input = fixture(`kops/terraform-out/${name}/kubernetes.tf`)
    t.same(providerAliasesReferenced(input), { ok: true, aliases: ['aws.files'] })
    t.equal(checkAliases(input, ['aws.files']), undefined)
    t.equal(
      checkAliases(input, []),
      'kubernetes.tf references provider aws.files, which 2-kops does not configure; add provider "aws" { alias = "files" } to 2-kops/config.tf',
    )
  })
}

t.test('braces, quotes and keywords inside strings are not structure', async (t) => {
  const input = lines(
    'locals {',
    '  a = "} provider \\"aws\\" { terraform {"',
    '  b = "ends in a backslash \\\\"',
    '}',
    '',
    'provider "aws" {',
    '  region = "us-east-1"',
    '}',
    '',
    'resource "x" "y" {',
    '  tags = { "Name" = "{not a block}" }',
    '}',
  )
  t.same(stripKopsTerraform(input), {
    ok: true,
    text: lines('locals {', '  a = "} provider \\"aws\\" { terraform {"', '  b = "ends in a backslash \\\\"', '}', '', 'resource "x" "y" {', '  tags = { "Name" = "{not a block}" }', '}'),
    removed: ['provider "aws"'],
  })
})

t.test('template interpolations and directives may hold nested strings with braces', async (t) => {
  const resource = lines(
    'resource "aws_s3_object" "o" {',
    '  key      = "${replace("a}b", "}", "{")}/x"',
    '  content  = "%{ if var.x == "}" }yes%{ else }no%{ endif }"',
    '  escaped  = "$${literal} and %%{literal}"',
    '  nested   = "${ { a = "${"}"}" }["a"] }"',
    '  provider = aws.files',
    '}',
  )
  const input = resource + lines('', 'terraform {', '  required_version = ">= 0.15.0"', '}')
  t.same(stripKopsTerraform(input), { ok: true, text: resource, removed: ['terraform'] }, 'the last block takes the blank line before it')
})

t.test('heredocs are text, including lines that look like blocks or braces', async (t) => {
  const kept = lines(
    'resource "aws_launch_template" "t" {',
    '  user_data = <<-EOF',
    '    provider "aws" {',
    '    ${jsonencode({ a = "}" })}',
    '    terraform {',
    '    EOF',
    '}',
    '',
    'locals {',
    '  script = <<EOF',
    '}',
    'provider "aws" {',
    'EOF',
    '}',
  )
  const input = kept.replace('\nlocals', '\nprovider "aws" {\n  alias  = "files"\n  region = "us-east-1"\n}\n\nlocals')
  t.same(stripKopsTerraform(input), { ok: true, text: kept, removed: ['provider "aws" (alias files)'] })
})

t.test('comments may hold braces and keywords; comments above a removed block stay', async (t) => {
  const comments = lines('# provider "aws" { region = "x" }', '// terraform {', '/* provider "aws" {', '} } } */')
  const output = lines('output "x" {', '  value = 1 /* } */', '}')
  const input = comments + lines('provider "aws" { # the only real one {', '  region = "us-east-1" // }', '} # end of provider {', '') + output
  t.same(stripKopsTerraform(input), { ok: true, text: comments + output, removed: ['provider "aws"'] })
})

t.test('the legacy `terraform = { … }` form goes too; adjacent removed items go as one run', async (t) => {
  const input = lines(
    'terraform = {',
    '  required_version = ">= 0.9.3"',
    '}',
    '',
    'provider "aws" {',
    '  region = "us-east-1"',
    '}',
    '',
    'resource "aws_vpc" "v" {',
    '  cidr_block = "10.0.0.0/16"',
    '}',
  )
  t.same(stripKopsTerraform(input), {
    ok: true,
    text: lines('resource "aws_vpc" "v" {', '  cidr_block = "10.0.0.0/16"', '}'),
    removed: ['terraform (legacy = form)', 'provider "aws"'],
  })
  const atEnd = lines('locals {', '  a = 1', '}', '', 'provider "aws" {', '}', '', 'terraform {', '}')
  t.same(stripKopsTerraform(atEnd), { ok: true, text: lines('locals {', '  a = 1', '}'), removed: ['provider "aws"', 'terraform'] })
})

t.test('nested blocks inside a provider go with it; only top-level aws providers are removed', async (t) => {
  const kept = lines(
    'provider "google" {',
    '  project = "p"',
    '}',
    '',
    'module "m" {',
    '  provider "aws" {',
    '  }',
    '}',
    '',
    'resource "aws_s3_object" "o" {',
    '  provider = aws.files',
    '}',
  )
  const provider = lines(
    'provider "aws" {',
    '  region = "us-east-1"',
    '  assume_role {',
    '    role_arn = "arn:aws:iam::123456789012:role/x"',
    '  }',
    '  default_tags {',
    '    tags = {',
    '      alias = "not-the-alias"',
    '      Note  = "{ braces }"',
    '    }',
    '  }',
    '}',
    '',
  )
  t.same(stripKopsTerraform(provider + kept), { ok: true, text: kept, removed: ['provider "aws"'] })
})

t.test('an item sharing its line with something else loses only its own text', async (t) => {
  const input = lines('locals {', '}', '/* note */ provider "aws" {', '  region = "us-east-1"', '}', '', 'output "a" {', '  value = 1', '}')
  t.same(stripKopsTerraform(input), { ok: true, text: lines('locals {', '}', '/* note */ ', '', 'output "a" {', '  value = 1', '}'), removed: ['provider "aws"'] })
})

t.test('CRLF line endings are kept, blank lines included', async (t) => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n')
  const input = crlf(lines('locals {', '  a = "{"', '}', '', 'provider "aws" {', '  region = "us-east-1"', '}', '', 'output "a" {', '  value = local.a', '}', '', 'terraform {', '}'))
  t.same(stripKopsTerraform(input), {
    ok: true,
    text: crlf(lines('locals {', '  a = "{"', '}', '', 'output "a" {', '  value = local.a', '}')),
    removed: ['provider "aws"', 'terraform'],
  })
})

t.test('input with nothing to strip comes back byte for byte', async (t) => {
  const input = '# header\n\nresource "a" "b" {\n  provider = aws.files\n  x        = "provider \\"aws\\" {}"\n}\n\n\n'
  t.same(stripKopsTerraform(input), { ok: true, text: input, removed: [] })
  t.same(stripKopsTerraform(''), { ok: true, text: '', removed: [] })
})

t.test('unbalanced or unterminated input is an error at line:column', async (t) => {
  const cases: Array<[string, string]> = [
    ['provider "aws" {\n  region = "x"\n', '1:16: "{" is never closed'],
    ['resource "a" "b" {\n}\n}\n', '3:1: unexpected "}" with no matching opening bracket'],
    ['locals {\n  a = [1, 2}\n}\n', '2:12: "}" does not close the "[" opened at 2:7'],
    ['locals {\n  a = "open\n}\n', '2:7: the string is never closed on its line'],
    ['locals {\n  a = <<EOF\n  text\n}\n', '2:7: the heredoc "<<EOF" has no closing "EOF" line'],
    ['/* provider "aws" {\n', '1:1: the comment "/*" is never closed'],
    ['locals {\n  a = "${foo(}"\n}\n', '2:14: "}" does not close the "(" opened at 2:13'],
    ['a = "${ b', '1:6: the interpolation "${" is never closed'],
    ['a = <<EOF\n%{ if b\nEOF\n', '2:1: the interpolation "%{" is never closed'],
  ]
  for (const [input, error] of cases) t.same(stripKopsTerraform(input), { ok: false, error }, JSON.stringify(input))
})

t.test('the lexer turns strings, heredocs and comments into single tokens', async (t) => {
  const r = lex('a = "x{y}" # c {\nb = <<EOT\n}\nEOT\n')
  if (!r.ok) return t.fail(r.error)
  t.same(
    r.tokens.map((k) => [k.kind, k.text]),
    [['ident', 'a'], ['equals', '='], ['string', '"x{y}"'], ['comment', '# c {'], ['newline', '\n'], ['ident', 'b'], ['equals', '='], ['heredoc', '<<EOT\n}\nEOT'], ['newline', '\n']],
  )
})

t.test('provider alias references: only `provider = NAME.ALIAS` attributes count', async (t) => {
  const input = lines(
    'resource "a" "one" {',
    '  provider = aws.files',
    '}',
    'resource "a" "two" {',
    '  provider = google.eu # a comment',
    '  note     = "provider = aws.in_string"',
    '  script   = <<EOF',
    'provider = aws.in_heredoc',
    'EOF',
    '  # provider = aws.in_comment',
    '}',
    'resource "a" "three" {',
    '  provider = aws',
    '}',
    'resource "a" "four" {',
    '  provider = aws.files',
    '}',
  )
  t.same(providerAliasesReferenced(input), { ok: true, aliases: ['aws.files', 'google.eu'] })
  t.equal(
    checkAliases(input, ['aws.files']),
    'kubernetes.tf references provider google.eu, which 2-kops does not configure; add provider "google" { alias = "eu" } to 2-kops/config.tf',
  )
  t.equal(
    checkAliases(input, [], { name: 'cluster-layer', configFile: 'layers/cluster/providers.tf' }),
    'kubernetes.tf references providers aws.files and google.eu, which cluster-layer does not configure; add provider "aws" { alias = "files" } and provider "google" { alias = "eu" } to layers/cluster/providers.tf',
  )
  t.equal(checkAliases(input, ['google.eu', 'aws.files']), undefined)
  t.same(providerAliasesReferenced('a {'), { ok: false, error: '1:3: "{" is never closed' })
  t.equal(checkAliases('a {', []), 'kubernetes.tf cannot be read: 1:3: "{" is never closed')
})

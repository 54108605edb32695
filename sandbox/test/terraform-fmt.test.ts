// `terraform fmt` in the simulator: its documented notion of unformatted (CRLF, trailing
// whitespace, tab indentation, not exactly one final newline), -check exit 3 with the file list,
// -list=false, -write=false, -diff, -recursive, and exit 2 with a diagnostic on a parse error.
import t from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatText } from '../terraform/cmd/cmd-fmt.ts'
import { runTerraform } from '../terraform/cmd/main.ts'

const CLEAN = 'resource "null_resource" "x" {\n  triggers = {\n    a = "b"\n  }\n}\n'

function workspace(t: { teardown: (fn: () => void) => void }, files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'tf-fmt-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  const env = { TASKS_SANDBOX_DIR: join(root, '.sandbox') }
  return { root, read: (name: string) => readFileSync(join(root, name), 'utf8'), tf: (...argv: string[]) => runTerraform(argv, root, env) }
}

t.test('the rules: CRLF, trailing whitespace, tab indentation, final newline; alignment is not checked', async (t) => {
  t.equal(formatText(CLEAN), CLEAN)
  t.equal(formatText('a = 1\r\nb = 2\r\n'), 'a = 1\nb = 2\n')
  t.equal(formatText('a = 1   \nb = 2\t\n'), 'a = 1\nb = 2\n')
  t.equal(formatText('x {\n\ta = 1\n\t\tb = "\tkeep"\n}\n'), 'x {\n  a = 1\n    b = "\tkeep"\n}\n')
  t.equal(formatText('a = 1'), 'a = 1\n')
  t.equal(formatText('a = 1\n\n\n'), 'a = 1\n')
  t.equal(formatText('a      = 1\nlonger = 2\n'), 'a      = 1\nlonger = 2\n', 'misaligned = is left alone')
  t.equal(formatText(''), '')
})

t.test('-check lists unformatted files and exits 3; clean exits 0; nothing is written', async (t) => {
  const ws = workspace(t, { 'main.tf': CLEAN, 'vars.tf': 'variable "a" {} \n', 'prod.tfvars': 'a = 1', 'README.md': 'not hcl  \n', 'sub/x.tf': 'a = 1 \n' })
  t.same(await ws.tf('fmt', '-check', '-no-color'), { code: 3, stdout: 'prod.tfvars\nvars.tf\n', stderr: '' })
  t.equal(ws.read('vars.tf'), 'variable "a" {} \n', '-check never writes')
  t.same(await ws.tf('fmt', '-check', '-list=false'), { code: 3, stdout: '', stderr: '' })
  t.same(await ws.tf('fmt', '-check', '-recursive'), { code: 3, stdout: 'prod.tfvars\nsub/x.tf\nvars.tf\n', stderr: '' })
  t.same(await ws.tf('fmt', '-check', 'main.tf'), { code: 0, stdout: '', stderr: '' })
  t.same(await ws.tf('fmt', '-check', 'sub'), { code: 3, stdout: 'sub/x.tf\n', stderr: '' })
})

t.test('without -check: rewrites and lists, exit 0; -write=false and -diff', async (t) => {
  const ws = workspace(t, { 'main.tf': 'a = 1  \r\n', 'ok.tf': CLEAN })
  t.same(await ws.tf('fmt', '-write=false', '-diff'), { code: 0, stdout: 'main.tf\n--- old/main.tf\n+++ new/main.tf\n-a = 1  \n+a = 1\n \n', stderr: '' })
  t.equal(ws.read('main.tf'), 'a = 1  \r\n')
  t.same(await ws.tf('fmt'), { code: 0, stdout: 'main.tf\n', stderr: '' })
  t.equal(ws.read('main.tf'), 'a = 1\n')
  t.same(await ws.tf('fmt', '-check'), { code: 0, stdout: '', stderr: '' })
})

t.test('a parse error exits 2 with the diagnostic on stderr; bad targets fail', async (t) => {
  const ws = workspace(t, { 'bad.tf': 'resource "x" {\n', 'notes.txt': 'x\n' })
  const r = await ws.tf('fmt', '-check')
  t.same([r.code, r.stdout], [2, ''])
  t.match(r.stderr, /^\nError: Unclosed configuration block\n\n {2}on bad\.tf line 1:\n/)
  t.match((await ws.tf('fmt', 'notes.txt')).stderr, /Only \.tf, \.tfvars, and \.tftest\.hcl files can be processed with terraform fmt/)
  t.match((await ws.tf('fmt', 'missing')).stderr, /^\nError: No file or directory at missing\n/)
})

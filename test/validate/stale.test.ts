import t from 'tap'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { processRunner } from '../../modules/exec/process-runner.ts'
import { firstDifference, staleFile } from '../../modules/validate/stale.ts'
import { runCli } from '../helpers/project.ts'
import { repoCopy } from '../helpers/repo-copy.ts'

t.test('firstDifference finds the first differing line, including one text being longer', async (t) => {
  t.equal(firstDifference('a\nb\n', 'a\nb\n'), undefined)
  t.equal(firstDifference('a\nb\n', 'a\nc\n'), 2)
  t.equal(firstDifference('a\n', 'a\nb\n'), 2)
})

t.test('a committed file that differs is stale, with the command that regenerates it; an absent one is not', async (t) => {
  t.equal(staleFile('clusters/x/cluster.yml', undefined, 'a\n', 'x'), undefined)
  t.equal(staleFile('clusters/x/cluster.yml', 'a\n', 'a\n', 'x'), undefined)
  t.same(staleFile('clusters/x/cluster.yml', 'a\nold: 1\n', 'a\nnew: 2\n', 'x'), {
    at: { file: 'clusters/x/cluster.yml', line: 2, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: 'clusters/x/cluster.yml is stale: the template now renders "new: 2" here',
    hint: 'regenerate it with `npx tasks cluster-template --cluster x` (and `npx tasks cluster-update --cluster x` for kubernetes.tf), then commit both',
  })
})

// A sensitive output is rendered into the committed file as its value, into validate's rendering
// as "(sensitive)" (outputs.json holds it redacted): that text stands for any value on its line.
const SECRET = 's3cr3t-hunter2-TOKEN'

t.test('a committed file holding a sensitive value where the rendering says "(sensitive)" is not stale', async (t) => {
  const rendered = 'a: 1\ntoken: (sensitive)\nurl: https://(sensitive)@host/(sensitive)\nb: 2\n'
  t.equal(staleFile('clusters/x/cluster.yml', `a: 1\ntoken: ${SECRET}\nurl: https://u:${SECRET}@host/x\nb: 2\n`, rendered, 'x'), undefined)
  t.equal(staleFile('clusters/x/cluster.yml', 'a: 1\ntoken: \nurl: https://@host/\nb: 2\n', rendered, 'x'), undefined, 'an empty value too')
  t.equal(firstDifference('a: 1\ntoken: x\n', 'a: 1\ntoken: (sensitive)\n'), 2, 'firstDifference itself stays exact')
})

t.test('a stale file with a sensitive value: the first differing line, never the value', async (t) => {
  const rendered = 'a: 1\ntoken: (sensitive)\nb: 2\n'
  const edited = staleFile('clusters/x/cluster.yml', `a: 1\ntoken: ${SECRET}\nb: 3\n`, rendered, 'x')
  t.same(edited, {
    at: { file: 'clusters/x/cluster.yml', line: 3, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: 'clusters/x/cluster.yml is stale: the template now renders "b: 2" here',
    hint: 'regenerate it with `npx tasks cluster-template --cluster x` (and `npx tasks cluster-update --cluster x` for kubernetes.tf), then commit both',
    quote: false,
  })
  // The line that holds the value differs: it is named; no line of the file is quoted (quote: false).
  const renamed = staleFile('clusters/x/cluster.yml', `a: 1\ntoken: ${SECRET}\nb: 2\n`, 'a: 1\noidcToken: (sensitive)\nb: 2\n', 'x')
  t.same(renamed, {
    at: { file: 'clusters/x/cluster.yml', line: 2, column: 1 },
    rule: 'stale-generated',
    severity: 'error',
    message: 'clusters/x/cluster.yml is stale: the template now renders "oidcToken: (sensitive)" here',
    hint: 'regenerate it with `npx tasks cluster-template --cluster x` (and `npx tasks cluster-update --cluster x` for kubernetes.tf), then commit both',
    quote: false,
  })
  // A value stands for text within its line only: a line added after it is still found.
  t.equal(staleFile('clusters/x/cluster.yml', `token: ${SECRET}\nextra: 1\nb: 2\n`, 'token: (sensitive)\nb: 2\n', 'x')?.at.line, 2)
  t.notOk(JSON.stringify([edited, renamed]).includes(SECRET))
})

t.test('validate: a committed cluster.yml rendered with a sensitive output is clean; edited, it is stale without the value', async (t) => {
  const root = repoCopy(['demo'])
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(root, file), 'utf8')
    if (!text.includes(from)) throw new Error(`${file}: no ${from}`)
    writeFileSync(join(root, file), text.replace(from, to))
  }
  // What a run leaves: outputs.json with the value redacted, cluster.yml with the value rendered.
  const outputs = JSON.parse(readFileSync(join(root, 'clusters/demo/outputs.json'), 'utf8'))
  outputs.oidc_token = { sensitive: true, type: 'string', value: '(sensitive)' }
  writeFileSync(join(root, 'clusters/demo/outputs.json'), `${JSON.stringify(outputs, null, 2)}\n`)
  edit('2-kops/cluster-template.yml.eta', '  masterPublicName:', '  # oidc token: <%= it.oidc_token %>\n  masterPublicName:')
  edit('clusters/demo/cluster.yml', '  masterPublicName:', `  # oidc token: ${SECRET}\n  masterPublicName:`)
  const validate = () => runCli(root, ['validate', '--cluster', 'demo'], { ports: { tools: processRunner } })
  t.same(await validate(), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' })

  edit('clusters/demo/cluster.yml', '  kubernetesVersion: 1.28.9', '  kubernetesVersion: 1.28.8')
  const edited = await validate()
  t.same(edited, {
    code: 2,
    stdout: 'clusters/demo/cluster.yml:64:1 error: clusters/demo/cluster.yml is stale: the template now renders "  kubernetesVersion: 1.28.9" here [stale-generated]\n  hint: regenerate it with `npx tasks cluster-template --cluster demo` (and `npx tasks cluster-update --cluster demo` for kubernetes.tf), then commit both\n✖ 1 cluster checked: 1 error, 0 warnings.\n',
    stderr: '',
  })

  // The template changes the line that holds the value: named, the file's line not shown.
  edit('clusters/demo/cluster.yml', '  kubernetesVersion: 1.28.8', '  kubernetesVersion: 1.28.9')
  edit('2-kops/cluster-template.yml.eta', '# oidc token:', '# OIDC token:')
  const renamed = await validate()
  t.same(renamed, {
    code: 2,
    stdout: 'clusters/demo/cluster.yml:66:1 error: clusters/demo/cluster.yml is stale: the template now renders "  # OIDC token: (sensitive)" here [stale-generated]\n  hint: regenerate it with `npx tasks cluster-template --cluster demo` (and `npx tasks cluster-update --cluster demo` for kubernetes.tf), then commit both\n✖ 1 cluster checked: 1 error, 0 warnings.\n',
    stderr: '',
  })
  t.notOk(`${edited.stdout}${renamed.stdout}`.includes(SECRET))
})

t.test('validate: a sensitive value in outputs.mock.json is rendered redacted too, as a run records it', async (t) => {
  const root = repoCopy(['demo'])
  const outputs = JSON.parse(readFileSync(join(root, 'clusters/demo/outputs.json'), 'utf8'))
  outputs.oidc_token = { sensitive: true, type: 'string', value: 'mock-token-value' }
  rmSync(join(root, 'clusters/demo/outputs.json'))
  writeFileSync(join(root, 'clusters/demo/outputs.mock.json'), `${JSON.stringify(outputs, null, 2)}\n`)
  for (const [file, line] of [['2-kops/cluster-template.yml.eta', '  # oidc token: <%= it.oidc_token %>'], ['clusters/demo/cluster.yml', `  # oidc token: ${SECRET}`]]) {
    writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replace('  masterPublicName:', `${line}\n  masterPublicName:`))
  }
  t.same(await runCli(root, ['validate', '--cluster', 'demo'], { ports: { tools: processRunner } }), { code: 0, stdout: '✔ 1 cluster valid.\n', stderr: '' })
})

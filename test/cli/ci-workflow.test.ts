// The shipped CI workflow (.github/workflows/clusters.yml) runs commands this CLI accepts: every
// `npx tasks …` line, with its shard made 1/1, parses and dry-runs on the demo project, and the
// main-branch jobs plan with --save and apply exactly the saved plans (apply --plan).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { runCli } from '../helpers/project.ts'
import { REPO, repoCopy } from '../helpers/repo-copy.ts'

t.setTimeout(120_000)

type Step = { run?: string; name?: string; if?: string }
type Workflow = { jobs: Record<string, { steps: Step[]; needs?: string; environment?: string; if?: string }> }

const workflow = parse(readFileSync(join(REPO, '.github/workflows/clusters.yml'), 'utf8')) as Workflow

/** The tasks command of a step: its words after `npx tasks`, up to a redirection or `||`. */
const tasksWords = (run: string): string[] => run.replace(/^npx tasks /, '').split(/ (?:>|\|\|) /)[0].replaceAll('${{ matrix.shard }}/4', '1/1').split(' ')

t.test('every tasks command of the workflow dry-runs on the demo project', async (t) => {
  const commands = Object.entries(workflow.jobs).flatMap(([job, j]) => j.steps.filter((s) => s.run?.startsWith('npx tasks ')).map((s) => [job, tasksWords(s.run!)] as const))
  t.same(commands.map(([job, words]) => `${job}: ${words.slice(0, 1).join(' ')}`), ['plan: graph', 'plan: plan-detailed', 'plan: plan', 'apply: apply'])
  const root = repoCopy()
  for (const [job, words] of commands) {
    const argv = words[0] === 'graph' ? words : [...words, '--dry-run']
    const r = await runCli(root, argv)
    t.equal(r.code, 0, `${job}: tasks ${argv.join(' ')}\n${r.stderr}`)
    if (words.includes('--save')) t.match(r.stdout, /\n {2}plan-save +run /, 'plan --save saves the plans')
    if (words.includes('--plan')) t.match(r.stdout, /\n {2}saved-check +run /, 'apply --plan applies the saved plans')
  }
})

t.test('on main, the apply waits for the plans and an approval, and applies what was saved', async (t) => {
  const { plan, apply } = workflow.jobs
  t.same([apply.needs, apply.environment, apply.if], ['plan', 'production', "github.event_name == 'push'"])
  const saved = plan.steps.find((s) => s.run?.includes('--save'))!
  t.equal(saved.if, "github.event_name == 'push'")
  const save = tasksWords(saved.run!)
  const applied = tasksWords(apply.steps.find((s) => s.run?.includes('tasks apply'))!.run!)
  t.equal(applied[applied.indexOf('--plan') + 1], save[save.indexOf('--save') + 1], 'apply reads the directory plan saved')
  t.ok(applied.includes('--yes'), 'the gate is answered by the approval, without a terminal')
})

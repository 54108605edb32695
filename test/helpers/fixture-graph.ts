// A small graph exercising every stage kind, written into temp projects as their tasks.ts.
import { GRAPH_API } from './project.ts'

export const FIXTURE_TASKS = `import { graph } from '${GRAPH_API}'
const fake = (ctx, ...args) => ({ tool: 'fake', args: [...args, ctx.cluster.name], cwd: ctx.root, env: { REGION: String(ctx.cluster.settings.region) } })

export default graph()
  .stage('outputs', {
    kind: 'read',
    run: async (ctx) => JSON.parse(await ctx.readFile(ctx.cluster.dir + '/values.json')),
  })
  .stage('render', {
    kind: 'pure',
    needs: ['outputs'],
    inputs: ['template.txt'],
    outputs: ['clusters/{cluster}/out.txt'],
    run: async (ctx) => {
      const text = (await ctx.readFile('template.txt')).replace('VERSION', ctx.needs.outputs.version)
      await ctx.writeFile(ctx.cluster.dir + '/out.txt', text)
      return { file: 'out.txt' }
    },
  })
  .stage('push', {
    kind: 'write',
    needs: ['render'],
    inputs: ['clusters/{cluster}/out.txt'],
    settings: (c) => ({ region: c.settings.region }),
    commands: (ctx) => [fake(ctx, 'push', ctx.needs.render.file)],
  })
  .stage('check', {
    kind: 'read',
    needs: ['push'],
    commands: (ctx) => [fake(ctx, 'check')],
    run: (_ctx, [r]) => ({ changes: Number(r.stdout.trim() || '0') }),
  })
  .stage('deploy', {
    kind: 'write',
    needs: ['check'],
    gated: true,
    gateSummary: (ctx) => ctx.needs.check.changes + ' change(s)',
    skipIf: (ctx) => (ctx.needs.check.changes === 0 ? 'no changes' : undefined),
    commands: (ctx) => [fake(ctx, 'deploy')],
  })
  .stage('announce', {
    kind: 'write',
    needs: ['deploy'],
    gated: true,
    cached: false,
    gateSummary: () => 'tells everyone',
    commands: (ctx) => [fake(ctx, 'announce')],
  })
  .target('outputs', { group: 'Reads', description: 'Read the values', stages: ['outputs'] })
  .target('push', { group: 'Changes', description: 'Render and push', stages: ['push'] })
  .target('deploy', { group: 'Changes', description: 'Deploy what check found', stages: ['deploy'] })
  .target('announce', { group: 'Changes', description: 'Deploy, then announce', stages: ['announce'] })
`

/** A project with clusters a and b and the fixture graph. */
export function fixtureFiles(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'tasks.ts': FIXTURE_TASKS,
    'template.txt': 'version: VERSION\n',
    'clusters/a/cluster.yaml': 'region: eu-west-1\n',
    'clusters/a/values.json': '{"version":"1.28.4"}',
    'clusters/b/cluster.yaml': 'region: us-east-1\n',
    'clusters/b/values.json': '{"version":"1.29.7"}',
    ...extra,
  }
}

import t from 'tap'
import { planReport, planResult, resourceKind, rollingReport } from '../../modules/workflow/mod.ts'
import { resultOf } from '../helpers/stage-result.ts'

const show = (changes: { address: string; type: string; actions: string[] }[]) =>
  JSON.stringify({ format_version: '1.2', applyable: true, complete: true, errored: false, resource_changes: changes.map((c) => ({ ...c, mode: 'managed', name: c.address.split('.')[1], change: { actions: c.actions } })) })

t.test('a plan\'s note flags replacements and deletions by the kind of resource', async (t) => {
  const plan = resultOf(planResult(2, show([
    { address: 'aws_launch_template.nodes-prod', type: 'aws_launch_template', actions: ['delete', 'create'] },
    { address: 'aws_ebs_volume.a-etcd-main-prod', type: 'aws_ebs_volume', actions: ['delete'] },
    { address: 'aws_iam_role.nodes-prod', type: 'aws_iam_role', actions: ['update'] },
    { address: 'aws_s3_object.spec', type: 'aws_s3_object', actions: ['create'] },
  ])))
  t.same(planReport(plan), {
    note: '+2 ~1 -2; REPLACES instance groups (1); DELETES etcd volumes (1)',
    data: {
      add: 2, change: 1, destroy: 2,
      replacements: [{ address: 'aws_launch_template.nodes-prod', kind: 'instance groups' }],
      deletions: [{ address: 'aws_ebs_volume.a-etcd-main-prod', kind: 'etcd volumes' }],
      // What it deletes or replaces, protected (by the default globs) first.
      destructive: [
        { address: 'aws_ebs_volume.a-etcd-main-prod', type: 'aws_ebs_volume', action: 'delete', actions: ['delete'], protected: true, protectedBy: 'aws_ebs_volume.*' },
        { address: 'aws_launch_template.nodes-prod', type: 'aws_launch_template', action: 'replace', actions: ['delete', 'create'], protected: false },
      ],
      summary: 'Plan: 2 to add, 1 to change, 2 to destroy.',
    },
    pending: true,
    lines: ['PROTECTED aws_ebs_volume.a-etcd-main-prod: delete', 'aws_launch_template.nodes-prod: replace'],
  })
  t.equal(planReport(resultOf(planResult(0, show([])))).pending, false, 'no changes: nothing pending (plan-detailed exits 0)')
  t.equal(planReport(resultOf(planResult(0, show([])))).note, 'no changes')
  t.same(['aws_autoscaling_group', 'aws_iam_instance_profile', 'aws_route53_record', 'aws_security_group_rule', 'aws_lb', 'aws_sqs_queue'].map(resourceKind), ['instance groups', 'IAM', 'Route53', 'network', 'load balancers', 'aws_sqs_queue'])
})

t.test('a rolling update\'s note names the groups to roll', async (t) => {
  t.same(rollingReport({ needsUpdate: ['master-us-east-1a', 'nodes'] }), { note: 'needs a roll: master-us-east-1a, nodes', data: { needsUpdate: ['master-us-east-1a', 'nodes'] } })
  t.equal(rollingReport({ needsUpdate: [] }).note, 'no roll needed')
})

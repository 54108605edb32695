// IAM (a role, instance profile and inline policy per family: masters, nodes, bastions), the SSH
// key pair, and the Node Termination Handler queue with its EventBridge rules and targets.
import { attr, str, strMap, num } from './hcl.ts'
import { baseTags, dataFile, family, fileRef, ref, resource, type Model, type Part, type TfResource } from './model.ts'
import { assumeRolePolicy, eventPattern, rolePolicy, sqsPolicy } from './content.ts'

const EVENTS = ['ASGLifecycle', 'InstanceScheduledChange', 'InstanceStateChange', 'SpotInterruption']

function roleResources(m: Model, fam: 'masters' | 'nodes' | 'bastions', files: Array<[string, string]>): TfResource[] {
  const raw = `${fam}.${m.name}`
  const tags = strMap(baseTags(m, raw))
  const trust = dataFile('aws_iam_role', raw, 'policy')
  const policy = dataFile('aws_iam_role_policy', raw, 'policy')
  files.push([trust, assumeRolePolicy()], [policy, rolePolicy(m, fam)])
  return [
    resource('aws_iam_instance_profile', raw, [attr('name', str(raw)), attr('role', ref('aws_iam_role', raw, 'name')), attr('tags', tags)]),
    resource('aws_iam_role', raw, [attr('assume_role_policy', fileRef(trust)), attr('name', str(raw)), attr('tags', tags)]),
    resource('aws_iam_role_policy', raw, [attr('name', str(raw)), attr('policy', fileRef(policy)), attr('role', ref('aws_iam_role', raw, 'name'))]),
  ]
}

function keyPair(m: Model, files: Array<[string, string]>): TfResource[] {
  const key = m.input.sshKey
  if (!key || m.input.sshKeyName) return []
  const raw = `kubernetes.${m.name}-${key.aws.replaceAll(':', '')}`
  const file = dataFile('aws_key_pair', raw, 'public_key')
  files.push([file, key.content])
  return [
    resource('aws_key_pair', raw, [
      attr('key_name', str(`kubernetes.${m.name}-${key.aws}`)),
      attr('public_key', fileRef(file)),
      attr('tags', strMap(baseTags(m, m.name))),
    ]),
  ]
}

function terminationHandler(m: Model, files: Array<[string, string]>): TfResource[] {
  if (!m.nth) return []
  const queue = `${m.name.replaceAll('.', '-')}-nth`
  const policyFile = dataFile('aws_sqs_queue', queue, 'policy')
  files.push([policyFile, sqsPolicy(m, queue)])
  const out = [
    resource('aws_sqs_queue', queue, [
      attr('message_retention_seconds', num(300)),
      attr('name', str(queue)),
      attr('policy', fileRef(policyFile)),
      attr('tags', strMap(baseTags(m, queue))),
    ]),
  ]
  for (const event of EVENTS) {
    const rule = `${m.name}-${event}`
    const patternFile = dataFile('aws_cloudwatch_event_rule', rule, 'event_pattern')
    files.push([patternFile, eventPattern(event)])
    out.push(
      resource('aws_cloudwatch_event_rule', rule, [attr('event_pattern', fileRef(patternFile)), attr('name', str(rule)), attr('tags', strMap(baseTags(m, rule)))]),
      resource('aws_cloudwatch_event_target', `${rule}-Target`, [attr('arn', ref('aws_sqs_queue', queue, 'arn')), attr('rule', ref('aws_cloudwatch_event_rule', rule))]),
    )
  }
  return out
}

/** IAM, key pair and NTH resources with their data files and role locals. */
export function iam(m: Model): Part {
  const files: Array<[string, string]> = []
  const families = [...new Set(m.groups.map((g) => family(g.role)))].sort()
  const resources = [...families.flatMap((f) => roleResources(m, f, files)), ...keyPair(m, files), ...terminationHandler(m, files)]
  const locals: NonNullable<Part['locals']> = []
  for (const f of families) {
    locals.push([`${f}_role_arn`, ref('aws_iam_role', `${f}.${m.name}`, 'arn')], [`${f}_role_name`, ref('aws_iam_role', `${f}.${m.name}`, 'name')])
  }
  return { resources, files, locals }
}

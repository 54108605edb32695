// Contents of the data/ files that are not S3 objects: IAM trust and role policies, the NTH queue
// policy and event patterns, and launch-template user data. kOps's real policies are long; the
// sandbox writes shorter, deterministic documents with the same shape (documented in sandbox/README.md).
import { createHash } from 'node:crypto'
import { list, rec, text } from '../yaml-io.ts'
import { type Group, type Model } from './model.ts'
import { configBaseUrl, nodeupConfig } from './objects.ts'

const json = (value: unknown): string => JSON.stringify(value, null, 2)

/** The EC2 trust policy of every kOps instance role. */
export const assumeRolePolicy = (): string =>
  json({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }], Version: '2012-10-17' })

function statements(m: Model, fam: string): unknown[] {
  const bucket = `arn:aws:s3:::${m.input.bucket}`
  const objects = `${bucket}/${m.input.keyPrefix}/*`
  const read = { Action: ['s3:Get*'], Effect: 'Allow', Resource: [objects] }
  const bucketList = { Action: ['s3:GetBucketLocation', 's3:GetEncryptionConfiguration', 's3:ListBucket', 's3:ListBucketVersions'], Effect: 'Allow', Resource: [bucket] }
  const describe = { Action: ['ec2:DescribeInstances', 'ec2:DescribeRegions', 'ec2:DescribeTags'], Effect: 'Allow', Resource: '*' }
  if (fam === 'bastions') return [{ Action: 'ec2:DescribeRegions', Effect: 'Allow', Resource: '*' }]
  if (fam === 'nodes') return [read, bucketList, describe]
  const owned = { 'aws:ResourceTag/KubernetesCluster': m.name }
  return [
    { Action: ['s3:*'], Effect: 'Allow', Resource: [objects] },
    bucketList,
    { Action: ['autoscaling:*', 'ec2:*', 'elasticloadbalancing:*'], Condition: { StringEquals: owned }, Effect: 'Allow', Resource: '*' },
    {
      Action: ['autoscaling:Describe*', 'ec2:Describe*', 'elasticloadbalancing:Describe*', 'iam:GetServerCertificate', 'iam:ListServerCertificates', 'kms:DescribeKey', 'sqs:ReceiveMessage'],
      Effect: 'Allow',
      Resource: '*',
    },
  ]
}

/** The inline policy of a role family (masters, nodes, bastions). */
export function rolePolicy(m: Model, fam: string): string {
  const extra = text(rec(m.spec.additionalPolicies)[fam === 'masters' ? 'master' : fam === 'nodes' ? 'node' : 'bastion'])
  const more = extra ? (JSON.parse(extra) as unknown[]) : []
  return json({ Statement: [...statements(m, fam), ...more], Version: '2012-10-17' })
}

/** The NTH queue policy: EventBridge and SQS may send to it. */
export function sqsPolicy(m: Model, queue: string): string {
  return json({
    Statement: [
      { Action: 'sqs:SendMessage', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Resource: `arn:aws:sqs:${m.region}:000000000000:${queue}` },
    ],
    Version: '2012-10-17',
  })
}

const PATTERNS: Record<string, unknown> = {
  ASGLifecycle: { source: ['aws.autoscaling'], 'detail-type': ['EC2 Instance-terminate Lifecycle Action'] },
  InstanceScheduledChange: { source: ['aws.health'], 'detail-type': ['AWS Health Event'], detail: { service: ['EC2'], eventTypeCategory: ['scheduledChange'] } },
  InstanceStateChange: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
  SpotInterruption: { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
}

/** The EventBridge pattern of an NTH rule. */
export const eventPattern = (event: string): string => JSON.stringify(PATTERNS[event])

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

function bootstrapScript(m: Model, g: Group): string {
  const v = m.input.version
  const nodeupHash = createHash('sha256').update(nodeupConfig(m, g)).digest('base64')
  return [
    '#!/bin/bash',
    'set -o errexit',
    'set -o nounset',
    'set -o pipefail',
    '',
    `NODEUP_URL_AMD64=https://artifacts.k8s.io/binaries/kops/${v}/linux/amd64/nodeup`,
    `NODEUP_HASH_AMD64=${sha256(`nodeup-amd64-${v}`)}`,
    `NODEUP_URL_ARM64=https://artifacts.k8s.io/binaries/kops/${v}/linux/arm64/nodeup`,
    `NODEUP_HASH_ARM64=${sha256(`nodeup-arm64-${v}`)}`,
    '',
    `export AWS_REGION=${m.region}`,
    '',
    "cat > conf/kube_env.yaml << '__EOF_KUBE_ENV'",
    'CloudProvider: aws',
    `ClusterName: ${m.name}`,
    `ConfigBase: ${configBaseUrl(m)}`,
    `InstanceGroupName: ${g.name}`,
    `InstanceGroupRole: ${g.role}`,
    `NodeupConfigHash: ${nodeupHash}`,
    '',
    '__EOF_KUBE_ENV',
    '',
    'download-release',
    `echo "== nodeup node config done =="`,
    '',
  ].join('\n')
}

/** Launch-template user data: the nodeup bootstrap script, as MIME multipart with additionalUserData. */
export function userData(m: Model, g: Group): string {
  const script = bootstrapScript(m, g)
  const extra = list(g.spec.additionalUserData).map(rec)
  if (extra.length === 0) return script
  const part = (type: string, name: string, content: string): string =>
    `--MIMEBOUNDARY\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: 7bit\nContent-Type: ${type}\nMime-Version: 1.0\n\n${content}\n`
  const parts = [part('text/x-shellscript', 'nodeup.sh', script), ...extra.map((x) => part(text(x.type), text(x.name), text(x.content)))]
  return `Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"\nMIME-Version: 1.0\n\n${parts.join('')}--MIMEBOUNDARY--\n`
}

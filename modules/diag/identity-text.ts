// The wording of the account guard's failures (modules/aws/guard.ts), for the one printer: what
// failed, whose credentials, and what to do; every run they stop has run nothing.
import type { Failure } from './failure.ts'

type Of<R extends Failure['reason']> = Extract<Failure, { reason: R }>

const whose = (clusters: readonly string[]): string =>
  clusters.length === 1 ? `cluster "${clusters[0]}"` : `clusters ${clusters.map((c) => `"${c}"`).join(', ')}`

/** The credentials in question: a profile, or the SDK's default chain when none is named. */
const credentials = (profile: string | undefined): string => (profile ? `profile "${profile}"` : 'the default credentials (no profile)')

export function wrongAccountText(f: Of<'wrong-account'>): string {
  const who = f.sandbox ? 'the sandbox (TASKS_SANDBOX_ACCOUNT)' : credentials(f.profile)
  const verb = f.sandbox || f.profile ? 'is' : 'are'
  const hint = f.sandbox
    ? `set TASKS_SANDBOX_ACCOUNT=${f.expected} to try this cluster on the sandbox, or fix \`account:\` in ${f.file}.`
    : `check AWS_PROFILE and the credentials of ${credentials(f.profile)}, or fix \`account:\` in ${f.file} if ${f.actual} is the right account.`
  return `tasks: refused: cluster "${f.cluster}" is AWS account ${f.expected} (cluster.yaml account), but ${who} ${verb} signed in to ${f.actual}; nothing ran.\nhint: ${hint}`
}

export function noCredentialsText(f: Of<'no-credentials'>): string {
  const hint = f.profile
    ? `sign in with it (aws sso login --profile ${f.profile}, or aws configure --profile ${f.profile}), or point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that define it.`
    : 'name a profile (`profile:` in cluster.yaml, or AWS_PROFILE), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
  const what = f.profile ? `${credentials(f.profile)} (${whose(f.clusters)})` : `${whose(f.clusters)} (no profile: the default credential chain)`
  return `tasks: no AWS credentials for ${what}: ${f.detail}; nothing ran.\nhint: ${hint}`
}

export function identityUnavailableText(f: Of<'identity-unavailable'>): string {
  const hint =
    f.problem === 'unreachable'
      ? 'check the network (or proxy) and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, then run again.'
      : 'GetCallerIdentity needs no IAM permission: a policy (SCP, VPC endpoint) or an endpoint that is not STS (AWS_ENDPOINT_URL_STS) refuses it.'
  const profile = f.profile ? ` (${credentials(f.profile)})` : ''
  return `tasks: cannot check the AWS account of ${whose(f.clusters)}${profile}: ${f.detail}; nothing ran.\nhint: ${hint}`
}

// The sandbox's answer to STS GetCallerIdentity: who a sandboxed cluster is signed in as. Never
// touches the network, so the account guard runs on every demo run without an AWS account.
//
//   TASKS_SANDBOX_ACCOUNT=111111111111   the account the sandbox is signed in to (default 000000000000)

export const SANDBOX_ACCOUNT_VAR = 'TASKS_SANDBOX_ACCOUNT'
export const DEFAULT_SANDBOX_ACCOUNT = '000000000000'

/** The fields of GetCallerIdentity's answer. */
export interface SandboxIdentity {
  account: string
  arn: string
  userId: string
}

/** The sandbox caller: an IAM user "sandbox" in $TASKS_SANDBOX_ACCOUNT (or 000000000000). */
export function sandboxCallerIdentity(env: Record<string, string | undefined>): SandboxIdentity {
  const account = env[SANDBOX_ACCOUNT_VAR]?.trim() || DEFAULT_SANDBOX_ACCOUNT
  // An IAM user id: "AIDA" and 17 upper-case characters, fixed for an account.
  const userId = `AIDA${`SANDBOX${account}`.toUpperCase().replace(/[^0-9A-Z]/g, '').padEnd(17, '0').slice(0, 17)}`
  return { account, arn: `arn:aws:iam::${account}:user/sandbox`, userId }
}

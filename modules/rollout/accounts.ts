// Which AWS account a cluster counts against for `--max-per-account`: a rollout may run many
// clusters at once, but not so many in one account that they share (and exhaust) its API limits.

/**
 * The pool a cluster counts against: its cluster.yaml `account` when that is a non-empty string, else
 * `profile:<profile>` for a non-empty `profile`, else `default`. API rate limits are per account; when
 * the account ID is not written down, the AWS profile stands for it (clusters sharing a profile share
 * an account), and clusters with neither share the default credentials, so one pool.
 */
export function accountOf(settings: { account?: unknown; profile?: unknown }): string {
  if (typeof settings.account === 'string' && settings.account !== '') return settings.account
  if (typeof settings.profile === 'string' && settings.profile !== '') return `profile:${settings.profile}`
  return 'default'
}

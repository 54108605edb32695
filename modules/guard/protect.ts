// Which resources are protected: stateful resource types of both layers by default (1-prerequisites
// makes the kOps state bucket, the Route53 zone and the IRSA bucket; 2-kops makes the etcd volumes),
// adjusted per cluster by cluster.yaml `protect:`.

/** A protected glob and why what it matches is stateful (the README's table). */
export interface ProtectedType {
  glob: string
  why: string
}

/** The default protected globs: deleting or replacing what they match loses data. */
export const PROTECTED_TYPES: readonly ProtectedType[] = [
  { glob: 'aws_ebs_volume.*', why: "etcd's data (kOps makes one volume per etcd member); a new volume starts empty" },
  { glob: 'aws_s3_bucket.*', why: 'the kOps state store and the IRSA discovery documents; a new bucket starts empty' },
  { glob: 'aws_route53_zone.*', why: "the cluster's DNS zone; a new zone gets new name servers the parent domain does not delegate to" },
  { glob: 'aws_kms_key.*', why: 'what it encrypted (volumes, secrets, state) cannot be decrypted once the key is gone' },
  { glob: 'aws_dynamodb_table.*', why: 'its items (e.g. the Terraform state lock table); a new table starts empty' },
  { glob: 'aws_efs_file_system.*', why: 'the files of volumes mounted from it; a new file system starts empty' },
  { glob: 'aws_db_instance.*', why: "a database's data; a new instance starts empty unless restored from a snapshot" },
  { glob: 'aws_rds_cluster.*', why: "a database cluster's data; a new cluster starts empty unless restored from a snapshot" },
  { glob: 'aws_secretsmanager_secret.*', why: 'the secret value; a new secret has none, and the deleted name stays taken for its recovery window' },
]

/** The default protected globs alone. */
export const DEFAULT_PROTECTED: readonly string[] = PROTECTED_TYPES.map((p) => p.glob)

/** The protected globs of a cluster, or why its `protect:` list cannot be used. */
export type ProtectList = { ok: true; value: string[] } | { ok: false; error: string }

/**
 * The defaults with cluster.yaml `protect:` applied: a `GLOB` entry adds a glob; a `!GLOB` entry
 * removes the default written exactly the same, and is an error when no default is.
 */
export function protectList(defaults: readonly string[], clusterProtect: readonly string[]): ProtectList {
  const empty = clusterProtect.filter((entry) => entry === '' || entry === '!')
  if (empty.length) return { ok: false, error: `protect: an entry is empty (${empty.map((e) => JSON.stringify(e)).join(', ')}); write a glob such as "aws_ebs_volume.*", or "!GLOB" to stop protecting a default` }
  const removals = clusterProtect.filter((entry) => entry.startsWith('!')).map((entry) => entry.slice(1))
  const unknown = removals.filter((glob) => !defaults.includes(glob))
  if (unknown.length) return { ok: false, error: unknownRemoval(unknown, defaults) }
  const kept = defaults.filter((glob) => !removals.includes(glob))
  const added = clusterProtect.filter((entry) => !entry.startsWith('!'))
  return { ok: true, value: [...new Set([...kept, ...added])] }
}

// What failed (the entries), what there is (the defaults), what to do.
function unknownRemoval(unknown: string[], defaults: readonly string[]): string {
  const entries = unknown.map((glob) => JSON.stringify(`!${glob}`)).join(', ')
  const names = unknown.length === 1 ? 'names no default protected glob' : 'name no default protected globs'
  const known = defaults.length ? `the defaults are ${defaults.join(', ')}` : 'there are no default protected globs'
  return `protect: ${entries} ${names}; ${known} (a "!" entry must repeat a default exactly)`
}

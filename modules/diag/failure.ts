// Expected problems are values: a union keyed by `reason`, each carrying what the printer needs.
// Exceptions are bugs; the CLI turns them into one line plus a hint.

/** A place in a file the user can jump to. Lines and columns are 1-based. */
export interface Location {
  file: string
  line: number
  column: number
}

/** Exit codes of the CLI (ARCHITECTURE.md section 10). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
  /** plan-detailed only: the plans have changes (terraform's -detailed-exitcode 2). */
  changesPending: 2,
  interrupted: 130,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export type Failure =
  | { reason: 'unknown-target'; name: string; known: string[] }
  | { reason: 'unknown-option'; option: string; known: string[] }
  | { reason: 'bad-option-value'; option: string; value: string; expected: string }
  | { reason: 'missing-option'; option: string; hint: string }
  | { reason: 'missing-value'; option: string }
  | { reason: 'unknown-cluster'; name: string; known: string[] }
  /** A --cluster value that cannot be a cluster name (shell metacharacters, a path): never looked up. */
  | { reason: 'bad-cluster-name'; name: string; known: string[] }
  | { reason: 'no-clusters'; dir: string }
  | { reason: 'no-match'; pattern: string; known: string[] }
  | { reason: 'unknown-force'; stage: string; known: string[] }
  | { reason: 'git-failed'; since: string; detail: string }
  | { reason: 'locked'; cluster: string; holder: { pid: number; host: string; startedAt: string; target: string }; path: string }
  | { reason: 'unknown-need'; stage: string; need: string; known: string[]; at?: Location; field?: 'undoes' }
  | { reason: 'unknown-stage'; target: string; stage: string; known: string[]; at?: Location }
  | { reason: 'duplicate-name'; name: string; at?: Location }
  | { reason: 'cycle'; path: string[]; at?: Location }
  | { reason: 'no-project'; cwd: string }
  /** `at`: where in the module an import error points (errorLocation), when it points somewhere. */
  | { reason: 'bad-graph-module'; file: string; detail: string; at?: Location }
  | { reason: 'bad-config'; at: Location; detail: string; source?: string; hint?: string }
  /** A file that is there but cannot be read (a loop of symbolic links, permission denied). */
  | { reason: 'unreadable'; path: string; what: string; detail: string; hint: string }
  | { reason: 'offline-no-record'; cluster: string; stage: string }
  | { reason: 'refused'; clusters: string[]; stages: string[]; detail: string; changes: string[] }
  | { reason: 'missing-file'; path: string; what: string }
  | { reason: 'bad-values'; path: string; detail: string }
  | { reason: 'template-error'; at: Location; detail: string; source?: string }
  | { reason: 'foreign-hook'; path: string }
  | { reason: 'git-needed'; what: string; detail: string }
  | { reason: 'tool-requirement'; cluster: string; tool: string; setting?: string; detail: string; hint: string }
  /** The caller identity of a cluster's credentials is another account than cluster.yaml's `account`. */
  | { reason: 'wrong-account'; cluster: string; file: string; expected: string; actual: string; profile?: string; sandbox?: boolean }
  /** No usable credentials for the clusters sharing `profile` (none found, expired, rejected by STS). */
  | { reason: 'no-credentials'; clusters: string[]; profile?: string; detail: string }
  /** STS could not be reached, or refused GetCallerIdentity: the account cannot be checked. */
  | { reason: 'identity-unavailable'; clusters: string[]; profile?: string; problem: 'unreachable' | 'denied'; detail: string }
  /** new-cluster: NAME cannot be a cluster directory name. */
  | { reason: 'bad-new-cluster-name'; name: string }
  /** new-cluster: NAME is no DNS label, yet it becomes the first label of the cluster name and part of bucket names. */
  | { reason: 'new-cluster-not-dns'; name: string; suggestion?: string }
  /** new-cluster: clusters/NAME is already there (never overwritten). */
  | { reason: 'cluster-exists'; name: string; dir: string }
  /** new-cluster: the copy would share its cluster name or Terraform state with another cluster. */
  | { reason: 'scaffold-conflict'; name: string; from: string; what: string; value: string; other: string; file: string }
  /** -C DIR / --dir DIR names no directory (`path` as given, `resolved` absolute). */
  | { reason: 'bad-dir'; path: string; resolved: string; problem: 'missing' | 'not-a-directory' }
  /** A cluster.yaml problem found on load (the first; `more` others, which `tasks validate` lists). */
  | { reason: 'bad-cluster-settings'; cluster: string; at: Location; detail: string; hint?: string; source?: string; more: number }
  /** A stage's run met an expected problem (unreadable tool output, an unhealthy cluster): `detail` is the whole message. */
  | { reason: 'stage-failed'; detail: string }
  /**
   * A stage refused to go on, once its needs were known (a plan destroying a protected resource, a
   * saved plan that no longer matches): nothing of it ran. Exit 3, as other refusals.
   */
  | { reason: 'stage-refused'; detail: string; lines: string[]; hint: string }
  /** `tasks resume` found the latest unfinished run still going in a live process: exit 3. */
  | { reason: 'run-live'; run: string; pid: number; host: string; target: string }

export type FailureReason = Failure['reason']

/** The exit code each failure maps to; usage and configuration problems are 2, refusals 3. */
export function exitCodeOf(failure: Failure): ExitCode {
  switch (failure.reason) {
    case 'refused':
    case 'locked':
    case 'foreign-hook':
    case 'wrong-account':
    case 'stage-refused':
    case 'run-live':
      return EXIT.refused
    case 'offline-no-record':
    case 'stage-failed':
      return EXIT.failed
    default:
      return EXIT.usage
  }
}

/** A result that is either a value or a list of failures. */
export type Result<T> = { ok: true; value: T } | { ok: false; failures: Failure[] }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(...failures: Failure[]): Result<T> => ({ ok: false, failures })

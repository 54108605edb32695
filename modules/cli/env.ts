// The world one invocation sees: arguments, directory, streams, environment, and the ports and
// signal a test passes in. Its own file, so the commands that take it never import main.ts back.
import type { Writable } from 'node:stream'
import type { IdentityReader } from '../aws/mod.ts'
import type { Ports } from '../exec/ports.ts'

/** The world one invocation sees; tests pass their own streams, ports and abort signal. */
export interface CliEnv {
  argv: string[]
  cwd: string
  stdout: Writable
  stderr: Writable
  env: Record<string, string | undefined>
  /** Whether stderr is a terminal (progress renderer) and stdin is one (confirmation). */
  terminal: { stderr: boolean; stdin: boolean }
  /** `identity` reads a cluster's caller identity for the account guard (default: STS). */
  ports?: Partial<Ports> & { identity?: IdentityReader }
  /** Aborts the run as SIGINT/SIGTERM do. */
  signal?: AbortSignal
  /** The tasks bin being run, so the pre-commit hook can call it without npx. */
  bin?: string
}

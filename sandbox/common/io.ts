// What a simulated CLI invocation sees: its arguments, environment, working directory and streams.
// Each simulator exports `main(io): Promise<number>` so tests can run it in-process, and a bin shim
// runs it as a real process.

export interface SimIo {
  argv: string[]
  env: Record<string, string | undefined>
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** An in-memory SimIo for tests: collects stdout and stderr. */
export function memoryIo(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): SimIo & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { argv, env, cwd, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), out, err }
}

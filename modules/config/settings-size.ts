// How large a settings file may be. Settings are a few KiB; a file of megabytes is a mistake or an
// attack, and parsing it (YAML keeps every node with its position) would take gigabytes: it is
// refused by its size, before it is parsed. Kept apart from yaml-doc.ts so that the project
// search, which loads yaml only for a YAML file, can check a JSON file too.
import type { Failure } from '../diag/mod.ts'

/** The largest settings file tasks reads (cluster.yaml, .tasksrc.*): settings are a few KiB. */
export const MAX_SETTINGS_BYTES = 1 << 20

/** A settings file over MAX_SETTINGS_BYTES, refused before it is parsed (parsing 60 MB takes GBs). */
export function tooLarge(file: string, bytes: number): Failure {
  return {
    reason: 'bad-config',
    at: { file, line: 1, column: 1 },
    detail: `the file is ${bytes} bytes, over the limit of ${MAX_SETTINGS_BYTES} bytes (1 MiB) for a settings file; it was not read`,
    hint: 'a settings file this large is a mistake (a generated file saved under this name?): make it the few settings it should hold.',
  }
}

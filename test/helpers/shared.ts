// The shared reference material (../shared beside the repository): fixtures for tests. A user's
// fresh clone has none, so tests that need it skip with a message saying so.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

// TASKS_SHARED_DIR points elsewhere (e.g. a missing folder, to run the suite as a user's clone would).
export const SHARED = process.env.TASKS_SHARED_DIR ?? fileURLToPath(new URL('../../../shared/', import.meta.url))
export const HAS_SHARED = existsSync(join(SHARED, 'fixtures'))

/** tap's `skip` option for a test that reads ../shared: false when present, else the reason. */
export const needsShared: string | false = HAS_SHARED ? false : `skipped: ${SHARED} is absent (shared fixtures are not part of a clone)`

/** A fixture file's text, by its path under ../shared/fixtures. */
export const fixture = (path: string): string => readFileSync(join(SHARED, 'fixtures', path), 'utf8')

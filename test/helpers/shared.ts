// Fixtures for tests: the ones bundled in test/fixtures (copies, sources in its SOURCES.md), and the
// rest of the shared reference material (../shared beside the repository). A user's fresh clone has
// no ../shared, so tests that need it skip with a message saying so.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

// TASKS_SHARED_DIR points elsewhere (e.g. a missing folder, to run the suite as a user's clone would).
export const SHARED = process.env.TASKS_SHARED_DIR ?? fileURLToPath(new URL('../../../shared/', import.meta.url))
export const HAS_SHARED = existsSync(join(SHARED, 'fixtures'))
const BUNDLED = fileURLToPath(new URL('../fixtures/', import.meta.url))

/** tap's `skip` option for a test that reads ../shared: false when present, else the reason. */
export const needsShared: string | false = HAS_SHARED ? false : `skipped: ${SHARED} is absent (shared fixtures are not part of a clone)`

/** Where a fixture path (under fixtures/) is: bundled first, else ../shared. */
const locate = (path: string): string => (existsSync(join(BUNDLED, path)) ? join(BUNDLED, path) : join(SHARED, 'fixtures', path))

/** A fixture file's text, by its path under fixtures/. */
export const fixture = (path: string): string => readFileSync(locate(path), 'utf8')

/** The entries of a fixture folder, sorted. */
export const fixtureDir = (path: string): string[] => readdirSync(locate(path)).sort()

// Durations as people read them, in progress lines and the run summary. No dependencies, so the
// summary can use it without loading listr2.

/** `850ms`, `1.2s`, `2m 03s`. */
export function formatDuration(ms: number): string {
  const clamped = Number.isFinite(ms) && ms > 0 ? ms : 0
  if (Math.round(clamped) < 1000) return `${Math.round(clamped)}ms`
  const tenths = Math.round(clamped / 100)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`
  const seconds = Math.round(clamped / 1000)
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`
}

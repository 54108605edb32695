// The text of `tasks runs`: recent run journals as one table, newest first, with how far each run
// got across its clusters, then how to carry on the latest unfinished one.
import { latestUnfinished, newestFirst, type Journal, type JournalClusterStatus } from '../rollout/journal.ts'

/** Cluster counts in the order they are shown; pending and running both mean "not finished". */
const COUNTS: readonly { label: string; statuses: readonly JournalClusterStatus[] }[] = [
  { label: 'finished', statuses: ['finished'] },
  { label: 'failed', statuses: ['failed'] },
  { label: 'interrupted', statuses: ['interrupted'] },
  { label: 'not finished', statuses: ['pending', 'running'] },
  { label: 'not started', statuses: ['not-started'] },
]

/** `2026-12-06T05:15:41.123Z` → `2026-12-06 05:15:41Z`; anything else as it is. */
function started(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso)
  return m ? `${m[1]} ${m[2]}Z` : iso
}

/** `5 (2 finished, 1 failed, 2 not started)`: zero counts left out. */
function clusters(j: Journal): string {
  const parts = COUNTS.flatMap(({ label, statuses }) => {
    const n = j.clusters.filter((c) => statuses.includes(c.status)).length
    return n ? [`${n} ${label}`] : []
  })
  return parts.length ? `${j.clusters.length} (${parts.join(', ')})` : String(j.clusters.length)
}

const result = (j: Journal): string => (j.resumedBy === undefined ? j.status : `${j.status}, resumed by ${j.resumedBy}`)

/**
 * The table, padded like the run summary (last column not padded). `_now` is kept for the
 * caller's sake: start times are shown absolute, so the current time is not needed yet.
 */
export function runsText(journals: readonly Journal[], _now: number): string {
  if (journals.length === 0) return 'No runs recorded yet.\n'
  const newest = [...journals].sort((a, b) => newestFirst(a.id, b.id))
  const table = [['RUN', 'STARTED', 'TARGET', 'CLUSTERS', 'RESULT'], ...newest.map((j) => [j.id, started(j.startedAt), j.target.join(' '), clusters(j), result(j)])]
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const lines = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
  const hint = latestUnfinished(journals) ? ['', 'resume the latest unfinished run with: tasks resume'] : []
  return `${[...lines, ...hint].join('\n')}\n`
}

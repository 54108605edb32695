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

/** A run recorded as running is either still going (live) or was killed without finishing. */
function result(j: Journal, live: boolean): string {
  if (j.resumedBy !== undefined) return `${j.status}, resumed by ${j.resumedBy}`
  if (j.status !== 'running') return j.status
  return live ? `running now (pid ${j.pid} on ${j.host})` : 'ended unfinished (its process is gone)'
}

/**
 * The table, padded like the run summary (last column not padded). Start times are shown absolute.
 * `live`: whether a run recorded as running is still going (rollout/journal.ts isLive).
 */
export function runsText(journals: readonly Journal[], live: (j: Journal) => boolean): string {
  if (journals.length === 0) return 'No runs recorded yet.\n'
  const newest = [...journals].sort((a, b) => newestFirst(a.id, b.id))
  const table = [['RUN', 'STARTED', 'TARGET', 'CLUSTERS', 'RESULT'], ...newest.map((j) => [j.id, started(j.startedAt), j.target.join(' '), clusters(j), result(j, live(j))])]
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const lines = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
  const latest = latestUnfinished(journals)
  const hint = !latest ? [] : live(latest) ? ['', `run ${latest.id} is still running; once it ends, tasks resume carries it on if it did not finish`] : ['', 'resume the latest unfinished run with: tasks resume']
  return `${[...lines, ...hint].join('\n')}\n`
}

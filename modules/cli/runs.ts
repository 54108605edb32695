// The text of `tasks runs`: recent run journals as one table, newest first, with how far each run
// got across its clusters, then how to carry on the latest unfinished one.
import { checkable, latestUnfinished, newestFirst, type Journal, type JournalClusterStatus } from '../rollout/journal.ts'

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

/**
 * A run recorded as running is still going (live), was killed without finishing, or cannot be
 * checked from here (recorded on another host, or by a version that kept no pid).
 */
function result(j: Journal, live: boolean, host: string): string {
  if (j.resumedBy !== undefined) return `${j.status}, resumed by ${j.resumedBy}`
  if (j.status !== 'running') return j.status
  if (live) return `running now (pid ${j.pid} on ${j.host})`
  if (!checkable(j, host)) return `not finished (${j.host === undefined ? 'no pid recorded' : `recorded on ${j.host}`}: cannot tell from here whether it still runs)`
  return 'ended unfinished (its process is gone)'
}

/**
 * The table, padded like the run summary (last column not padded). Start times are shown absolute.
 * `live`: whether a run recorded as running is still going (cli/liveness.ts); `host`: this one's name.
 */
export function runsText(journals: readonly Journal[], live: (j: Journal) => boolean, host: string): string {
  if (journals.length === 0) return 'No runs recorded yet.\n'
  const newest = [...journals].sort((a, b) => newestFirst(a.id, b.id))
  const table = [['RUN', 'STARTED', 'TARGET', 'CLUSTERS', 'RESULT'], ...newest.map((j) => [j.id, started(j.startedAt), j.target.join(' '), clusters(j), result(j, live(j), host)])]
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const lines = table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
  const latest = latestUnfinished(journals)
  const hint = !latest ? [] : live(latest) ? ['', `run ${latest.id} is still running; once it ends, tasks resume carries it on if it did not finish`] : ['', 'resume the latest unfinished run with: tasks resume']
  return `${[...lines, ...hint].join('\n')}\n`
}

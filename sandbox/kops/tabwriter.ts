// Go's text/tabwriter as kOps configures it (util/pkg/tables: minwidth 0, tabwidth 8, padding 1,
// padchar TAB) and kOps's table renderer (header row, rows sorted by their rendered cells).
//
// The algorithm is Go's: a cell is the text before a TAB; the text after a line's last TAB is not
// a cell and never affects widths. A column block is a run of consecutive lines that all have a
// cell in that column; its width is max(cell width + padding), and each cell is padded with TABs
// up to that width rounded up to a multiple of the tab width.

const TAB_WIDTH = 8
const PADDING = 1
const MIN_WIDTH = 0

/** A width in characters (Go counts runes). */
const runeWidth = (text: string): number => [...text].length

// Tabs that pad a cell of `textWidth` characters to the column width `cellWidth`.
function padding(textWidth: number, cellWidth: number): string {
  const rounded = Math.ceil(cellWidth / TAB_WIDTH) * TAB_WIDTH
  const n = rounded - textWidth
  return '\t'.repeat(Math.ceil(n / TAB_WIDTH))
}

interface Writer {
  lines: string[][]
  widths: number[]
  out: string[]
}

function writeLines(w: Writer, line0: number, line1: number): void {
  for (let i = line0; i < line1; i++) {
    const line = w.lines[i]
    line.forEach((cell, j) => {
      w.out.push(cell)
      if (j < w.widths.length) w.out.push(padding(runeWidth(cell), w.widths[j]))
    })
    w.out.push('\n')
  }
}

// Go's tabwriter.format: recursive over column blocks.
function format(w: Writer, line0: number, line1: number): void {
  const column = w.widths.length
  for (let current = line0; current < line1; current++) {
    if (column >= w.lines[current].length - 1) continue
    writeLines(w, line0, current)
    line0 = current
    let width = MIN_WIDTH
    for (; current < line1; current++) {
      const line = w.lines[current]
      if (column >= line.length - 1) break
      width = Math.max(width, runeWidth(line[column]) + PADDING)
    }
    w.widths.push(width)
    format(w, line0, current)
    w.widths.pop()
    line0 = current
  }
  writeLines(w, line0, line1)
}

/** Formats lines of TAB-separated cells (each line without its newline) like Go's tabwriter. */
export function tabwrite(lines: string[][]): string {
  const w: Writer = { lines, widths: [], out: [] }
  format(w, 0, lines.length)
  return w.out.join('')
}

/** Compares rows cell by cell, bytewise, as kOps's table sorter does. */
export function compareRows(a: readonly string[], b: readonly string[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1
  }
  return 0
}

/** A kOps table: the header, then the rows sorted lexicographically by their cells. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const sorted = [...rows].map((r) => [...r]).sort(compareRows)
  return tabwrite([[...header], ...sorted])
}

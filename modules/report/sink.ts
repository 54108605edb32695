// What listr writes through: the reporter's output, colour stripped if asked. listr's ProcessOutput
// takes a terminal stream (NodeJS.WriteStream, a net.Socket underneath), so the sink is one: an
// unconnected socket whose writes go straight to the output, carrying the output's terminal size
// for log-update and answering the cursor calls with escape codes on itself.
import { Socket } from 'node:net'
import { clearLine, clearScreenDown, cursorTo, moveCursor, type Direction } from 'node:readline'

// Colour codes (SGR) only; the default renderer's cursor movement stays.
const SGR = /\x1b\[[0-9;]*m/g

type Done = (error?: Error | null) => void

/** The terminal facts of `output`, read without assuming it is one. */
function terminalOf(output: NodeJS.WritableStream): { isTTY: boolean; columns?: number; rows?: number } {
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined)
  return {
    isTTY: 'isTTY' in output && output.isTTY === true,
    columns: 'columns' in output ? number(output.columns) : undefined,
    rows: 'rows' in output ? number(output.rows) : undefined,
  }
}

export class Sink extends Socket implements NodeJS.WriteStream {
  isTTY: boolean
  columns: number
  rows: number
  readonly #output: NodeJS.WritableStream
  readonly #color: boolean

  constructor(output: NodeJS.WritableStream, color: boolean) {
    super()
    const terminal = terminalOf(output)
    this.isTTY = terminal.isTTY
    // An output without a size gets log-update's own defaults.
    this.columns = terminal.columns ?? 80
    this.rows = terminal.rows ?? 24
    this.#output = output
    this.#color = color
  }

  /** Synchronous, in order: listr's lines must reach the output as it writes them. */
  override write(chunk: string | Uint8Array, encoding?: BufferEncoding | Done, done?: Done): boolean {
    const callback = typeof encoding === 'function' ? encoding : done
    const text = this.#color ? chunk : String(chunk).replace(SGR, '')
    return callback ? this.#output.write(text, callback) : this.#output.write(text)
  }

  clearLine(dir: Direction, callback?: () => void): boolean {
    return clearLine(this, dir, callback)
  }

  clearScreenDown(callback?: () => void): boolean {
    return clearScreenDown(this, callback)
  }

  cursorTo(x: number, y?: number | (() => void), callback?: () => void): boolean {
    return typeof y === 'function' ? cursorTo(this, x, undefined, y) : cursorTo(this, x, y, callback)
  }

  moveCursor(dx: number, dy: number, callback?: () => void): boolean {
    return moveCursor(this, dx, dy, callback)
  }

  /** 24-bit colour when colour is asked for (listr's colours are plain SGR), none otherwise. */
  getColorDepth(): number {
    return this.#color ? 24 : 1
  }

  hasColors(count?: number | object): boolean {
    return 2 ** this.getColorDepth() >= (typeof count === 'number' ? count : 16)
  }

  getWindowSize(): [number, number] {
    return [this.columns, this.rows]
  }
}

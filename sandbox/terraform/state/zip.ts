// A minimal zip container (stored entries, no compression) for plan files: real Terraform plan
// files are zip archives too, so `unzip -l plan.tfplan` works and the file is never mistaken for
// plain JSON.
import { crc32 } from 'node:zlib'

/** One archive member. */
export interface ZipEntry {
  name: string
  data: Buffer
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  }
}

function header(sig: number, fields: Array<[number, 2 | 4]>): Buffer {
  const size = 4 + fields.reduce((n, [, w]) => n + w, 0)
  const b = Buffer.alloc(size)
  b.writeUInt32LE(sig, 0)
  let at = 4
  for (const [v, w] of fields) {
    if (w === 2) b.writeUInt16LE(v, at)
    else b.writeUInt32LE(v >>> 0, at)
    at += w
  }
  return b
}

/** Builds a zip archive of stored (uncompressed) entries, stamped with `when`. */
export function writeZip(entries: readonly ZipEntry[], when: Date): Buffer {
  const { time, date } = dosTime(when)
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name)
    const crc = crc32(e.data)
    const common: Array<[number, 2 | 4]> = [[20, 2], [0x0800, 2], [0, 2], [time, 2], [date, 2], [crc, 4], [e.data.length, 4], [e.data.length, 4], [name.length, 2], [0, 2]]
    const local = Buffer.concat([header(0x04034b50, common), name, e.data])
    centrals.push(Buffer.concat([header(0x02014b50, [[20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]]), name]))
    locals.push(local)
    offset += local.length
  }
  const cd = Buffer.concat(centrals)
  const end = header(0x06054b50, [[0, 2], [0, 2], [entries.length, 2], [entries.length, 2], [cd.length, 4], [offset, 4], [0, 2]])
  return Buffer.concat([...locals, cd, end])
}

/** Reads a zip archive written by writeZip; throws "zip: not a valid zip file" otherwise. */
export function readZip(buf: Buffer): Map<string, Buffer> {
  const invalid = (): never => {
    throw new Error('zip: not a valid zip file')
  }
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) invalid()
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const out = new Map<string, Buffer>()
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) invalid()
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const nameLen = buf.readUInt16LE(at + 28)
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString()
    if (method !== 0 || buf.readUInt32LE(local) !== 0x04034b50) invalid()
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    out.set(name, buf.subarray(start, start + size))
    at += 46 + nameLen + extra
  }
  return out
}

// Reading one member of a zip archive: a saved Terraform plan file is a zip (real Terraform
// deflates its entries, method 8; the sandbox's simulator stores them, method 0). Only the
// central directory is trusted for sizes, because Go's archive/zip writes zeros in the local
// headers and puts the sizes in data descriptors after the data.
// No zip64: plan files are kilobytes to a few megabytes, far below zip64's 4 GiB / 65,535-entry limits.
import { crc32, inflateRawSync } from 'node:zlib'

/** A read that can fail: the failure says in a few words what is wrong with the bytes. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string }

/** Where one member sits, as the central directory says. */
export interface ZipMember {
  name: string
  method: number
  /** General-purpose flags; bit 0 = encrypted. */
  flags: number
  crc: number
  compressedSize: number
  size: number
  /** Offset of the member's local header. */
  localOffset: number
}

const EOCD_SIG = 0x06054b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50
const EOCD_SIZE = 22
/** The end record may be followed by an archive comment of at most this many bytes. */
const MAX_COMMENT = 0xffff

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error })
const utf8 = new TextDecoder()

/** Offset of the end-of-central-directory record, searched backwards past a possible comment; -1 when absent. */
function findEnd(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === EOCD_SIG) return at
  }
  return -1
}

/** Every member the central directory lists, in its order. */
export function readZipDirectory(bytes: Uint8Array): Read<ZipMember[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = findEnd(view)
  if (end < 0) {
    // A file that starts like a zip but lost its end was cut short (a copy or write interrupted).
    const startsLikeZip = bytes.byteLength >= 4 && view.getUint32(0, true) === LOCAL_SIG
    return fail(startsLikeZip ? 'truncated zip file (no end-of-central-directory record)' : 'not a zip file')
  }
  const count = view.getUint16(end + 10, true)
  const dirSize = view.getUint32(end + 12, true)
  const dirStart = view.getUint32(end + 16, true)
  if (dirStart + dirSize > end) return fail('corrupt zip file (central directory out of range)')
  const members: ZipMember[] = []
  let at = dirStart
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_SIG) return fail('corrupt zip file (bad central directory entry)')
    const nameLength = view.getUint16(at + 28, true)
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
    if (at + 46 + skip > end) return fail('corrupt zip file (bad central directory entry)')
    members.push({
      name: utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    })
    at += 46 + skip
  }
  return { ok: true, value: members }
}

/** The raw (possibly compressed) bytes of a member, located through its local header. */
function rawData(bytes: Uint8Array, m: ZipMember): Read<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (m.localOffset + 30 > bytes.byteLength || view.getUint32(m.localOffset, true) !== LOCAL_SIG) {
    return fail(`corrupt zip file (no local header for ${m.name})`)
  }
  const start = m.localOffset + 30 + view.getUint16(m.localOffset + 26, true) + view.getUint16(m.localOffset + 28, true)
  if (start + m.compressedSize > bytes.byteLength) return fail(`truncated zip file (${m.name} entry cut short)`)
  return { ok: true, value: bytes.subarray(start, start + m.compressedSize) }
}

/** The member's content: stored or inflated, checked against its size and CRC-32. */
export function extractMember(bytes: Uint8Array, m: ZipMember): Read<Uint8Array> {
  if (m.flags & 1) return fail(`${m.name} entry is encrypted`)
  if (m.method !== 0 && m.method !== 8) return fail(`${m.name} entry uses compression method ${m.method} (only stored and deflate are read)`)
  const raw = rawData(bytes, m)
  if (!raw.ok) return raw
  let data: Uint8Array
  try {
    data = m.method === 0 ? raw.value : new Uint8Array(inflateRawSync(raw.value))
  } catch {
    return fail(`${m.name} entry is corrupt (it does not inflate)`)
  }
  if (data.byteLength !== m.size || crc32(data) !== m.crc) return fail(`${m.name} entry is corrupt (checksum mismatch)`)
  return { ok: true, value: data }
}

/** The content of the member called `name`; a failure when the bytes are no zip or hold no such member. */
export function readZipEntry(bytes: Uint8Array, name: string): Read<Uint8Array> {
  const dir = readZipDirectory(bytes)
  if (!dir.ok) return dir
  const member = dir.value.find((m) => m.name === name)
  return member ? extractMember(bytes, member) : fail(`no ${name} entry`)
}

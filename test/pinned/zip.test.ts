import t from 'tap'
import { crc32, deflateRawSync } from 'node:zlib'
import { readZipDirectory, readZipEntry } from '../../modules/pinned/mod.ts'
import { writeZip } from '../../sandbox/terraform/state/zip.ts'

interface Entry {
  name: string
  data: string
  /** 0 stored, 8 deflate, anything else to test refusals. */
  method: number
}

/** A zip built by hand, so each test controls the method, flags and trailing comment. */
function buildZip(entries: Entry[], comment = ''): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = Buffer.from(e.data)
    const packed = e.method === 8 ? deflateRawSync(data) : data
    const name = Buffer.from(e.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(crc32(data), 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(e.method, 10)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    centrals.push(central, name)
    offset += 30 + name.length + packed.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  end.writeUInt16LE(comment.length, 20)
  return new Uint8Array(Buffer.concat([...locals, dir, end, Buffer.from(comment)]))
}

const STATE = '{"serial": 4, "lineage": "abc"}\n'
const text = (r: ReturnType<typeof readZipEntry>): string | { error: string } => (r.ok ? Buffer.from(r.value).toString() : { error: r.error })

t.test('stored (method 0) and deflated (method 8) entries read back exactly', async (t) => {
  const zip = buildZip([
    { name: 'tfplan', data: 'plan body', method: 0 },
    { name: 'tfstate', data: STATE, method: 8 },
    { name: 'tfconfig/m-/main.tf', data: '', method: 8 },
  ])
  t.equal(text(readZipEntry(zip, 'tfplan')), 'plan body')
  t.equal(text(readZipEntry(zip, 'tfstate')), STATE)
  t.equal(text(readZipEntry(zip, 'tfconfig/m-/main.tf')), '', 'an empty member')
  const dir = readZipDirectory(zip)
  t.same(dir.ok && dir.value.map((m) => [m.name, m.method, m.size]), [['tfplan', 0, 9], ['tfstate', 8, 32], ['tfconfig/m-/main.tf', 8, 0]])
})

t.test('an archive comment after the end record, and bytes that are a view into a larger buffer', async (t) => {
  t.equal(text(readZipEntry(buildZip([{ name: 'tfstate', data: STATE, method: 8 }], 'made by a test'), 'tfstate')), STATE)
  const zip = buildZip([{ name: 'tfstate', data: STATE, method: 0 }])
  const padded = new Uint8Array(zip.length + 7)
  padded.set(zip, 5)
  t.equal(text(readZipEntry(padded.subarray(5, 5 + zip.length), 'tfstate')), STATE)
})

t.test("the sandbox's plan-file zip (stored entries) reads back", async (t) => {
  const zip = writeZip([
    { name: 'tfplan', data: Buffer.from('{"format":"tasks-sandbox-terraform-plan"}\n') },
    { name: 'tfstate', data: Buffer.from(STATE) },
  ], new Date('2026-03-01T10:20:30Z'))
  t.equal(text(readZipEntry(zip, 'tfstate')), STATE)
  t.equal(text(readZipEntry(zip, 'tfplan')), '{"format":"tasks-sandbox-terraform-plan"}\n')
  const dir = readZipDirectory(zip)
  t.same(dir.ok && dir.value.map((m) => m.method), [0, 0], 'the sandbox stores, it does not deflate')
})

t.test('bad archives are failure values with a short reason', async (t) => {
  const zip = buildZip([{ name: 'tfplan', data: 'plan body', method: 8 }, { name: 'tfstate', data: STATE, method: 0 }])
  t.same(readZipEntry(Buffer.from('{"serial": 4}'), 'tfstate'), { ok: false, error: 'not a zip file' })
  t.same(readZipEntry(new Uint8Array(0), 'tfstate'), { ok: false, error: 'not a zip file' })
  t.same(readZipEntry(zip.subarray(0, zip.length - 10), 'tfstate'), { ok: false, error: 'truncated zip file (no end-of-central-directory record)' })
  t.same(readZipEntry(zip.subarray(0, 40), 'tfstate'), { ok: false, error: 'truncated zip file (no end-of-central-directory record)' })
  t.same(readZipEntry(zip.subarray(10), 'tfstate'), { ok: false, error: 'corrupt zip file (central directory out of range)' }, 'the front cut off')
  t.same(readZipEntry(zip, 'tfconfig/main.tf'), { ok: false, error: 'no tfconfig/main.tf entry' })
  t.same(readZipEntry(buildZip([{ name: 'tfplan', data: 'x', method: 0 }]), 'tfstate'), { ok: false, error: 'no tfstate entry' })
})

t.test('damaged members are refused, not returned', async (t) => {
  const stored = buildZip([{ name: 'tfstate', data: STATE, method: 0 }])
  const flipped = stored.slice()
  flipped[30 + 'tfstate'.length + 12] ^= 0x01 // a byte of the content
  t.same(readZipEntry(flipped, 'tfstate'), { ok: false, error: 'tfstate entry is corrupt (checksum mismatch)' })
  t.same(readZipEntry(buildZip([{ name: 'tfstate', data: STATE, method: 12 }]), 'tfstate'), {
    ok: false,
    error: 'tfstate entry uses compression method 12 (only stored and deflate are read)',
  })
  const garbage = buildZip([{ name: 'tfstate', data: '\xff\xff\xff\xff', method: 0 }])
  const asDeflate = garbage.slice()
  asDeflate[8] = 8 // local header method
  asDeflate[asDeflate.length - 22 - 46 - 7 + 10] = 8 // central directory method
  t.same(readZipEntry(asDeflate, 'tfstate'), { ok: false, error: 'tfstate entry is corrupt (it does not inflate)' })
  const encrypted = stored.slice()
  encrypted[encrypted.length - 22 - 46 - 7 + 8] = 1
  t.same(readZipEntry(encrypted, 'tfstate'), { ok: false, error: 'tfstate entry is encrypted' })
})

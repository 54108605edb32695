import t from 'tap'
import { contains, formatCidr, isCanonical, network, overlaps, parseCidr, type Cidr } from '../../modules/manifest/mod.ts'
import { formatIP, parseIP, parseIPv4, parseIPv6 } from '../../modules/manifest/cidr.ts'

const cidr = (s: string): Cidr => {
  const c = parseCidr(s)
  if (c === undefined) throw new Error(`${s} does not parse`)
  return c
}

t.test('IPv4 addresses parse as Go parses them', async (t) => {
  t.equal(parseIPv4('10.0.0.1'), 0x0a000001n)
  t.equal(parseIPv4('255.255.255.255'), 0xffffffffn)
  t.equal(parseIPv4('0.0.0.0'), 0n)
  for (const bad of ['10.0.0', '10.0.0.0.0', '256.0.0.0', '10.01.0.0', '10.0.0.-1', '1e1.0.0.0', '', 'a.b.c.d', '10..0.0']) {
    t.equal(parseIPv4(bad), undefined, bad)
  }
})

t.test('IPv6 addresses parse with ::, and an embedded IPv4 tail', async (t) => {
  t.equal(parseIPv6('::'), 0n)
  t.equal(parseIPv6('::1'), 1n)
  t.equal(parseIPv6('2001:db8::'), 0x20010db8n << 96n)
  t.equal(parseIPv6('2001:DB8:0:0:0:0:0:1'), (0x20010db8n << 96n) | 1n)
  t.equal(parseIPv6('::ffff:10.0.0.1'), (0xffffn << 32n) | 0x0a000001n)
  t.equal(parseIPv6('1:2:3:4:5:6:7::'), parseIPv6('1:2:3:4:5:6:7:0'))
  for (const bad of ['1::2::3', ':1::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::', '1.2.3.4::', '::1.2.3', '1:2:3:4:5:6:7:8::']) {
    t.equal(parseIPv6(bad), undefined, bad)
  }
  t.same(parseIP('fd00::1'), { family: 6, ip: (0xfd00n << 112n) | 1n })
  t.same(parseIP('10.0.0.1'), { family: 4, ip: 0x0a000001n })
  t.equal(parseIP('nonsense'), undefined)
})

t.test('CIDRs need an address, a slash and a prefix no longer than the address', async (t) => {
  t.same(parseCidr('10.0.0.0/16'), { family: 4, ip: 0x0a000000n, prefix: 16 })
  t.same(parseCidr('::/0'), { family: 6, ip: 0n, prefix: 0 })
  t.same(parseCidr('2001:db8::/32'), { family: 6, ip: 0x20010db8n << 96n, prefix: 32 })
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '/16', '10.0.0.0/1a', '::/129', '10.0.0.0/-1', '10.0.0.0/16/2', ' 10.0.0.0/16']) {
    t.equal(parseCidr(bad), undefined, bad)
  }
})

t.test('canonical form: no bits after the prefix', async (t) => {
  t.equal(isCanonical(cidr('10.0.0.0/16')), true)
  t.equal(isCanonical(cidr('10.0.0.1/16')), false)
  t.equal(isCanonical(cidr('10.0.0.1/32')), true)
  t.equal(isCanonical(cidr('0.0.0.0/0')), true)
  t.equal(isCanonical(cidr('2001:db8::/32')), true)
  t.equal(isCanonical(cidr('2001:db8::1/64')), false)
  t.equal(formatCidr(network(cidr('10.0.0.1/16'))), '10.0.0.0/16')
  t.equal(formatCidr(network(cidr('172.20.33.7/19'))), '172.20.32.0/19')
  t.equal(formatCidr(network(cidr('2001:db8:0:1::5/48'))), '2001:db8::/48')
})

t.test('addresses print as Go prints them', async (t) => {
  t.equal(formatIP(6, 0n), '::')
  t.equal(formatIP(6, 1n), '::1')
  t.equal(formatIP(6, parseIPv6('2001:db8:0:0:1:0:0:1') as bigint), '2001:db8::1:0:0:1', 'the first of equal zero runs is shortened')
  t.equal(formatIP(6, parseIPv6('2001:db8:0:1:1:1:1:1') as bigint), '2001:db8:0:1:1:1:1:1', 'a single zero group stays')
  t.equal(formatIP(6, parseIPv6('fd00:0:0:0:0:0:0:0') as bigint), 'fd00::')
  t.equal(formatIP(6, parseIPv6('::ffff:10.1.2.3') as bigint), '10.1.2.3', 'an IPv4-mapped address prints as IPv4')
  t.equal(formatIP(4, 0xac140000n), '172.20.0.0')
})

t.test('containment and overlap', async (t) => {
  const vpc = cidr('172.20.0.0/16')
  t.equal(contains(vpc, cidr('172.20.32.0/19')), true)
  t.equal(contains(vpc, cidr('172.20.0.0/16')), true, 'a range contains itself')
  t.equal(contains(vpc, cidr('172.21.0.0/19')), false)
  t.equal(contains(vpc, cidr('172.0.0.0/8')), false, 'a wider range is not inside')
  t.equal(contains(cidr('0.0.0.0/0'), cidr('10.0.0.0/8')), true)
  t.equal(contains(cidr('::/0'), cidr('10.0.0.0/8')), false, 'families never mix')
  t.equal(contains(cidr('2001:db8::/32'), cidr('2001:db8:1::/48')), true)
  t.equal(overlaps(cidr('10.0.0.0/8'), cidr('10.0.0.0/16')), true)
  t.equal(overlaps(cidr('10.0.0.0/16'), cidr('10.0.0.0/8')), true)
  t.equal(overlaps(cidr('100.64.0.0/10'), cidr('10.0.0.0/16')), false)
  t.equal(overlaps(cidr('10.0.0.0/22'), cidr('10.0.4.0/22')), false, 'neighbours do not overlap')
})

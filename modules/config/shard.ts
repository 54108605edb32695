// `--shard I/N`: the selected clusters split between N CI runners, runner I taking its part. Pure:
// a cluster's shard is a function of its name and N alone.
//
// Why rendezvous (highest random weight) hashing rather than "sort and deal out" or hash mod N:
// every cluster lands in exactly one shard whatever the other clusters are, so runners that see
// the same N agree without talking; and adding or removing a cluster moves no other cluster to
// another shard, so a runner's remote cache, logs and locks stay with the clusters it had.
import { createHash } from 'node:crypto'
import type { Failure } from '../diag/mod.ts'

/** Shard `index` of `count`, both as written on the command line (`--shard 2/3`: index 2, 1-based). */
export interface Shard {
  index: number
  count: number
}

export type ShardParse = { ok: true; shard: Shard } | { ok: false; failure: Failure }

const EXPECTED = 'I/N with 1 <= I <= N, such as 1/3'
const WHOLE = /^[1-9]\d*$/

/** `I/N` as a shard, or a bad-option-value failure (exit 2) saying what is allowed. */
export function parseShard(text: string, option = '--shard'): ShardParse {
  const fail: ShardParse = { ok: false, failure: { reason: 'bad-option-value', option, value: text, expected: EXPECTED } }
  const parts = text.split('/')
  if (parts.length !== 2 || !parts.every((p) => WHOLE.test(p))) return fail
  const [index, count] = parts.map(Number)
  if (!Number.isSafeInteger(count) || index > count) return fail
  return { ok: true, shard: { index, count } }
}

/** The weight of `name` in shard `i`: the first 8 bytes of sha256("i:name"), big-endian. */
function weight(i: number, name: string): bigint {
  return createHash('sha256').update(`${i}:${name}`).digest().readBigUInt64BE(0)
}

/**
 * The shard (1..count) that owns `name`: the one where its weight is highest, the lower index on a
 * tie (64-bit ties do not happen in practice; the rule only makes the answer total).
 */
export function shardOf(name: string, count: number): number {
  let best = 1
  let top = weight(1, name)
  for (let i = 2; i <= count; i++) {
    const w = weight(i, name)
    if (w > top) {
      best = i
      top = w
    }
  }
  return best
}

/** The names that shard owns, in the order given. */
export function inShard(names: readonly string[], shard: Shard): string[] {
  return names.filter((name) => shardOf(name, shard.count) === shard.index)
}

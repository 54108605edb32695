// The choice the rollout's worker pool makes when a worker is free: which pending cluster starts next,
// given how many clusters of each account are in flight. Pure; the pool owns the awaiting.

/**
 * The index of the first pending item whose account has fewer than `maxPerAccount` items in flight,
 * the first item at all when there is no limit, or -1 when none can start now. The selection order
 * holds: a later item of a free account may overtake an earlier one of a full account, never otherwise.
 */
export function nextStartable<T>(
  pending: readonly T[],
  inFlight: ReadonlyMap<string, number>,
  accountOfItem: (item: T) => string,
  maxPerAccount: number | undefined,
): number {
  if (maxPerAccount === undefined) return pending.length > 0 ? 0 : -1
  return pending.findIndex((item) => (inFlight.get(accountOfItem(item)) ?? 0) < maxPerAccount)
}

/** How many items of each account are in flight; accounts with none are not in the map. */
export class AccountSlots {
  readonly #counts = new Map<string, number>()

  /** The in-flight count per account, for `nextStartable`. */
  get inFlight(): ReadonlyMap<string, number> {
    return this.#counts
  }

  /** An item of the account has started. */
  take(account: string): void {
    this.#counts.set(account, (this.#counts.get(account) ?? 0) + 1)
  }

  /** An item of the account has finished; releasing an account with none in flight changes nothing. */
  release(account: string): void {
    const n = this.#counts.get(account) ?? 0
    if (n > 1) this.#counts.set(account, n - 1)
    else this.#counts.delete(account)
  }
}

export interface TokenBucketOptions {
  /** Tokens a fresh (or long idle) key holds: the burst it may spend at once. */
  readonly capacity: number;
  /** Tokens a key regains per second of the clock it is given. */
  readonly refillPerSecond: number;
  /**
   * Keys tracked at once; past it the least recently used key is forgotten (it comes back
   * with a full bucket). Bounds memory when sources are many or spoofed; whatever a caller
   * protects with the buckets still needs its own hard cap.
   */
  readonly maxKeys: number;
}

/** One token bucket per key (a sender address), refilled lazily from `now()` (the Clock port). */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number,
  ) {}

  /** Takes `cost` tokens for `key`; false (taking none) when its bucket holds fewer. */
  take(key: string, cost = 1): boolean {
    const { capacity, refillPerSecond, maxKeys } = this.options;
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * refillPerSecond) / 1000);
    bucket.at = now;
    // Re-insert: Map order is then least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    for (const oldest of this.#buckets.keys()) {
      if (this.#buckets.size <= maxKeys) break;
      this.#buckets.delete(oldest);
    }
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  get size(): number {
    return this.#buckets.size;
  }
}

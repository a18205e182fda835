import { randomHex, type Random } from "../random.js";

export type NonceState = "fresh" | "stale" | "unknown";

/**
 * Digest nonces a device has issued: RAM state, so a reboot forgets them (DESIGN.md).
 * A nonce older than the lifetime is "stale" (the client retries with stale=TRUE, RFC 7616 §3.3).
 */
export class NonceBook {
  readonly #issued = new Map<string, number>();

  constructor(
    private readonly random: Random,
    private readonly lifetimeMs: number,
    private readonly capacity = 512,
  ) {}

  /**
   * 32 lower-case hex characters: the shape of the NVR nonce before its `:<ms>` suffix
   * (hik-protocols.md §2.2); cameras send longer hex, and clients treat it as opaque.
   */
  issue(now: number): string {
    const nonce = randomHex(this.random, 32);
    if (this.#issued.size >= this.capacity) {
      const oldest = this.#issued.keys().next().value;
      if (oldest !== undefined) this.#issued.delete(oldest);
    }
    this.#issued.set(nonce, now);
    return nonce;
  }

  check(nonce: string, now: number): NonceState {
    const at = this.#issued.get(nonce);
    if (at === undefined) return "unknown";
    return now - at > this.lifetimeMs ? "stale" : "fresh";
  }

  clear(): void {
    this.#issued.clear();
  }
}

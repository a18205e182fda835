import { createHmac } from "node:crypto";
import { randomHex, type Random } from "../random.js";

export type NonceState = "fresh" | "stale" | "unknown";

/**
 * Signs the nonces a device issues, with a key it keeps across its reboots (for as long as
 * hikemu runs): a nonce the book forgot at a reboot, or dropped when full, is still known to
 * be the device's own, so it is stale — without the digest being consulted, which would tell
 * a password guesser whether the guess was right.
 */
export class NonceSigner {
  readonly #key: Buffer;

  constructor(random: Random) {
    this.#key = random.bytes(32);
  }

  /** 16 random hex characters followed by 16 of their HMAC-SHA256. */
  sign(randomPart: string): string {
    return randomPart + createHmac("sha256", this.#key).update(randomPart).digest("hex").slice(0, 16);
  }

  isOwn(nonce: string): boolean {
    return nonce.length === 32 && this.sign(nonce.slice(0, 16)) === nonce;
  }
}

/**
 * Digest nonces a device has issued: RAM state, so a reboot forgets them (DESIGN.md).
 * A nonce older than the lifetime is "stale" (the client retries with stale=TRUE, RFC 7616 §3.3),
 * and so is one the device signed but no longer holds (issued before a reboot).
 */
export class NonceBook {
  readonly #issued = new Map<string, number>();

  constructor(
    private readonly signer: NonceSigner,
    private readonly random: Random,
    private readonly lifetimeMs: number,
    private readonly capacity = 512,
  ) {}

  /**
   * 32 lower-case hex characters: the shape of the NVR nonce before its `:<ms>` suffix
   * (hik-protocols.md §2.2); cameras send longer hex, and clients treat it as opaque.
   */
  issue(now: number): string {
    const nonce = this.signer.sign(randomHex(this.random, 16));
    if (this.#issued.size >= this.capacity) {
      const oldest = this.#issued.keys().next().value;
      if (oldest !== undefined) this.#issued.delete(oldest);
    }
    this.#issued.set(nonce, now);
    return nonce;
  }

  check(nonce: string, now: number): NonceState {
    const at = this.#issued.get(nonce);
    if (at === undefined) return this.signer.isOwn(nonce) ? "stale" : "unknown";
    return now - at > this.lifetimeMs ? "stale" : "fresh";
  }

  clear(): void {
    this.#issued.clear();
  }
}

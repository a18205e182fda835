import { createHmac } from "node:crypto";
import { randomHex, type Random } from "../random.js";

/** A Digest nonce count: 8 hex digits (RFC 7616 §3.4). */
const NC = /^[0-9a-fA-F]{8}$/;

/** `replayed`: the nonce count is not above the last one the nonce was used with (RFC 7616 §3.4). */
export type NonceState = "fresh" | "stale" | "unknown" | "replayed";

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
  /** Nonce → when it was issued and the highest nonce count (nc) used with it so far. */
  readonly #issued = new Map<string, { readonly at: number; lastNc: number }>();

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
    this.#issued.set(nonce, { at: now, lastNc: 0 });
    return nonce;
  }

  /**
   * The state of a nonce used with nonce count `nc` (8 hex digits, qop=auth). A fresh use
   * raises the nonce's count, so the same request replayed — or any lower count — is refused
   * (RFC 7616 §3.4: "the server can detect request replays by the nc value").
   */
  check(nonce: string, now: number, nc: string | undefined): NonceState {
    const entry = this.#issued.get(nonce);
    if (entry === undefined) return this.signer.isOwn(nonce) ? "stale" : "unknown";
    if (now - entry.at > this.lifetimeMs) return "stale";
    const count = nc !== undefined && NC.test(nc) ? Number.parseInt(nc, 16) : 0;
    if (count <= entry.lastNc) return "replayed";
    entry.lastNc = count;
    return "fresh";
  }

  clear(): void {
    this.#issued.clear();
  }
}

import { createHmac } from "node:crypto";
import { randomHex, type Random } from "../random.js";

/** A Digest nonce count: 8 hex digits (RFC 7616 §3.4). */
const NC = /^[0-9a-fA-F]{8}$/;
/** How far below the highest accepted count a late request may still come (our bound). */
const NC_WINDOW = 64;

function nonceCount(nc: string | undefined): number {
  return nc !== undefined && NC.test(nc) ? Number.parseInt(nc, 16) : 0;
}

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
  /** Nonce → when it was issued, the highest nonce count (nc) accepted with it and the counts accepted near it. */
  readonly #issued = new Map<string, { readonly at: number; highest: number; readonly seen: Set<number> }>();

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
    this.#issued.set(nonce, { at: now, highest: 0, seen: new Set() });
    return nonce;
  }

  /**
   * The state of a nonce used with nonce count `nc` (8 hex digits, qop=auth). A count already
   * accepted with the nonce is a replay (RFC 7616 §3.4: "the server can detect request replays
   * by the nc value"). Counts may arrive out of order — a client sharing one nonce across
   * concurrent requests — within NC_WINDOW below the highest accepted; older ones are refused.
   * Nothing is recorded here: `accept` does, once the response has been verified.
   */
  check(nonce: string, now: number, nc: string | undefined): NonceState {
    const entry = this.#issued.get(nonce);
    if (entry === undefined) return this.signer.isOwn(nonce) ? "stale" : "unknown";
    if (now - entry.at > this.lifetimeMs) return "stale";
    const count = nonceCount(nc);
    if (count <= 0 || count <= entry.highest - NC_WINDOW || entry.seen.has(count)) return "replayed";
    return "fresh";
  }

  /** Records a verified use of the nonce with this count, so the same count is refused from now on. */
  accept(nonce: string, nc: string | undefined): void {
    const entry = this.#issued.get(nonce);
    const count = nonceCount(nc);
    if (entry === undefined || count <= 0) return;
    entry.seen.add(count);
    if (count > entry.highest) {
      entry.highest = count;
      for (const old of entry.seen) if (old <= count - NC_WINDOW) entry.seen.delete(old);
    }
  }

  clear(): void {
    this.#issued.clear();
  }
}

import { randomHex, type Random } from "../random.js";

/** §2.4: the web UI iterates the session hash 100 times (SessionLoginCap `iterations`). */
export const SESSION_ITERATIONS = 100;

export interface SessionChallenge {
  /** 64 hex characters, as SessionLoginCap `sessionID` (§2.4). */
  readonly sessionId: string;
  /** 32 hex characters, SessionLoginCap `challenge`. */
  readonly challenge: string;
  readonly iterations: number;
}

interface Pending {
  readonly userName: string;
  readonly challenge: string;
  readonly issuedAt: number;
}

/**
 * Web-session login challenges the device has handed out (RAM): each is good for one login
 * attempt by the user it was issued for, within `lifetimeMs` (our choice, UNCERTAIN: no
 * source gives the real lifetime). The iteration count is the device's, never the client's.
 */
export class SessionChallenges {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly random: Random,
    private readonly lifetimeMs = 60_000,
    private readonly capacity = 256,
    readonly iterations = SESSION_ITERATIONS,
  ) {}

  issue(userName: string, now: number): SessionChallenge {
    if (this.#pending.size >= this.capacity) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    const sessionId = randomHex(this.random, 64);
    const challenge = randomHex(this.random, 32);
    this.#pending.set(sessionId, { userName, challenge, issuedAt: now });
    return { sessionId, challenge, iterations: this.iterations };
  }

  /** The challenge for this attempt, consumed whatever the outcome; undefined if none is pending. */
  take(sessionId: string, userName: string, now: number): string | undefined {
    const pending = this.#pending.get(sessionId);
    this.#pending.delete(sessionId);
    if (!pending || pending.userName !== userName || now - pending.issuedAt > this.lifetimeMs) return undefined;
    return pending.challenge;
  }
}

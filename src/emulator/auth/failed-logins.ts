import type { LoginContext } from "./login.js";

export interface FailureRecord {
  /** Failures since the last success (or the last boot). */
  readonly count: number;
  /** Device time of the last failure. */
  readonly lastAt: number;
  readonly lastPeer: string;
  readonly lastFront: LoginContext["front"];
}

/**
 * Failed login attempts per user name, in RAM (DESIGN.md: lockout counters are lost on
 * reboot). The lockout rules themselves (hik-protocols.md §2.11) build on these counts.
 */
export class FailedLogins {
  readonly #byUser = new Map<string, FailureRecord>();

  constructor(private readonly capacity = 256) {}

  record(userName: string, context: LoginContext, now: number): FailureRecord {
    const previous = this.#byUser.get(userName);
    const next = { count: (previous?.count ?? 0) + 1, lastAt: now, lastPeer: context.peer, lastFront: context.front };
    // Made-up user names must not grow RAM without bound.
    if (!previous && this.#byUser.size >= this.capacity) {
      const oldest = this.#byUser.keys().next().value;
      if (oldest !== undefined) this.#byUser.delete(oldest);
    }
    this.#byUser.delete(userName);
    this.#byUser.set(userName, next);
    return next;
  }

  succeeded(userName: string): void {
    this.#byUser.delete(userName);
  }

  of(userName: string): FailureRecord | undefined {
    return this.#byUser.get(userName);
  }
}

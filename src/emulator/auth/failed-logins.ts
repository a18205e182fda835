import type { LoginContext } from "./login.js";

export interface FailureRecord {
  /** Failures of this user from this peer since the last success (or the last boot). */
  readonly count: number;
  /** Device time of the last failure. */
  readonly lastAt: number;
  readonly lastFront: LoginContext["front"];
}

/**
 * Failed login attempts per peer address and user name, in RAM (DESIGN.md: lockout counters
 * are lost on reboot). Cameras lock an IP after 7 failed admin or 5 failed user attempts
 * (hik-protocols.md §2.11); the lockout rules build on these counts. Attempts for user names
 * the device does not have are kept apart, so made-up names cannot evict the real users' counts.
 */
export class FailedLogins {
  readonly #known = new Map<string, FailureRecord>();
  readonly #unknown = new Map<string, FailureRecord>();

  constructor(private readonly capacity = 1024) {}

  record(userName: string, known: boolean, context: LoginContext, now: number): FailureRecord {
    const book = known ? this.#known : this.#unknown;
    const key = keyOf(userName, context.peer);
    const previous = book.get(key);
    const next: FailureRecord = { count: (previous?.count ?? 0) + 1, lastAt: now, lastFront: context.front };
    book.delete(key);
    if (book.size >= this.capacity) {
      const oldest = book.keys().next().value;
      if (oldest !== undefined) book.delete(oldest);
    }
    book.set(key, next);
    return next;
  }

  succeeded(userName: string, peer: string): void {
    this.#known.delete(keyOf(userName, peer));
  }

  of(userName: string, peer: string): FailureRecord | undefined {
    const key = keyOf(userName, peer);
    return this.#known.get(key) ?? this.#unknown.get(key);
  }
}

/** Names longer than any user's (32) are kept to 64 characters: the book's size stays bounded in bytes too. */
function keyOf(userName: string, peer: string): string {
  return `${peer}\n${userName.slice(0, 64)}`;
}

/** One row of `/ISAPI/Security/onlineUser`. */
export interface OnlineUser {
  /** Large ids, as devices show them (§2.8: e.g. 65536), numbered per boot. */
  readonly id: number;
  readonly userName: string;
  readonly peer: string;
  /** `web`: a session login (§2.4); `api`: a client authenticating each request (Digest, Basic). */
  readonly kind: "web" | "api";
  readonly loginAt: number;
  readonly lastSeen: number;
}

const FIRST_ID = 65536;

/**
 * Users currently using the device, for `/ISAPI/Security/onlineUser` (RAM). HTTP-auth clients
 * have no logout: one counts as online while it made a request within `idleMs` (our choice: the
 * session idle time). Bounded to `capacity` entries, the one idle longest going first.
 */
export class OnlineUsers {
  readonly #entries = new Map<string, OnlineUser>();
  #nextId = FIRST_ID;

  constructor(
    private readonly idleMs: number,
    readonly capacity: number,
  ) {}

  /**
   * A request authenticated as `userName` from `peer`; `key` tells apart a session from an
   * HTTP-auth client. Answers whether the client is new to the list (absent, or idle past
   * `idleMs`, which `list` would have dropped): that is when it logs in (the device log's
   * loginSucceeded, accounts.ts), once, not on every request.
   */
  seen(key: string, userName: string, peer: string, kind: OnlineUser["kind"], now: number): boolean {
    const found = this.#entries.get(key);
    const previous = found !== undefined && now - found.lastSeen <= this.idleMs ? found : undefined;
    this.#entries.delete(key);
    if (!previous && this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    const entry: OnlineUser = previous ? { ...previous, lastSeen: now } : { id: this.#nextId++, userName, peer, kind, loginAt: now, lastSeen: now };
    this.#entries.set(key, entry);
    return previous === undefined;
  }

  drop(key: string): void {
    this.#entries.delete(key);
  }

  /** Who is online now: `alive` says whether a keyed entry still stands (a session not ended). */
  list(now: number, alive: (key: string, entry: OnlineUser) => boolean): OnlineUser[] {
    for (const [key, entry] of this.#entries) {
      if (now - entry.lastSeen > this.idleMs || !alive(key, entry)) this.#entries.delete(key);
    }
    return [...this.#entries.values()];
  }

  get size(): number {
    return this.#entries.size;
  }
}

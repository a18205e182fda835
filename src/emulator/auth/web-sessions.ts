import { randomHex, type Random } from "../random.js";

/** A logged-in web session (hik-protocols.md §2.4): the WebSession cookie and its sessiontag. */
export interface WebSession {
  /** The cookie value: 64 hex characters. */
  readonly id: string;
  readonly userName: string;
  /** The `sessiontag` header value the session was given, when the login asked for one. */
  readonly tag: string | undefined;
  readonly peer: string;
  readonly loginAt: number;
  /** Device time of the last request or heartbeat. */
  readonly lastSeen: number;
  /** The user's password material at login: a password change ends the session. */
  readonly mark: string;
}

/** Sessions one user may hold at once; the oldest of theirs ends for a new one. */
export const PER_USER = 8;

export type SessionCheck =
  | { readonly ok: true; readonly session: WebSession }
  /** `unknown`: no such session (never issued, logged out, expired, or the device rebooted). */
  | { readonly ok: false; readonly reason: "unknown" | "badTag" };

/**
 * The web sessions a device holds (RAM: a reboot logs everybody out). A session ends at
 * logout, after `idleMs` without a request or heartbeat, when its user's password changes or
 * the user is deleted, or when a new login needs room: a user's own oldest past PER_USER of
 * theirs, else — when `capacity` sessions are open — the one idle longest.
 */
export class WebSessions {
  readonly #byId = new Map<string, WebSession>();

  constructor(
    private readonly random: Random,
    private readonly idleMs: number,
    readonly capacity: number,
  ) {}

  open(userName: string, peer: string, withTag: boolean, mark: string, now: number): WebSession {
    this.#expire(now);
    // A user past their share makes room from their own sessions, so one account looping logins
    // cannot push everybody else out (our bound: no source gives the device's rule).
    const own = [...this.#byId.values()].filter((s) => s.userName === userName);
    if (own.length >= PER_USER && own[0] !== undefined) this.#byId.delete(own[0].id);
    else if (this.#byId.size >= this.capacity) {
      const oldest = this.#byId.keys().next().value;
      if (oldest !== undefined) this.#byId.delete(oldest);
    }
    const session: WebSession = { id: randomHex(this.random, 64), userName, tag: withTag ? randomHex(this.random, 32) : undefined, peer, loginAt: now, lastSeen: now, mark };
    this.#byId.set(session.id, session);
    return session;
  }

  /**
   * A request carrying the session cookie (and the tag header): valid sessions are kept alive.
   * `markOf` gives the user's current password material, undefined when the user is gone.
   */
  use(id: string, tag: string | undefined, now: number, markOf: (userName: string) => string | undefined): SessionCheck {
    const session = this.#byId.get(id);
    if (!session) return { ok: false, reason: "unknown" };
    if (now - session.lastSeen > this.idleMs || markOf(session.userName) !== session.mark) {
      this.#byId.delete(id);
      return { ok: false, reason: "unknown" };
    }
    if (session.tag !== undefined && tag !== session.tag) return { ok: false, reason: "badTag" };
    const refreshed = { ...session, lastSeen: now };
    // Re-inserted so the map stays ordered by last use: the first entry is the one idle longest.
    this.#byId.delete(id);
    this.#byId.set(id, refreshed);
    return { ok: true, session: refreshed };
  }

  close(id: string): boolean {
    return this.#byId.delete(id);
  }

  /** The session with this id, if it is held (not checked for expiry: for a logout's log entry). */
  get(id: string): WebSession | undefined {
    return this.#byId.get(id);
  }

  /** Ends every session of a user (password, level or name changed, or the user deleted); answers their ids. */
  closeUser(userName: string): string[] {
    const ended: string[] = [];
    for (const [id, session] of this.#byId) {
      if (session.userName !== userName) continue;
      this.#byId.delete(id);
      ended.push(id);
    }
    return ended;
  }

  /** Sessions alive now, oldest use first (those whose user changed password or is gone are ended). */
  list(now: number, markOf: (userName: string) => string | undefined): WebSession[] {
    this.#expire(now);
    for (const [id, session] of this.#byId) if (markOf(session.userName) !== session.mark) this.#byId.delete(id);
    return [...this.#byId.values()];
  }

  get size(): number {
    return this.#byId.size;
  }

  #expire(now: number): void {
    for (const [id, session] of this.#byId) {
      if (now - session.lastSeen <= this.idleMs) break;
      this.#byId.delete(id);
    }
  }
}

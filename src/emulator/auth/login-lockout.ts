/** What the lockout rules are now: the flash setting (illegalLoginLock) over the profile's counts. */
export interface LockoutPolicy {
  readonly enabled: boolean;
  /** Failed admin logins from one address before it is locked (§2.11: 7 on cameras). */
  readonly adminAttempts: number;
  /** Failed logins of any other user name, known or not (§2.11: 5 on cameras). */
  readonly userAttempts: number;
  readonly lockSeconds: number;
}

/**
 * What a locked or failed answer tells the client (§2.2, §2.4): `lockStatus`, `unlockTime`
 * (seconds left) and `retryLoginTime` (attempts left before the lock).
 */
export interface LockStatus {
  readonly locked: boolean;
  readonly unlockSeconds: number;
  readonly retriesLeft: number;
}

interface PeerRecord {
  readonly adminFailures: number;
  readonly userFailures: number;
  /** Device time the lock ends; 0 while not locked. */
  readonly lockedUntil: number;
}

const CLEAN: PeerRecord = { adminFailures: 0, userFailures: 0, lockedUntil: 0 };

/**
 * Login lockout per client address (hik-protocols.md §2.11): after too many failed logins
 * from one address, every login from it is refused — even with the right password — until
 * the lock time has passed; other addresses are not affected. RAM only: a reboot forgets it.
 *
 * Bounded: at most `capacity` addresses are remembered. When full, the address that failed
 * longest ago and is not locked makes room; only when every entry is a live lock does the
 * oldest lock go. A brute force from many addresses therefore costs fixed memory, and the
 * addresses it locked stay locked for as long as the table can hold them.
 */
export class LoginLockout {
  readonly #peers = new Map<string, PeerRecord>();

  constructor(readonly capacity = 1024) {}

  /** Addresses currently remembered (for tests and the control plane). */
  get size(): number {
    return this.#peers.size;
  }

  /** The state of `peer` now, for a login as `admin` or another user. */
  status(peer: string, admin: boolean, policy: LockoutPolicy, now: number): LockStatus {
    return describe(this.#current(peer, now), admin, policy, now);
  }

  /** Records a failed login and answers the state after it (locked once the count is reached). */
  failed(peer: string, admin: boolean, policy: LockoutPolicy, now: number): LockStatus {
    const before = this.#current(peer, now);
    if (!policy.enabled || before.lockedUntil > now) return describe(before, admin, policy, now);
    const adminFailures = before.adminFailures + (admin ? 1 : 0);
    const userFailures = before.userFailures + (admin ? 0 : 1);
    const reached = adminFailures >= policy.adminAttempts || userFailures >= policy.userAttempts;
    const next: PeerRecord = { adminFailures, userFailures, lockedUntil: reached ? now + policy.lockSeconds * 1000 : 0 };
    this.#peers.delete(peer);
    this.#makeRoom(now);
    this.#peers.set(peer, next);
    return describe(next, admin, policy, now);
  }

  /**
   * A successful admin login clears the address's counts; another user's success clears
   * nothing. Were a user's login to clear counts, anyone with any account could guess other
   * passwords without end (admin's or a colleague's), a few guesses per login of their own;
   * the admin may reset every password anyway. Our choice: no manual says either way.
   */
  succeeded(peer: string, admin: boolean): void {
    if (admin) this.#peers.delete(peer);
  }

  #current(peer: string, now: number): PeerRecord {
    const record = this.#peers.get(peer);
    if (!record) return CLEAN;
    if (record.lockedUntil !== 0 && record.lockedUntil <= now) {
      // The lock has run out: the address starts again from zero.
      this.#peers.delete(peer);
      return CLEAN;
    }
    return record;
  }

  #makeRoom(now: number): void {
    if (this.#peers.size < this.capacity) return;
    let victim: string | undefined;
    for (const [peer, record] of this.#peers) {
      if (record.lockedUntil <= now) {
        victim = peer;
        break;
      }
    }
    victim ??= this.#peers.keys().next().value;
    if (victim !== undefined) this.#peers.delete(victim);
  }
}

function describe(record: PeerRecord, admin: boolean, policy: LockoutPolicy, now: number): LockStatus {
  const locked = record.lockedUntil > now;
  const unlockSeconds = locked ? Math.ceil((record.lockedUntil - now) / 1000) : 0;
  const retriesLeft = locked || !policy.enabled ? 0 : admin ? policy.adminAttempts - record.adminFailures : policy.userAttempts - record.userFailures;
  return { locked, unlockSeconds, retriesLeft: Math.max(0, retriesLeft) };
}

import type { Clock, Timer } from "./clock.js";
import type { LoginOutcome } from "./auth/login.js";

export interface SadpLockPolicy {
  /** Wrong SADP passwords in a row that lock the device's SADP operations. */
  readonly attempts: number;
  /** How long the lock lasts on the device clock. */
  readonly seconds: number;
}

export interface SadpLockDeps {
  readonly clock: Clock;
  readonly policy: () => SadpLockPolicy;
  /** The lock flipped (on, or off when it expired): ProbeMatch `DeviceLock` changes. */
  readonly onChange: () => void;
}

/** What a SADP password check came to (device.sadpLogin). */
export type SadpLoginOutcome =
  | { readonly ok: true }
  /** No admin password exists yet: the device is not activated. */
  | { readonly ok: false; readonly reason: "notActivated" }
  /** Wrong password; `attemptsLeft` before the lock (0: this one locked it). */
  | { readonly ok: false; readonly reason: "badCredentials"; readonly attemptsLeft: number }
  /** Locked: not even checked. `unlockSeconds` until it lifts on the device clock. */
  | { readonly ok: false; readonly reason: "locked"; readonly unlockSeconds: number };

/**
 * The SADP-side lock (ProbeMatch `DeviceLock`, hik-protocols.md §1.3: "true when SADP
 * operations are locked after too many wrong passwords", UNCERTAIN semantics). Ours: the
 * device counts wrong SADP passwords whoever sends them (the lock is the device's, as the
 * ProbeMatch flag is); after `attempts` in a row it refuses SADP password commands for
 * `seconds`, like the camera web lockout of §2.11 (7 tries, 30 minutes). A right password
 * resets the count. RAM only: a reboot lifts the lock and forgets the count.
 */
export class SadpLock {
  #failures = 0;
  #lockedUntil: number | undefined;
  #timer: Timer | undefined;

  constructor(private readonly deps: SadpLockDeps) {}

  get locked(): boolean {
    return this.#lockedUntil !== undefined && this.deps.clock.now() < this.#lockedUntil;
  }

  /** Checks a password through `login` unless locked; counts the outcome. */
  check(login: () => LoginOutcome): SadpLoginOutcome {
    const until = this.#lockedUntil;
    if (until !== undefined && this.locked) return { ok: false, reason: "locked", unlockSeconds: Math.ceil((until - this.deps.clock.now()) / 1000) };
    const outcome = login();
    if (outcome.ok) {
      this.#failures = 0;
      return { ok: true };
    }
    if (outcome.reason === "notActivated") return { ok: false, reason: "notActivated" };
    // Anything else is a wrong password (nonce failures cannot come from a SADP proof).
    return { ok: false, reason: "badCredentials", attemptsLeft: this.recordFailure() };
  }

  /** Seconds until the lock lifts, or undefined when not locked. */
  unlockSeconds(): number | undefined {
    const until = this.#lockedUntil;
    return until !== undefined && this.locked ? Math.ceil((until - this.deps.clock.now()) / 1000) : undefined;
  }

  /**
   * Counts one wrong proof sent over SADP — a password, or a recovery proof (recovery/attempt-gate.ts:
   * wrong answers and GUIDs count like wrong passwords). Answers the attempts left (0: this one locked).
   */
  recordFailure(): number {
    this.#failures++;
    const attemptsLeft = Math.max(0, this.deps.policy().attempts - this.#failures);
    if (attemptsLeft === 0) this.#lock();
    return attemptsLeft;
  }

  /** A boot clears RAM: no lock, no count. */
  boot(): void {
    const wasLocked = this.#lockedUntil !== undefined;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#lockedUntil = undefined;
    this.#failures = 0;
    if (wasLocked) this.deps.onChange();
  }

  #lock(): void {
    const ms = this.deps.policy().seconds * 1000;
    this.#lockedUntil = this.deps.clock.now() + ms;
    this.#failures = 0;
    this.#timer?.cancel();
    // The flag must drop in cached ProbeMatches when the time is up, so the expiry is an event.
    this.#timer = this.deps.clock.timer("sadp-lock-expiry", ms, () => {
      this.#timer = undefined;
      this.#lockedUntil = undefined;
      this.deps.onChange();
    });
    this.deps.onChange();
  }
}

import type { Accounts } from "../accounts.js";
import type { Actor } from "../events.js";
import type { SadpLock } from "../sadp-lock.js";
import { ADMIN_USER } from "../state.js";
import { DeviceError, type ErrorCode } from "../errors.js";

export interface AttemptGateDeps {
  readonly sadpLock: SadpLock;
  readonly accounts: Accounts;
}

/**
 * The refusals that mean "wrong proof" (a guess): they count. Anything else — a method not
 * offered, nothing set up, a weak new password, bad XML — is not a guess and does not.
 */
export const WRONG_PROOF_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["badResetCode", "wrongSecurityAnswer"]);

/**
 * Wrong recovery proofs count like wrong passwords (issue #11; hik-protocols.md §2.11; the NVR
 * manuals: "If you have imported the wrong GUID file for 7 times, you will be not allowed to
 * reset the password for 30 minutes"). By the front the attempt came through (`actor.via`):
 * - `sadp`: toward the device's SADP lock (sadp-lock.ts, ProbeMatch DeviceLock); a locked
 *   device refuses with `deviceLocked` before looking at the proof.
 * - `isapi` / `web`: toward the client address's admin lockout (accounts.ts, §2.11); a locked
 *   address is refused with `deviceLocked` first.
 * - `local` (issue #12, the recorder's local GUI): toward the lockout of its one seat (peer
 *   "local"), as its login is (accounts.ts).
 * - anything else (the control plane): not counted.
 * PasswordReset (password-reset.ts) applies it to every method: `refuseIfLocked` first, and
 * `recordFailure` for a refusal in WRONG_PROOF_CODES.
 */
export class AttemptGate {
  constructor(private readonly deps: AttemptGateDeps) {}

  /** Throws `deviceLocked` when the actor's channel is locked now. */
  refuseIfLocked(actor: Actor): void {
    if (actor.via === "sadp") {
      const seconds = this.deps.sadpLock.unlockSeconds();
      if (seconds !== undefined) throw new DeviceError("deviceLocked", `SADP recovery is locked for ${seconds} s after too many wrong proofs`);
      return;
    }
    const peer = httpPeer(actor);
    if (peer === undefined) return;
    const lock = this.deps.accounts.lockStatus(peer, ADMIN_USER);
    if (lock.locked) throw new DeviceError("deviceLocked", `this address is locked for ${lock.unlockSeconds} s after too many wrong attempts`);
  }

  /** Counts one wrong proof on the actor's channel. */
  recordFailure(actor: Actor): void {
    if (actor.via === "sadp") {
      this.deps.sadpLock.recordFailure();
      return;
    }
    const peer = httpPeer(actor);
    if (peer !== undefined) this.deps.accounts.recoveryFailed(peer, actor.via);
  }
}

/**
 * The address an HTTP attempt counts against. A request whose socket has already lost its peer
 * address (closed under it) counts against one shared "unknown" entry rather than not at all.
 */
function httpPeer(actor: Actor): string | undefined {
  if (actor.via !== "isapi" && actor.via !== "web" && actor.via !== "local") return undefined;
  return actor.peer || UNKNOWN_PEER;
}

const UNKNOWN_PEER = "unknown";

import type { EventEmitter } from "node:events";
import type { Profile } from "../../profiles/index.js";
import type { Actor, DeviceEventMap, RecoveryMethod } from "../events.js";
import type { Identity } from "../identity.js";
import { ADMIN_ACCOUNT, ADMIN_USER, adminUser, userWithPassword, type FlashAccess, type FlashState } from "../state.js";
import { DeviceError } from "../errors.js";
import { WRONG_PROOF_CODES, type AttemptGate } from "./attempt-gate.js";

export interface PasswordResetDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly profile: () => Profile;
  readonly identity: Identity;
  /** Ends the admin's web sessions: whoever held the old password is out. */
  readonly endSessions: (userName: string) => void;
  /** Wrong proofs count towards the lock of the channel they came through (attempt-gate.ts). */
  readonly gate: AttemptGate;
}

/** What a successful recovery sets the admin password to. */
export type NewAdminPassword =
  /** The user's new password, held to the password rules (§2.10). */
  | { readonly kind: "chosen"; readonly password: string }
  /** The firmware's factory password (the legacy security code: 12345, §1.8.1, §7), no rules applied. */
  | { readonly kind: "factory" };

export interface PasswordResetRequest {
  readonly method: RecoveryMethod;
  readonly password: NewAdminPassword;
  readonly actor: Actor;
  /** §1.8.3 `SyncIPCPassword`; only firmware that reports it (profile sadp.syncIPCPassword) honours it. */
  readonly syncIPCPassword?: boolean;
  /**
   * Checks the proof (code, file, answers, GUID) inside the device's one-at-a-time section, just
   * before the write, and throws the refusal; answers other flash changes to write with the new
   * password (the GUID a reset rotates). Nothing is written when it throws. It runs after the
   * new password passed the rules, and must not use anything up: that is `onWritten`'s job.
   */
  readonly verify: (flash: FlashState) => Partial<Pick<FlashState, "recovery">> | void;
  /** After the new password is durable: uses up the RAM token the proof was (a failed write leaves it usable). */
  readonly onWritten?: () => void;
}

/**
 * The end of every recovery method (issue #11): the admin password becomes the new one, and
 * nothing else in flash changes but what the method itself consumes (the GUID rotates). The
 * device stays activated: recovery is not a reset to factory. Refused on a device that is not
 * active (nothing to recover) and for a method the firmware does not offer. Every method's
 * attempt goes through the attempt gate here: a locked channel is refused before anything is
 * looked at, and a wrong proof (WRONG_PROOF_CODES) counts. Every refusal is a `recoveryFailed`.
 */
export class PasswordReset {
  constructor(private readonly deps: PasswordResetDeps) {}

  offers(method: RecoveryMethod): boolean {
    return this.deps.profile().recovery.includes(method);
  }

  /** Throws `notSupport` unless the firmware offers `method`. */
  requireOffered(method: RecoveryMethod): void {
    if (!this.offers(method)) throw new DeviceError("notSupport", `this firmware does not offer ${method} recovery`);
  }

  reset(request: PasswordResetRequest): Promise<void> {
    const { deps } = this;
    return deps.exclusive(async () => {
      try {
        deps.gate.refuseIfLocked(request.actor);
        this.requireOffered(request.method);
        const flash = deps.flash();
        if (!flash.activated) throw new DeviceError("notActivated", "activate the device instead");
        // The password rules before the proof: a weak password is no guess and uses nothing up.
        const admin = this.#admin(request.password);
        const consumed = request.verify(flash) ?? {};
        const users = flash.users.map((u) => (u.userName === ADMIN_USER ? admin : u));
        await deps.writeFlash({ ...flash, ...consumed, users });
      } catch (error) {
        if (error instanceof DeviceError) {
          if (WRONG_PROOF_CODES.has(error.code)) deps.gate.recordFailure(request.actor);
          deps.events.emit("recoveryFailed", { name: deps.name, method: request.method, actor: request.actor, reason: error.code });
        }
        throw error;
      }
      request.onWritten?.();
      deps.endSessions(ADMIN_USER);
      const syncIPCPassword = request.syncIPCPassword === true && deps.profile().sadp.syncIPCPassword;
      deps.events.emit("passwordReset", { name: deps.name, method: request.method, actor: request.actor, syncIPCPassword });
    });
  }

  #admin(password: NewAdminPassword) {
    const { profile, identity } = this.deps;
    if (password.kind === "factory") {
      const { activation } = profile();
      // Firmware with activation has no factory password (§2.3); a legacy code reset there is refused.
      if (activation.mode !== "none") throw new DeviceError("notSupport", "this firmware has no factory password");
      return adminUser(activation.factoryPassword, identity);
    }
    return userWithPassword(ADMIN_ACCOUNT, password.password, profile(), identity);
  }
}

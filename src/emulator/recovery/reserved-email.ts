import type { EventEmitter } from "node:events";
import type { Profile } from "../../profiles/index.js";
import type { Actor, DeviceEventMap } from "../events.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import { isEmailAddress } from "../../support/qr-key.js";

export interface ReservedEmailDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly profile: () => Profile;
  /** Checks a user's own password as a login would (wrong ones count towards the lockout). */
  readonly confirmPassword: (userName: string, password: string, peer: string) => boolean;
  /** A change of address voids a pending e-mail-mode QR challenge (qr-recovery.ts). */
  readonly onAddressChanged: () => void;
}

/** Who changes the reserved e-mail: the signed-in administrator, with their own password where the firmware wants it. */
export interface EmailRequester {
  readonly userName: string;
  readonly peer: string;
  /** The requester's own password (`SecurityEmail/password`), checked where profile `security.requireLoginPassword`. */
  readonly loginPassword?: string | undefined;
}

/**
 * The reserved e-mail of recovery method 6 (issue #11; hik-protocols.md §2.8; the ISAPI
 * developer guide's "Reset Password by Setting Recovery Email"): set or cleared by the
 * administrator while logged in, kept in flash (`recovery.email`; Restore keeps it, Default
 * removes it, as the whole `recovery` block). A change voids a pending e-mail-mode QR challenge:
 * its code was for the old address.
 */
export class ReservedEmail {
  constructor(private readonly deps: ReservedEmailDeps) {}

  /** The address set, or undefined. */
  get address(): string | undefined {
    return this.deps.flash().recovery?.email;
  }

  /**
   * Sets (`address`) or clears (undefined or "") the reserved e-mail. Refusals: `notSupport`
   * (firmware without the method), `badParameters` naming `emailAddress`, the loginPassword
   * refusals of user changes (`badParameters`, `loginPasswordWrong`).
   */
  set(address: string | undefined, requester: EmailRequester, actor: Actor): Promise<void> {
    const { deps } = this;
    return deps.exclusive(async () => {
      if (!deps.profile().recovery.includes("reservedEmail")) throw new DeviceError("notSupport", "this firmware offers no reserved e-mail");
      const next = address?.trim() || undefined;
      if (next !== undefined && !isEmailAddress(next)) throw new DeviceError("badParameters", `emailAddress "${next}" is not an e-mail address (name@domain, at most 64 characters)`);
      this.#confirm(requester);
      const flash = deps.flash();
      const current = flash.recovery?.email;
      if (current === next) return;
      const { email: _old, ...rest } = flash.recovery ?? {};
      await deps.writeFlash({ ...flash, recovery: next === undefined ? rest : { ...rest, email: next } });
      deps.onAddressChanged();
      deps.events.emit("settingsChanged", { name: deps.name, setting: "securityEmail", actor });
    });
  }

  #confirm(requester: EmailRequester): void {
    if (!this.deps.profile().security.requireLoginPassword) return;
    if (!requester.loginPassword) throw new DeviceError("badParameters", "password (your own password) is required");
    if (!this.deps.confirmPassword(requester.userName, requester.loginPassword, requester.peer)) throw new DeviceError("loginPasswordWrong", "password is not your password");
  }
}

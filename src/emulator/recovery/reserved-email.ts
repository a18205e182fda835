import type { EventEmitter } from "node:events";
import type { Profile } from "../../profiles/index.js";
import type { Actor, DeviceEventMap } from "../events.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import type { OwnPasswordProof } from "../auth/confirm-password.js";
import { isEmailAddress } from "../../util/email-address.js";

export interface ReservedEmailDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly profile: () => Profile;
  /** The "confirm your own password" rule (auth/confirm-password.ts, Accounts.confirmOwnPassword). */
  readonly confirmOwnPassword: (requester: OwnPasswordProof, field: string) => void;
  /** A change of address voids a pending e-mail-mode QR challenge (qr-recovery.ts). */
  readonly onAddressChanged: () => void;
}

/**
 * Who changes the reserved e-mail: the signed-in administrator, with their own password
 * (`SecurityEmail/password`) where the firmware wants it (profile `security.requireLoginPassword`).
 */
export type EmailRequester = OwnPasswordProof;

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
      deps.confirmOwnPassword(requester, "password");
      const flash = deps.flash();
      const current = flash.recovery?.email;
      if (current === next) return;
      const { email: _old, ...rest } = flash.recovery ?? {};
      await deps.writeFlash({ ...flash, recovery: next === undefined ? rest : { ...rest, email: next } });
      deps.onAddressChanged();
      deps.events.emit("settingsChanged", { name: deps.name, setting: "securityEmail", actor });
    });
  }
}

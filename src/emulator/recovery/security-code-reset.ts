import type { Profile } from "../../profiles/index.js";
import type { Actor } from "../events.js";
import type { Identity } from "../identity.js";
import type { FlashState } from "../state.js";
import type { PasswordReset } from "./password-reset.js";
import { DeviceError } from "../errors.js";
import { parseTimeZone, wallClock } from "../time/time-zone.js";
import { securityCode, securityCodeDate } from "../../support/security-code.js";

export interface SecurityCodeResetDeps {
  readonly identity: Identity;
  readonly profile: () => Profile;
  /** Epoch ms of the device's own clock (device.ts `deviceTime`). */
  readonly deviceTime: () => number;
  readonly passwordReset: PasswordReset;
}

/**
 * The legacy security code (hik-protocols.md §1.8.1, §7; firmware before V5.3.0, profile
 * `recovery` "securityCode"): SADP `reset` with the code of the device's serial and its current
 * date — on its own clock, in its own zone — sets the admin password back to the factory one
 * (12345). Yesterday's code no longer works: the date is part of the seed.
 */
export class SecurityCodeReset {
  constructor(private readonly deps: SecurityCodeResetDeps) {}

  /** Resets the admin password to the factory password; `badResetCode` when `code` is not today's. */
  reset(code: string, actor: Actor): Promise<void> {
    const given = code.trim();
    return this.deps.passwordReset.reset({
      method: "securityCode",
      password: { kind: "factory" },
      actor,
      verify: (flash) => {
        if (!this.#codes(flash).includes(given)) throw new DeviceError("badResetCode", "the security code is not today's code for this device");
      },
    });
  }

  /** The `YYYYMMDD` the device computes its code from now: its clock's date in its zone. */
  currentDate(flash: FlashState): string {
    const offsetMinutes = parseTimeZone(flash.time.timeZone)?.offsetMinutes ?? 0;
    return securityCodeDate(wallClock(this.deps.deviceTime(), offsetMinutes));
  }

  /**
   * The codes accepted now. §7 CONFLICT: one source seeds with the full DeviceSN, the other with
   * the serial without the model prefix ("2016…"); the device accepts either.
   */
  #codes(flash: FlashState): string[] {
    const { serial } = this.deps.identity;
    const { model } = this.deps.profile();
    const date = this.currentDate(flash);
    const serials = [serial];
    if (serial.startsWith(model) && serial.length > model.length) serials.push(serial.slice(model.length));
    return serials.map((s) => securityCode(s, date));
  }
}
